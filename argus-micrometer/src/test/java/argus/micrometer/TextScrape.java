package argus.micrometer;

import argus.api.metrics.MetricsSnapshot;
import argus.exporter.prometheus.PrometheusFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Argus' {@code /metrics} text for a snapshot, and the sample lines of any Prometheus text scrape, for
 * tests that compare two scrapes series by series (the bridge's here, and Spring Boot's in
 * argus-spring-boot-it, through this module's test-jar).
 */
public final class TextScrape {
    private TextScrape() {
    }

    /** What {@code /metrics} serves for {@code snapshot}: Prometheus text 0.0.4, as the exporter writes it. */
    public static String of(MetricsSnapshot snapshot) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusFormat format = new PrometheusFormat();
            format.write(out, snapshot, format.negotiate(null));
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sample lines of the Prometheus text format: series (name and labels as written) to value. */
    public static Map<String, String> samples(String text) {
        Map<String, String> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return out;
    }

    /** False for series whose value moves by itself between two scrapes (time, latencies, callbacks read live). */
    public static boolean isStable(String series) {
        return !series.startsWith("discord_uptime_seconds") && !series.startsWith("argus_instrumentation_errors")
                && !series.contains("_latency");
    }
}
