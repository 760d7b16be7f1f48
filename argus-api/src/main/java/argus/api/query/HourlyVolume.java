package argus.api.query;

import java.time.Instant;

/** Interactions of one guild in one UTC hour; {@code hour} is the hour's start (minutes and seconds zero). */
public record HourlyVolume(Instant hour, long interactions) {
}
