package argus.core.registry;

import argus.api.metrics.HistogramPoint;
import argus.api.metrics.MetricType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Fixed-bucket histograms: cumulative buckets with {@code le} semantics, +Inf, sum and count. */
class HistogramTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private final MetricRegistry registry = new MetricRegistry(200);
    private final Histogram latency = registry.histogram("discord_ack_latency_seconds", "Ack latency", "seconds",
            new double[] {0.1, 0.5, 1}, "type");

    private HistogramPoint point(String type) {
        return (HistogramPoint) registry.snapshot().family("discord_ack_latency_seconds").point(type);
    }

    @Test
    void snapshotAddsTheInfBucket() {
        latency.labels("button").observe(0.2);

        assertThat(point("button").upperBounds()).containsExactly(0.1, 0.5, 1, INF);
    }

    @Test
    void valueEqualToABound_isCountedInThatBucket() {
        latency.labels("button").observe(0.5);

        assertThat(point("button").cumulativeCounts()).containsExactly(0, 1, 1, 1);
    }

    @Test
    void valueJustAboveABound_isCountedInTheNextBucket() {
        latency.labels("button").observe(Math.nextUp(0.5));

        assertThat(point("button").cumulativeCounts()).containsExactly(0, 0, 1, 1);
    }

    @Test
    void valueAboveTheLastBound_isCountedOnlyInInf() {
        latency.labels("button").observe(3.0);

        assertThat(point("button").cumulativeCounts()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void zeroAndNegativeValues_fallInTheFirstBucket() {
        latency.labels("button").observe(0);
        latency.labels("button").observe(-1);

        assertThat(point("button").cumulativeCounts()).containsExactly(2, 2, 2, 2);
    }

    @Test
    void countsAreCumulative_andTheLastEqualsCount() {
        for (double v : new double[] {0.05, 0.1, 0.3, 0.7, 0.9, 5, 10}) {
            latency.labels("slash_command").observe(v);
        }

        HistogramPoint p = point("slash_command");
        assertThat(p.cumulativeCounts()).containsExactly(2, 3, 5, 7);
        assertThat(p.count()).isEqualTo(7);
    }

    @Test
    void sumIsTheSumOfObservations() {
        for (double v : new double[] {0.05, 0.1, 0.3, 5}) {
            latency.labels("slash_command").observe(v);
        }

        assertThat(point("slash_command").sum()).isCloseTo(5.45, within(1e-9));
    }

    @Test
    void nanIsIgnored_neitherCountedNorSummed() {
        latency.labels("modal").observe(0.2);
        latency.labels("modal").observe(Double.NaN);

        HistogramPoint p = point("modal");
        assertThat(p.count()).isEqualTo(1);
        assertThat(p.sum()).isEqualTo(0.2);
        assertThat(p.cumulativeCounts()).containsExactly(0, 1, 1, 1);
        assertThat(latency.labels("modal").count()).isEqualTo(1);
    }

    @Test
    void familyCarriesTypeAndUnit() {
        latency.labels("button").observe(0.2);

        assertThat(registry.snapshot().family("discord_ack_latency_seconds"))
                .satisfies(f -> {
                    assertThat(f.type()).isEqualTo(MetricType.HISTOGRAM);
                    assertThat(f.unit()).isEqualTo("seconds");
                });
    }

    @Test
    void seriesAreIndependentPerLabelValue() {
        latency.labels("button").observe(0.2);
        latency.labels("modal").observe(2);

        assertThat(point("button").cumulativeCounts()).containsExactly(0, 1, 1, 1);
        assertThat(point("modal").cumulativeCounts()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void quantileOfARecordedHistogram_interpolatesWithinTheBucket() {
        for (int i = 0; i < 10; i++) {
            latency.labels("button").observe(0.3); // all ten in (0.1, 0.5]
        }

        assertThat(point("button").quantile(0.5)).isCloseTo(0.3, within(1e-12));
    }
}
