package argus.exporter.prometheus;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricsSnapshot;
import argus.api.spi.MetricsFormat;
import argus.core.registry.MetricRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Prometheus text 0.0.4 unless the scraper asks for OpenMetrics. */
class ContentNegotiationTest {
    private final PrometheusFormat format = new PrometheusFormat();

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"text/plain", "text/plain; version=0.0.4", "*/*", "application/json", "text/html,*/*;q=0.8"})
    void anythingButOpenMetrics_getsPrometheusText004(String accept) {
        assertThat(format.negotiate(accept)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/openmetrics-text; version=1.0.0",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"})
    void openMetricsAccept_getsOpenMetrics100(String accept) {
        assertThat(format.negotiate(accept)).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    }

    @Test
    void writingWithTheNegotiatedOpenMetricsType_producesOpenMetrics() throws IOException {
        String type = format.negotiate("application/openmetrics-text; version=1.0.0");

        assertThat(Fixture.render(Fixture.snapshot(), type)).endsWith("# EOF\n").contains("# TYPE discord_bot info");
    }

    @Test
    void writingWithAnUnknownType_fallsBackToText004() throws IOException {
        assertThat(Fixture.render(Fixture.snapshot(), "application/json"))
                .isEqualTo(Fixture.render(Fixture.snapshot(), Fixture.TEXT));
    }

    @Test
    void isFoundAsAMetricsFormatService() {
        assertThat(ServiceLoader.load(MetricsFormat.class).stream().map(ServiceLoader.Provider::type))
                .contains(PrometheusFormat.class);
    }

    @Test
    void emptyRegistry_rendersInBothFormats() throws IOException {
        MetricsSnapshot empty = new MetricRegistry(200, Labels.of("cluster", "eu-1")).snapshot();

        assertThat(Fixture.render(empty, Fixture.OPENMETRICS)).isEqualTo("# EOF\n");
        assertThat(Fixture.render(empty, Fixture.TEXT)).isEmpty();
    }

    @Test
    void gaugeEmittingTwoIdLikeValues_stillRenders() {
        // Both values collapse into "other" (invariant 2); the scrape must not fail on the collision.
        MetricRegistry r = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
        r.gauge("discord_members", "Members", "", List.of("shard"), out -> {
            out.emit(5, "81384788765712384");
            out.emit(7, "91384788765712384");
        });

        assertThatCode(() -> Fixture.render(r.snapshot(), Fixture.TEXT)).doesNotThrowAnyException();
    }
}
