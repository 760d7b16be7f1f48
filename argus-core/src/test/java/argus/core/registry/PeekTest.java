package argus.core.registry;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricsSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code peek} lets hot paths cache children without weakening invariant 2: it finds only admitted
 * series, never creates one, never counts an overflow; values beyond the cap keep going through
 * {@code labels(..)}, which counts every overflowing observation.
 */
class PeekTest {
    @Test
    void peekFindsOnlyAdmittedSeries_andNeverCreatesOrCounts() {
        MetricRegistry r = new MetricRegistry(1);
        Counter c = r.counter("requests", "Requests", "route", "status");

        assertThat(c.peek("a", "2xx")).isNull();
        Counter.Child a = c.labels("a", "2xx");
        assertThat(c.peek("a", "2xx")).isSameAs(a);
        assertThat(c.peek("a", null)).isNull();
        assertThat(c.peek(null, "2xx")).isNull();

        Counter.Child other = c.labels("b", "2xx"); // cap 1: "b" collapses into other
        assertThat(c.peek("b", "2xx")).as("an overflowing value is never cacheable").isNull();
        assertThat(c.peek("other", "2xx")).isSameAs(other);
        assertThat(r.value("argus_label_overflow", "requests")).isEqualTo(1);
        c.labels("b", "2xx");
        assertThat(r.value("argus_label_overflow", "requests")).as("counted per observation").isEqualTo(2);
        assertThat(c.peek("c", "2xx")).isNull();
        assertThat(r.value("argus_label_overflow", "requests")).as("peek counts nothing").isEqualTo(2);
    }

    @Test
    void histogramPeekBehavesTheSame() {
        MetricRegistry r = new MetricRegistry(5);
        Histogram h = r.histogram("latency_seconds", "Latency", "seconds", new double[] {1}, "route");
        assertThat(h.peek("x")).isNull();
        Histogram.Child x = h.labels("x");
        assertThat(h.peek("x")).isSameAs(x);
    }

    @Test
    void snapshotsReuseEachSeriesLabels_withTheConstantLabelsFirst() {
        MetricRegistry r = new MetricRegistry(10, Labels.of("cluster", "eu-1"));
        Counter c = r.counter("commands", "Commands", "command");
        c.labels("b").inc();
        c.labels("a").inc();
        MetricsSnapshot first = r.snapshot();
        c.labels("b").inc();
        MetricsSnapshot second = r.snapshot();

        Labels l1 = first.family("commands").points().get(0).labels();
        Labels l2 = second.family("commands").points().get(0).labels();
        assertThat(l1).isEqualTo(Labels.of("cluster", "eu-1", "command", "a"));
        assertThat(l2).isSameAs(l1);
        assertThat(MetricRegistry.valueOf(second, "commands", "eu-1", "b")).isEqualTo(2);
        assertThat(MetricRegistry.valueOf(first, "commands", "eu-1", "b")).isEqualTo(1);
    }
}
