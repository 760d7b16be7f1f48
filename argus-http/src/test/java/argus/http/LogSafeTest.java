package argus.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Request-supplied text is logged on one line and bounded in length (README, "Dashboard and HTTP APIs"). */
class LogSafeTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\r\nb", "a\u0000b", "a\tb", "a\u001bb", "a\u007fb", "a\u0085b"})
    void controlCharacters_includingCrAndLf_becomeQuestionMarks(String raw) {
        String clean = LogSafe.clean(raw);

        assertThat(clean).startsWith("a").endsWith("b").doesNotContain("\r").doesNotContain("\n")
                .matches("a\\?+b");
    }

    @Test
    void forgedLogLine_staysOnTheSameLine() {
        String clean = LogSafe.clean("1.2.3.4\r\n2025-01-01 INFO admin logged in");

        assertThat(clean.lines()).hasSize(1);
        assertThat(clean).isEqualTo("1.2.3.4??2025-01-01 INFO admin logged in");
    }

    @Test
    void ordinaryText_isUnchanged() {
        assertThat(LogSafe.clean("127.0.0.1 /metrics ピン")).isEqualTo("127.0.0.1 /metrics ピン");
    }

    @Test
    void longText_isCutAt120CharactersWithAnEllipsis() {
        String clean = LogSafe.clean("x".repeat(10_000));

        assertThat(clean).isEqualTo("x".repeat(120) + "…");
    }

    @Test
    void textOfExactly120Characters_isNotCut() {
        assertThat(LogSafe.clean("y".repeat(120))).isEqualTo("y".repeat(120));
    }

    @Test
    void lineBreaksBeyondTheCut_doNotMatter_andBeforeItAreReplaced() {
        String clean = LogSafe.clean("\n".repeat(200));

        assertThat(clean).isEqualTo("?".repeat(120) + "…");
    }

    @Test
    void null_isLoggedAsTheWordNull() {
        assertThat(LogSafe.clean(null)).isEqualTo("null");
    }
}
