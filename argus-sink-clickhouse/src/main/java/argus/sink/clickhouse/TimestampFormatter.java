package argus.sink.clickhouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code ts} column: ISO-8601 UTC, always with milliseconds, so that string order is time order
 * (a formatter that drops ".000" would sort "…:00Z" after "…:00.123Z"). Caches the formatted
 * second, since a batch holds many events of the same second: formatting is then a few char writes.
 * Not thread-safe: one per worker.
 */
final class TimestampFormatter {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedPrefix = "";
    private final char[] buffer = new char[24];

    String iso(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        int millis = Math.floorMod(epochMillis, 1000);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedPrefix = SECONDS.format(Instant.ofEpochSecond(second));
            cachedPrefix.getChars(0, 19, buffer, 0);
            buffer[19] = '.';
            buffer[23] = 'Z';
        }
        buffer[20] = (char) ('0' + millis / 100);
        buffer[21] = (char) ('0' + millis / 10 % 10);
        buffer[22] = (char) ('0' + millis % 10);
        return new String(buffer);
    }
}
