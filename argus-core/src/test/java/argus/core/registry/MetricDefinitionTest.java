package argus.core.registry;

import argus.api.metrics.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builders validate at definition, so a bad metric fails at start rather than at scrape. */
class MetricDefinitionTest {
    private final MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));

    @Test
    void clusterLabel_cannotBeRedefinedByACounter() {
        assertThatThrownBy(() -> registry.counter("discord_x", "X", "cluster"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cluster'");
    }

    @Test
    void clusterLabel_cannotBeRedefinedByAHistogram() {
        assertThatThrownBy(() -> registry.histogram("discord_x_seconds", "X", "seconds", new double[] {1}, "cluster"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cluster'");
    }

    @Test
    void clusterLabel_cannotBeRedefinedByAGauge() {
        assertThatThrownBy(() -> registry.gauge("discord_x", "X", "", List.of("cluster"), out -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cluster'");
    }

    @Test
    void clusterLabel_cannotBeRedefinedByAnInfoMetric() {
        assertThatThrownBy(() -> registry.info("discord_bot", "Bot", Labels.of("cluster", "us-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cluster'");
    }

    @Test
    void clusterLabel_isRefusedEvenWithoutConstantLabels() {
        assertThatThrownBy(() -> new MetricRegistry(200).counter("discord_x", "X", "cluster"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1metric", "with-dash", "with space", "dotted.name", "colon:name", "ümlaut", "a{b}"})
    void malformedMetricName_isRefused(String name) {
        assertThatThrownBy(() -> registry.counter(name, "X")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void nullMetricName_isRefused() {
        assertThatThrownBy(() -> registry.counter(null, "X")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void totalSuffix_isRefused_becauseTheFormatAddsIt() {
        assertThatThrownBy(() -> registry.counter("discord_commands_total", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suffix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord_bot_info", "discord_x_bucket", "discord_x_count", "discord_x_sum", "discord_x_created"})
    void otherFormatSuffixes_areRefused(String name) {
        assertThatThrownBy(() -> registry.gauge(name, "X", "", List.of(), out -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suffix");
    }

    @Test
    void sameNameTwice_isRefused() {
        registry.counter("discord_x", "X");

        assertThatThrownBy(() -> registry.gauge("discord_x", "X", "", List.of(), out -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already defined");
    }

    @Test
    void selfMetricNames_areTaken() {
        assertThatThrownBy(() -> registry.counter("argus_instrumentation_errors", "X"))
                .hasMessageContaining("already defined");
        assertThatThrownBy(() -> registry.counter("argus_label_overflow", "X")).hasMessageContaining("already defined");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankHelp_isRefused(String help) {
        assertThatThrownBy(() -> registry.counter("discord_x", help)).hasMessageContaining("help");
    }

    @Test
    void histogramBuckets_mustBeFiniteAscendingAndNonEmpty() {
        assertThatThrownBy(() -> registry.histogram("h1", "H", "", new double[] {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.histogram("h2", "H", "", new double[] {2, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.histogram("h3", "H", "", new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.histogram("h4", "H", "", new double[] {1, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.histogram("h5", "H", "", new double[] {Double.NaN})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongNumberOfLabelValues_isRefused() {
        Counter c = registry.counter("discord_x", "X", "type", "status");

        assertThatThrownBy(() -> c.labels("only_one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 labels");
        assertThatThrownBy(c::unlabelled).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void counters_onlyGoUp() {
        Counter c = registry.counter("discord_x", "X");

        assertThatThrownBy(() -> c.unlabelled().inc(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.unlabelled().value()).isZero();
    }

    @Test
    void labelCap_mustBePositive() {
        assertThatThrownBy(() -> new MetricRegistry(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constantLabelValue_mustBeABoundedValue() {
        assertThatThrownBy(() -> new MetricRegistry(200, Labels.of("cluster", "123456789012345678")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new MetricRegistry(200, Labels.of("cluster", "eu-1"))).doesNotThrowAnyException();
    }

    @Test
    void removedFamily_canBeDefinedAgain() {
        registry.counter("discord_x", "X");
        registry.remove("discord_x");

        assertThat(registry.snapshot().family("discord_x")).isNull();
        assertThatCode(() -> registry.counter("discord_x", "X")).doesNotThrowAnyException();
    }
}
