package argus.sink.clickhouse;

import argus.api.sink.AnalyticsEvent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes events in ClickHouse's RowBinary format for the columns of {@link ClickHouseSchema#COLUMN_LIST}:
 * strings as LEB128 length + UTF-8 bytes (LowCardinality(String) is a plain String in RowBinary),
 * Float64 and UInt32 little-endian. Used by the sink's worker thread only; reuses its buffer.
 */
final class RowBinaryEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private final TimestampFormatter timestamps = new TimestampFormatter();

    byte[] encode(List<AnalyticsEvent> batch) {
        out.reset();
        for (AnalyticsEvent e : batch) {
            string(timestamps.iso(e.epochMillis()));
            string(e.event().wireName());
            string(e.guildIdText());
            string(e.type());
            string(e.command());
            float64(e.durationMs());
            string(e.clusterId());
            string(e.outcome());
            string(e.errorType());
            uint32(e.shardId());
        }
        return out.toByteArray();
    }

    private void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        long n = bytes.length;
        do {
            int b = (int) (n & 0x7F);
            n >>>= 7;
            out.write(n != 0 ? b | 0x80 : b);
        } while (n != 0);
        out.write(bytes, 0, bytes.length);
    }

    private void float64(double d) {
        long bits = Double.doubleToLongBits(d);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
    }

    private void uint32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }
}
