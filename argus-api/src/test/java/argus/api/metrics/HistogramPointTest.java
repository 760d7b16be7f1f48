package argus.api.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link HistogramPoint#quantile} interpolates like Prometheus' {@code histogram_quantile}. */
class HistogramPointTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static HistogramPoint point(double[] bounds, long... cumulative) {
        return new HistogramPoint(Labels.EMPTY, bounds, cumulative, 0, cumulative[cumulative.length - 1]);
    }

    @Test
    void median_isInterpolatedLinearlyInsideItsBucket() {
        // 1 observation <= 1, 2 in (1,2], 1 in (2,4]: rank 2 is halfway through the (1,2] bucket.
        HistogramPoint h = point(new double[] {1, 2, 4, INF}, 1, 3, 4, 4);

        assertThat(h.quantile(0.5)).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void highQuantile_isInterpolatedInTheUpperBucket() {
        HistogramPoint h = point(new double[] {1, 2, 4, INF}, 1, 3, 4, 4);

        // rank 3.6: 0.6 of the way through the single observation in (2,4].
        assertThat(h.quantile(0.9)).isCloseTo(3.2, within(1e-12));
        assertThat(h.quantile(1.0)).isCloseTo(4.0, within(1e-12));
    }

    @Test
    void firstBucket_interpolatesFromZero() {
        HistogramPoint h = point(new double[] {0.5, 1, INF}, 4, 4, 4);

        assertThat(h.quantile(0.25)).isCloseTo(0.125, within(1e-12));
    }

    @Test
    void quantileInTheInfBucket_isTheHighestFiniteBound() {
        HistogramPoint h = point(new double[] {1, 2, INF}, 1, 1, 3);

        assertThat(h.quantile(0.9)).isEqualTo(2.0);
    }

    @Test
    void emptyHistogram_hasNoQuantile() {
        assertThat(point(new double[] {1, INF}, 0, 0).quantile(0.5)).isNaN();
    }

    @Test
    void quantileOutsideZeroToOne_isNaN() {
        HistogramPoint h = point(new double[] {1, INF}, 1, 1);

        assertThat(h.quantile(-0.1)).isNaN();
        assertThat(h.quantile(1.1)).isNaN();
    }

    @Test
    void bucketsMustEndWithInf() {
        assertThatThrownBy(() -> point(new double[] {1, 2}, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundsAndCountsMustHaveTheSameLength() {
        assertThatThrownBy(() -> new HistogramPoint(Labels.EMPTY, new double[] {1, INF}, new long[] {1}, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pointIsImmutable_arraysAreCopiedInAndOut() {
        double[] bounds = {1, INF};
        long[] counts = {1, 2};
        HistogramPoint h = new HistogramPoint(Labels.EMPTY, bounds, counts, 3, 2);

        bounds[0] = 99;
        counts[0] = 99;
        h.upperBounds()[0] = 42;
        h.cumulativeCounts()[0] = 42;

        assertThat(h.upperBounds()).containsExactly(1, INF);
        assertThat(h.cumulativeCounts()).containsExactly(1, 2);
    }

    @Test
    void pointsWithEqualContent_areEqual() {
        assertThat(point(new double[] {1, INF}, 1, 2)).isEqualTo(point(new double[] {1, INF}, 1, 2))
                .isNotEqualTo(point(new double[] {1, INF}, 2, 2));
    }
}
