package argus.api.query;

import java.time.LocalDate;

/** Interactions of one guild on one UTC day. */
public record DailyVolume(LocalDate day, long interactions) {
}
