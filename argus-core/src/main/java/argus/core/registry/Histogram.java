package argus.core.registry;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket histogram family. Observing is a short linear scan over the bounds plus two
 * adder updates: no allocation, no lock.
 */
public final class Histogram extends Family {
    private final double[] bounds;
    private final LabelIndex<Child> index;

    Histogram(String name, String help, String unit, double[] bounds, List<String> labels, int cap, Runnable onOverflow) {
        super(name, help, unit, MetricType.HISTOGRAM, labels);
        if (bounds.length == 0) {
            throw new IllegalArgumentException("Histogram '" + name + "' needs at least one bucket");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("Histogram '" + name + "' buckets must be finite and ascending: "
                        + Arrays.toString(bounds));
            }
        }
        this.bounds = bounds.clone();
        this.index = new LabelIndex<>(name, labels.size(), cap, () -> new Child(this.bounds), onOverflow);
    }

    public Child labels(String a) {
        return index.get(a);
    }

    public Child labels(String a, String b) {
        return index.get(a, b);
    }

    public Child labels(String a, String b, String c) {
        return index.get(a, b, c);
    }

    public Child labels(String... values) {
        return index.getAll(values);
    }

    public Child unlabelled() {
        return index.get();
    }

    @Override
    MetricFamily collect() {
        double[] upper = Arrays.copyOf(bounds, bounds.length + 1);
        upper[bounds.length] = Double.POSITIVE_INFINITY;
        List<DataPoint> points = new ArrayList<>();
        for (LabelIndex.Entry<Child> e : index.entries()) {
            Child c = e.child();
            long[] cumulative = new long[upper.length];
            long running = 0;
            for (int i = 0; i < upper.length; i++) {
                running += c.buckets[i].sum();
                cumulative[i] = running;
            }
            points.add(new HistogramPoint(new Labels(labelNames, e.values()), upper, cumulative, c.sum.sum(), running));
        }
        return new MetricFamily(name, type, help, unit, Snapshots.sorted(points));
    }

    /** One labelled series. */
    public static final class Child {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final DoubleAdder sum = new DoubleAdder();

        Child(double[] bounds) {
            this.bounds = bounds;
            this.buckets = new LongAdder[bounds.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** Records one observation; NaN is ignored (it would poison the sum). */
        public void observe(double value) {
            if (Double.isNaN(value)) {
                return;
            }
            int i = 0;
            while (i < bounds.length && value > bounds[i]) {
                i++;
            }
            buckets[i].increment();
            sum.add(value);
        }

        /** Observations so far. */
        public long count() {
            long n = 0;
            for (LongAdder b : buckets) {
                n += b.sum();
            }
            return n;
        }
    }
}
