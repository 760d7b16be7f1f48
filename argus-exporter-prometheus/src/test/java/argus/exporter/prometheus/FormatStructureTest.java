package argus.exporter.prometheus;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Type-specific naming and framing of the two formats, read from the golden files. */
class FormatStructureTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private static String read(String file) throws IOException {
        return Files.readString(GOLDEN.resolve(file), StandardCharsets.UTF_8);
    }

    /** "# TYPE name type" lines, in order. */
    private static Map<String, String> types(String out) {
        Map<String, String> types = new LinkedHashMap<>();
        out.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" "))
                .forEach(p -> types.put(p[2], p[3]));
        return types;
    }

    private static List<String> sampleNames(String out) {
        return out.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]")[0]).toList();
    }

    @Test
    void openMetrics_endsWithEof() throws IOException {
        assertThat(read("openmetrics-1.0.0.txt")).endsWith("\n# EOF\n");
    }

    @Test
    void prometheusText_hasNoEofMarker_andEndsWithANewline() throws IOException {
        String text = read("prometheus-0.0.4.txt");

        assertThat(text).doesNotContain("# EOF").endsWith("\n");
    }

    @Test
    void counterSamples_endInTotal_inBothFormats() throws IOException {
        for (String out : List.of(read("prometheus-0.0.4.txt"), read("openmetrics-1.0.0.txt"))) {
            assertThat(sampleNames(out)).filteredOn(n -> n.startsWith("discord_app_commands"))
                    .hasSize(6).containsOnly("discord_app_commands_total");
        }
    }

    @Test
    void counterFamily_isTypedCounter_withTotalInTheTextFormatsFamilyName() throws IOException {
        assertThat(types(read("prometheus-0.0.4.txt"))).containsEntry("discord_app_commands_total", "counter");
        assertThat(types(read("openmetrics-1.0.0.txt"))).containsEntry("discord_app_commands", "counter");
    }

    @Test
    void infoSamples_endInInfo_withValueOne() throws IOException {
        for (String out : List.of(read("prometheus-0.0.4.txt"), read("openmetrics-1.0.0.txt"))) {
            assertThat(out).contains(
                    "discord_bot_info{argus_version=\"0.1.0\",cluster=\"eu-1\",jda_version=\"6.5.0\"} 1\n");
        }
    }

    @Test
    void infoFamily_isTypedInfoInOpenMetrics_andGaugeInText004() throws IOException {
        assertThat(types(read("openmetrics-1.0.0.txt"))).containsEntry("discord_bot", "info");
        assertThat(types(read("prometheus-0.0.4.txt"))).containsEntry("discord_bot_info", "gauge");
    }

    @Test
    void histogram_hasCumulativeBucketsEndingInInf_plusCountAndSum() throws IOException {
        for (String out : List.of(read("prometheus-0.0.4.txt"), read("openmetrics-1.0.0.txt"))) {
            assertThat(out).contains(String.join("\n",
                    "discord_app_command_duration_seconds_bucket{cluster=\"eu-1\",command=\"ping\",le=\"0.1\"} 1",
                    "discord_app_command_duration_seconds_bucket{cluster=\"eu-1\",command=\"ping\",le=\"0.5\"} 2",
                    "discord_app_command_duration_seconds_bucket{cluster=\"eu-1\",command=\"ping\",le=\"1.0\"} 2",
                    "discord_app_command_duration_seconds_bucket{cluster=\"eu-1\",command=\"ping\",le=\"+Inf\"} 3",
                    "discord_app_command_duration_seconds_count{cluster=\"eu-1\",command=\"ping\"} 3",
                    "discord_app_command_duration_seconds_sum{cluster=\"eu-1\",command=\"ping\"} 2.3125"));
        }
    }

    @Test
    void openMetrics_declaresTheHistogramUnit() throws IOException {
        assertThat(read("openmetrics-1.0.0.txt")).contains("# UNIT discord_app_command_duration_seconds seconds\n");
    }

    @Test
    void everySample_carriesTheClusterLabel() throws IOException {
        for (String out : List.of(read("prometheus-0.0.4.txt"), read("openmetrics-1.0.0.txt"))) {
            assertThat(out.lines().filter(l -> !l.startsWith("#"))).allMatch(l -> l.contains("cluster=\"eu-1\""));
        }
    }

    @Test
    void gaugeValue_isWrittenAsIs() throws IOException {
        for (String out : List.of(read("prometheus-0.0.4.txt"), read("openmetrics-1.0.0.txt"))) {
            assertThat(out).contains("discord_guilds{cluster=\"eu-1\"} 42.0\n");
        }
    }
}
