package argus.sink.clickhouse;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampFormatterTest {

    @Test
    void alwaysWritesMillisecondsInUtc() {
        TimestampFormatter f = new TimestampFormatter();
        assertThat(f.iso(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(f.iso(1_700_000_000_007L)).isEqualTo("2023-11-14T22:13:20.007Z");
        assertThat(f.iso(1_700_000_000_999L)).isEqualTo("2023-11-14T22:13:20.999Z");
        assertThat(f.iso(1_700_000_001_000L)).isEqualTo("2023-11-14T22:13:21.000Z");
    }

    @Test
    void agreesWithInstantAndSortsInTimeOrder() {
        TimestampFormatter f = new TimestampFormatter();
        Random r = new Random(7);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            times.add(1_600_000_000_000L + (long) (r.nextDouble() * 400_000_000_000L));
        }
        List<String> formatted = new ArrayList<>();
        for (long t : times) {
            String s = f.iso(t);
            assertThat(Instant.parse(s).toEpochMilli()).isEqualTo(t);
            formatted.add(s);
        }
        times.sort(null);
        formatted.sort(null);
        for (int i = 0; i < times.size(); i++) {
            assertThat(Instant.parse(formatted.get(i)).toEpochMilli()).isEqualTo(times.get(i));
        }
    }
}
