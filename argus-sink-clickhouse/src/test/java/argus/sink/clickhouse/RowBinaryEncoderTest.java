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

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length);   // all test strings but the long command are < 128 bytes
        out.writeBytes(b);
    }
}
