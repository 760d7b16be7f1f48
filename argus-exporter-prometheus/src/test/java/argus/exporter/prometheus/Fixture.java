package argus.exporter.prometheus;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricsSnapshot;
import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The registry every exporter test renders: one metric of each kind, plus hostile label values. */
final class Fixture {
    static final String QUOTE = "say \"hi\"";
    static final String BACKSLASH = "C:\\bots\\run";
    static final String NEWLINE = "line1\nline2";
    static final String UNICODE = "ピン🏓";
    static final String BRACES_EQUALS = "{weird}=x,y";

    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private Fixture() {
    }

    static MetricRegistry registry() {
        MetricRegistry r = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
        Counter commands = r.counter("discord_app_commands", "Application commands by command and outcome",
                "command", "outcome");
        commands.labels("ping", "success").inc(3);
        commands.labels(QUOTE, "success").inc();
        commands.labels(BACKSLASH, "error").inc(2);
        commands.labels(NEWLINE, "success").inc();
        commands.labels(UNICODE, "success").inc();
        commands.labels(BRACES_EQUALS, "success").inc();

        // Observations are exact binary fractions so that the sums print the same everywhere.
        Histogram duration = r.histogram("discord_app_command_duration_seconds",
                "Receipt to completion of application commands", "seconds", new double[] {0.1, 0.5, 1}, "command");
        duration.labels("ping").observe(0.0625);
        duration.labels("ping").observe(0.25);
        duration.labels("ping").observe(2.0);
        duration.labels(QUOTE).observe(0.5);

        r.gauge("discord_guilds", "Guilds in JDA's cache", "", List.of(), out -> out.emit(42));
        r.gauge("discord_help_escaping", "Help with a backslash \\ a \"quote\" and a\nnewline", "", List.of(),
                out -> out.emit(1.5));
        r.info("discord_bot", "Versions of JDA and Argus", Labels.of("jda_version", "6.5.0", "argus_version", "0.1.0"));
        return r;
    }

    /** The fixture's snapshot with a fixed timestamp: nothing rendered may depend on the clock. */
    static MetricsSnapshot snapshot() {
        return new MetricsSnapshot(0L, registry().snapshot().families());
    }

    static String render(MetricsSnapshot snapshot, String contentType) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusFormat().write(out, snapshot, contentType);
        return out.toString(StandardCharsets.UTF_8);
    }
}
