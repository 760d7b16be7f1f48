package argus.exporter.prometheus;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden files obey the formats' escaping rules, checked line by line against the specs rather
 * than trusted because the writer produced them:
 * <ul>
 *   <li>Prometheus text 0.0.4: label values escape {@code \} as {@code \\}, {@code "} as {@code \"} and a
 *       line feed as {@code \n}; HELP escapes only {@code \} and line feed.</li>
 *   <li>OpenMetrics 1.0: label values as above; HELP escapes {@code \}, line feed and {@code "}.</li>
 *   <li>Both: UTF-8, other characters ({@code {}=,}, non-ASCII) verbatim inside the quotes.</li>
 * </ul>
 */
class EscapingTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private static String text() throws IOException {
        return Files.readString(GOLDEN.resolve("prometheus-0.0.4.txt"), StandardCharsets.UTF_8);
    }

    private static String openMetrics() throws IOException {
        return Files.readString(GOLDEN.resolve("openmetrics-1.0.0.txt"), StandardCharsets.UTF_8);
    }

    private static List<String> bothFormats() throws IOException {
        return List.of(text(), openMetrics());
    }

    @Test
    void doubleQuoteInALabelValue_isEscapedAsBackslashQuote() throws IOException {
        for (String out : bothFormats()) {
            assertThat(out).contains(
                    "discord_app_commands_total{cluster=\"eu-1\",command=\"say \\\"hi\\\"\",outcome=\"success\"} 1.0\n");
        }
    }

    @Test
    void backslashInALabelValue_isDoubled() throws IOException {
        for (String out : bothFormats()) {
            assertThat(out).contains(
                    "discord_app_commands_total{cluster=\"eu-1\",command=\"C:\\\\bots\\\\run\",outcome=\"error\"} 2.0\n");
        }
    }

    @Test
    void lineFeedInALabelValue_isEscapedAsBackslashN_andNeverBreaksTheLine() throws IOException {
        for (String out : bothFormats()) {
            assertThat(out).contains(
                    "discord_app_commands_total{cluster=\"eu-1\",command=\"line1\\nline2\",outcome=\"success\"} 1.0\n");
            assertThat(out.lines()).noneMatch(l -> l.startsWith("line2"));
        }
    }

    @Test
    void unicodeInALabelValue_isWrittenAsUtf8Verbatim() throws IOException {
        for (String out : bothFormats()) {
            assertThat(out).contains("command=\"ピン🏓\"");
        }
    }

    @Test
    void bracesEqualsAndCommaInALabelValue_needNoEscaping() throws IOException {
        for (String out : bothFormats()) {
            assertThat(out).contains("command=\"{weird}=x,y\"");
        }
    }

    @Test
    void textFormatHelp_escapesBackslashAndLineFeed_butNotQuotes() throws IOException {
        assertThat(text()).contains(
                "# HELP discord_help_escaping Help with a backslash \\\\ a \"quote\" and a\\nnewline\n");
    }

    @Test
    void openMetricsHelp_escapesBackslashLineFeedAndQuotes() throws IOException {
        assertThat(openMetrics()).contains(
                "# HELP discord_help_escaping Help with a backslash \\\\ a \\\"quote\\\" and a\\nnewline\n");
    }

    @Test
    void everyLine_isACommentOrAWellFormedSample() throws IOException {
        // name{label="value",...} number — values may contain only escaped quotes, backslashes and newlines.
        String sample = "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*\\})? "
                + "(-?[0-9.eE+-]+|\\+Inf|-Inf|NaN)";
        for (String out : bothFormats()) {
            assertThat(out.lines()).allSatisfy(l -> assertThat(l.startsWith("# ") || l.matches(sample))
                    .as("line: %s", l).isTrue());
        }
    }
}
