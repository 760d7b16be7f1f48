package argus.sink.clickhouse;

import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowBinaryEncoderTest {

    @Test
    void encodesEveryColumnInOrder() {
        String longCommand = "c".repeat(200);               // a length above 127 needs two LEB128 bytes
        AnalyticsEvent e = new AnalyticsEvent(1_700_000_000_123L, EventKind.APP_COMMAND, 81384788765712384L,
                "slash_command", longCommand, 12.5, "error", "IllegalStateException", 3, "eu-1");
        byte[] actual = new RowBinaryEncoder().encode(List.of(e));

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        str(expected, "2023-11-14T22:13:20.123Z");
        str(expected, "app_command");
        str(expected, "81384788765712384");
        str(expected, "slash_command");
        expected.write(0xC8);                               // 200 = 0b1_1001000 → 0xC8 0x01
        expected.write(0x01);
        expected.writeBytes(longCommand.getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(12.5).array());
        str(expected, "eu-1");
        str(expected, "error");
        str(expected, "IllegalStateException");
        expected.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(3).array());
        assertThat(actual).isEqualTo(expected.toByteArray());
    }

    @Test
    void aDmHasAnEmptyGuildIdAndMultiByteTextIsCountedInBytes() {
        AnalyticsEvent dm = new AnalyticsEvent(0, EventKind.INTERACTION, 0, "button", "ダイス", 0, "", "", 0, "d");
        byte[] bytes = new RowBinaryEncoder().encode(List.of(dm));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        str(expected, "1970-01-01T00:00:00.000Z");
        str(expected, "interaction");
        str(expected, "");
        str(expected, "button");
        str(expected, "ダイス");
        expected.writeBytes(new byte[8]);
        str(expected, "d");
        str(expected, "");
        str(expected, "");
        expected.writeBytes(new byte[4]);
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void aBatchLargerThanTheBufferAndMixedTextMatchAReferenceEncoding() {
        RowBinaryEncoder encoder = new RowBinaryEncoder();
        String[] texts = {"", "ping", "ダイス", "x".repeat(127), "y".repeat(128), "é".repeat(70), "a\ud83c", "\ud83d\ude00 ok",
            "z".repeat(20_000)};
        java.util.List<AnalyticsEvent> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String t = texts[i % texts.length];
            batch.add(new AnalyticsEvent(1_700_000_000_000L + i, i % 2 == 0 ? EventKind.INTERACTION : EventKind.APP_COMMAND,
                    i, t, t, i * 0.25, t, t, i % 7, t));
        }
        byte[] first = encoder.encode(batch);
        byte[] again = encoder.encode(List.of(batch.get(0)));

        assertThat(first).isEqualTo(reference(batch));
        assertThat(again).isEqualTo(reference(List.of(batch.get(0))));
        assertThat(first).as("the returned array is the caller's; a later encode does not touch it")
                .isEqualTo(reference(batch));
    }

    /** A straightforward encoding of the same rows (LEB128 lengths of the JDK's UTF-8 bytes). */
    private static byte[] reference(List<AnalyticsEvent> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TimestampFormatter ts = new TimestampFormatter();
        for (AnalyticsEvent e : batch) {
            for (String s : new String[] {ts.iso(e.epochMillis()), e.event().wireName(), e.guildIdText(), e.type(), e.command()}) {
                leb(out, s);
            }
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(e.durationMs()).array());
            for (String s : new String[] {e.clusterId(), e.outcome(), e.errorType()}) {
                leb(out, s);
            }
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(e.shardId()).array());
        }
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long n = b.length;
        do {
            int x = (int) (n & 0x7F);
            n >>>= 7;
            out.write(n != 0 ? x | 0x80 : x);
        } while (n != 0);
        out.writeBytes(b);
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length);   // all test strings but the long command are < 128 bytes
        out.writeBytes(b);
    }
}
