package argus.api.metrics;

import java.util.Arrays;

/**
 * A fixed-bucket histogram at one instant.
 *
 * @param upperBounds      bucket upper bounds, ascending, the last one {@code +Inf}
 * @param cumulativeCounts observations {@code <=} each bound; the last equals {@code count}
 */
public record HistogramPoint(Labels labels, double[] upperBounds, long[] cumulativeCounts, double sum, long count)
        implements DataPoint {
    public HistogramPoint {
        if (upperBounds.length != cumulativeCounts.length || upperBounds.length == 0
                || upperBounds[upperBounds.length - 1] != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("buckets must match counts and end with +Inf");
        }
        upperBounds = upperBounds.clone();
        cumulativeCounts = cumulativeCounts.clone();
    }

    @Override
    public double[] upperBounds() {
        return upperBounds.clone();
    }

    @Override
    public long[] cumulativeCounts() {
        return cumulativeCounts.clone();
    }

    /**
     * Estimates a quantile by linear interpolation inside the bucket that holds it, as Prometheus'
     * {@code histogram_quantile} does; NaN when empty.
     */
    public double quantile(double q) {
        if (count == 0 || q < 0 || q > 1) {
            return Double.NaN;
        }
        double rank = q * count;
        long below = 0;
        for (int i = 0; i < upperBounds.length; i++) {
            long c = cumulativeCounts[i];
            if (c >= rank) {
                if (i == upperBounds.length - 1) {
                    return i == 0 ? 0 : upperBounds[i - 1];
                }
                double lower = i == 0 ? 0 : upperBounds[i - 1];
                long inBucket = c - below;
                return inBucket == 0 ? upperBounds[i] : lower + (upperBounds[i] - lower) * (rank - below) / inBucket;
            }
            below = c;
        }
        return upperBounds[upperBounds.length - 2];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramPoint h && labels.equals(h.labels) && Arrays.equals(upperBounds, h.upperBounds)
                && Arrays.equals(cumulativeCounts, h.cumulativeCounts) && Double.compare(sum, h.sum) == 0
                && count == h.count;
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Arrays.hashCode(cumulativeCounts);
    }

    @Override
    public String toString() {
        return "HistogramPoint" + labels + " count=" + count + " sum=" + sum + " buckets=" + Arrays.toString(cumulativeCounts);
    }
}
