package argus.core.registry;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;

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
    /** The bounds as a snapshot reports them (+Inf last); never handed out (HistogramPoint copies it). */
    private final double[] upperWithInf;
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
        this.upperWithInf = Arrays.copyOf(bounds, bounds.length + 1);
        this.upperWithInf[bounds.length] = Double.POSITIVE_INFINITY;
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

    /**
     * The child for these label values if they form an admitted series already, else null (nothing
     * is created or counted). A non-null child never changes, so hot paths may cache it; on null, use
     * {@code labels(..)}, which admits the values or maps them to {@code other} and counts the overflow.
     */
    public Child peek(String a) {
        return index.peek(a);
    }

    public Child peek(String a, String b) {
        return index.peek(a, b);
    }

    public Child peek(String a, String b, String c) {
        return index.peek(a, b, c);
    }

    public Child labels(String... values) {
        return index.getAll(values);
    }

    public Child unlabelled() {
        return index.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    MetricFamily collect(Labels constant) {
        double[] upper = upperWithInf;
        Object[] entries = index.sortedEntries();
        DataPoint[] points = new DataPoint[entries.length];
        long[] cumulative = new long[upper.length]; // HistogramPoint copies it
        for (int p = 0; p < entries.length; p++) {
            LabelIndex.Entry<Child> e = (LabelIndex.Entry<Child>) entries[p];
            Child c = e.child();
            long running = 0;
            for (int i = 0; i < upper.length; i++) {
                running += c.buckets[i].sum();
                cumulative[i] = running;
            }
            points[p] = new HistogramPoint(e.labels(constant, labelNames), upper, cumulative, c.sum.sum(), running);
        }
        return new MetricFamily(name, type, help, unit, Arrays.asList(points));
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
