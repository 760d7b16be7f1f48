package argus.http.server;

import argus.api.metrics.MetricsSnapshot;
import argus.api.spi.MetricsFormat;
import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end: a real registry, the real exporter, the real Jetty server, scraped over HTTP. */
class MetricsEndpointTest extends ServerTestBase {
    private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final RegistryContext context = new RegistryContext();

    private void recordSomeTraffic() {
        Counter commands = context.registry.counter("discord_app_commands", "Commands", "command", "outcome");
        commands.labels("ping", "success").inc(3);
        commands.labels("ping", "error").inc();
        commands.labels("ban", "success").inc(2);
        Histogram duration = context.registry.histogram("discord_app_command_duration_seconds", "Duration", "seconds",
                new double[] {0.1, 1}, "command");
        duration.labels("ping").observe(0.0625); // exact binary fractions: the sum is exact
        duration.labels("ping").observe(0.5);
        duration.labels("ping").observe(3);
        context.registry.gauge("discord_guilds", "Guilds", "", List.of(), out -> out.emit(17));
    }

    @Test
    void scrape_returnsTheExactCounterValues() throws Exception {
        recordSomeTraffic();
        int port = startOnFreePort(context);

        Exposition e = Exposition.parse(Http.get(port, "/metrics").body());

        assertThat(e.value("discord_app_commands_total", "cluster", "eu-1", "command", "ping", "outcome", "success"))
                .isEqualTo(3);
        assertThat(e.value("discord_app_commands_total", "cluster", "eu-1", "command", "ping", "outcome", "error"))
                .isEqualTo(1);
        assertThat(e.value("discord_app_commands_total", "cluster", "eu-1", "command", "ban", "outcome", "success"))
                .isEqualTo(2);
        assertThat(e.types()).containsEntry("discord_app_commands_total", "counter");
    }

    @Test
    void scrape_returnsTheExactHistogramBucketsCountAndSum() throws Exception {
        recordSomeTraffic();
        int port = startOnFreePort(context);

        Exposition e = Exposition.parse(Http.get(port, "/metrics").body());

        String h = "discord_app_command_duration_seconds";
        assertThat(e.value(h + "_bucket", "cluster", "eu-1", "command", "ping", "le", "0.1")).isEqualTo(1);
        assertThat(e.value(h + "_bucket", "cluster", "eu-1", "command", "ping", "le", "1.0")).isEqualTo(2);
        assertThat(e.value(h + "_bucket", "cluster", "eu-1", "command", "ping", "le", "+Inf")).isEqualTo(3);
        assertThat(e.value(h + "_count", "cluster", "eu-1", "command", "ping")).isEqualTo(3);
        assertThat(e.value(h + "_sum", "cluster", "eu-1", "command", "ping")).isEqualTo(3.5625);
    }

    @Test
    void scrape_readsGaugesLiveAndSeesLaterIncrements() throws Exception {
        recordSomeTraffic();
        int port = startOnFreePort(context);
        Http.get(port, "/metrics");

        context.registry.counter("discord_app_commands_later", "Later").unlabelled().inc(5);
        Exposition e = Exposition.parse(Http.get(port, "/metrics").body());

        assertThat(e.value("discord_guilds", "cluster", "eu-1")).isEqualTo(17);
        assertThat(e.value("discord_app_commands_later_total", "cluster", "eu-1")).isEqualTo(5);
    }

    @Test
    void hostileLabelValues_surviveTheRoundTripThroughTheExposition() throws Exception {
        String hostile = "say \"hi\" \\ then\nnewline {x}=y ピン";
        context.registry.counter("discord_app_commands", "Commands", "command").labels(hostile).inc(4);
        int port = startOnFreePort(context);

        Exposition e = Exposition.parse(Http.get(port, "/metrics").body());

        assertThat(e.value("discord_app_commands_total", "cluster", "eu-1", "command", hostile)).isEqualTo(4);
    }

    @Test
    void noAcceptHeader_getsPrometheusText004() throws Exception {
        recordSomeTraffic();
        int port = startOnFreePort(context);

        // Raw, because HttpURLConnection sends an Accept header of its own when none is set.
        Http.RawResponse r = Http.raw(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo(TEXT_004);
    }

    @Test
    void clientDefaultAccept_getsPrometheusText004() throws Exception {
        recordSomeTraffic();
        int port = startOnFreePort(context);

        Http.Response r = Http.get(port, "/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValue(TEXT_004);
        assertThat(r.body()).doesNotContain("# EOF");
    }

    @Test
    void textPlainAccept_getsPrometheusText004() throws Exception {
        int port = startOnFreePort(context);

        Http.Response r = Http.get(port, "/metrics", "Accept", "text/plain");

        assertThat(r.header("Content-Type")).hasValue(TEXT_004);
    }

    @Test
    void openMetricsAccept_getsOpenMetrics_withTheSameValues() throws Exception {
        recordSomeTraffic();
        int port = startOnFreePort(context);

        Http.Response r = Http.get(port, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");

        assertThat(r.header("Content-Type")).hasValue(OPENMETRICS);
        assertThat(r.body()).endsWith("# EOF\n");
        Exposition e = Exposition.parse(r.body());
        assertThat(e.types()).containsEntry("discord_app_commands", "counter");
        assertThat(e.value("discord_app_commands_total", "cluster", "eu-1", "command", "ping", "outcome", "success"))
                .isEqualTo(3);
    }

    @Test
    void scrape_isNeverCached() throws Exception {
        int port = startOnFreePort(context);

        assertThat(Http.get(port, "/metrics").header("Cache-Control")).hasValue("no-store");
    }

    @Test
    void configuredMetricsPath_isWhereMetricsAreServed() throws Exception {
        int port = startOnFreePort(Map.of("metrics_path", "/internal/prom"));

        assertThat(Http.get(port, "/internal/prom").statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void failingExporter_answers500WithoutInternals_andCountsTheError() throws Exception {
        RegistryContext broken = new RegistryContext() {
            @Override
            public Optional<MetricsFormat> format() {
                return Optional.of(new MetricsFormat() {
                    @Override
                    public String negotiate(String accept) {
                        return "text/plain";
                    }

                    @Override
                    public void write(OutputStream out, MetricsSnapshot s, String type) throws IOException {
                        throw new IOException("secret internal detail");
                    }
                });
            }
        };
        int port = startOnFreePort(broken);

        Http.Response r = Http.get(port, "/metrics");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret internal detail").doesNotContain("IOException");
        assertThat(broken.registry.errorCount("scrape")).isEqualTo(1);
    }

    @Test
    void withoutAnExporter_metricsPathIsNotMounted_butHealthStillAnswers() throws Exception {
        RegistryContext noExporter = new RegistryContext() {
            @Override
            public Optional<MetricsFormat> format() {
                return Optional.empty();
            }
        };
        int port = startOnFreePort(noExporter);

        assertThat(Http.get(port, "/metrics").statusCode()).isEqualTo(404);
        assertThat(Http.get(port, "/healthz").statusCode()).isEqualTo(200);
    }
}
