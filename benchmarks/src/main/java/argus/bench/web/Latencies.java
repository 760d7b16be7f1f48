package argus.bench.web;

import java.util.Arrays;

/** Percentiles of a set of measured durations (nearest rank), printed in milliseconds. */
final class Latencies {
    private final long[] nanos;

    Latencies(long[] nanos) {
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    int count() {
        return nanos.length;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    double ms(double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
    }

    double maxMs() {
        return nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6;
    }

    double meanMs() {
        double sum = 0;
        for (long n : nanos) {
            sum += n;
        }
        return nanos.length == 0 ? Double.NaN : sum / nanos.length / 1e6;
    }
}
