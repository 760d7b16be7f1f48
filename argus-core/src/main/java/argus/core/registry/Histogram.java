package argus.core.registry;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A fixed-bucket histogram family. Observing is a short linear scan over the bounds plus two plain
 * stores into the recording thread's own {@link Cells}: no allocation, no lock, no locked instruction.
 */
public final class Histogram extends LabelledFamily<Histogram.Child> {
    /** The bounds as a snapshot reports them (+Inf last); never handed out (HistogramPoint copies it). */
    private final double[] upperWithInf;

    Histogram(String name, String help, String unit, double[] bounds, List<String> labels, IntSupplier cap, Runnable onOverflow,
              Cells cells) {
        this(checkedCopy(name, bounds), name, help, unit, labels, cap, onOverflow, cells);
    }

    private Histogram(double[] bounds, String name, String help, String unit, List<String> labels, IntSupplier cap,
                      Runnable onOverflow, Cells cells) {
        super(name, help, unit, MetricType.HISTOGRAM, labels, cap, onOverflow, () -> new Child(bounds, cells));
        this.upperWithInf = Arrays.copyOf(bounds, bounds.length + 1);
        this.upperWithInf[bounds.length] = Double.POSITIVE_INFINITY;
    }

    /** A copy of the bounds, checked before the family (and an unlabelled family's one child) exists. */
    private static double[] checkedCopy(String name, double[] bounds) {
        if (bounds.length == 0) {
            throw new IllegalArgumentException("Histogram '" + name + "' needs at least one bucket");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("Histogram '" + name + "' buckets must be finite and ascending: "
                        + Arrays.toString(bounds));
            }
        }
        return bounds.clone();
    }

    @Override
    @SuppressWarnings("unchecked")
    MetricFamily collect(Labels constant, Cells.View view) {
        double[] upper = upperWithInf;
        Object[] entries = index.sortedEntries();
        DataPoint[] points = new DataPoint[entries.length];
        long[] cumulative = new long[upper.length]; // HistogramPoint copies it
        for (int p = 0; p < entries.length; p++) {
            LabelIndex.Entry<Child> e = (LabelIndex.Entry<Child>) entries[p];
            Child c = e.child();
            c.buckets(view, cumulative);
            long running = 0;
            for (int i = 0; i < upper.length; i++) {
                running += cumulative[i];
                cumulative[i] = running;
            }
            points[p] = new HistogramPoint(e.labels(constant, labelNames), upper, cumulative, c.sum(view), running);
        }
        return new MetricFamily(name, type, help, unit, Arrays.asList(points));
    }

    /**
     * One labelled series: a range of slots in every recording thread's {@link Cells} (the sum as raw
     * double bits first, then the bucket counts, the last one +Inf), so an observation is two plain
     * stores by the only thread that writes them, and a snapshot sums the threads. A snapshot may see
     * a bucket before the sum of the same observation, as Prometheus clients allow; the count is the
     * buckets' total, so it always matches +Inf.
     *
     * <p>Threads without cells of their own (virtual threads, beyond {@link Cells#MAX_WRITERS}) update
     * {@code shared} instead, laid out the same way, with an atomic add and a CAS on the sum.
     */
    public static final class Child {
        private static final VarHandle SHARED = MethodHandles.arrayElementVarHandle(long[].class);
        private static final int SUM = 0;

        private final double[] bounds;
        private final Cells cells;
        /** This child's first slot in {@link Cells}: the sum, then one slot per bucket. */
        private final int slot;
        /** [0]: the sum's raw double bits; [1 + i]: observations in bucket i, from threads without cells. */
        private final long[] shared;
        /** The sum reported for the newest view so far, and that view's epoch (see {@link #sum}); under this. */
        private double reportedSum;
        private long reportedEpoch;

        Child(double[] bounds, Cells cells) {
            this.bounds = bounds;
            this.cells = cells;
            this.slot = cells.allocate(bounds.length + 2, true);
            this.shared = new long[bounds.length + 2];
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
            Cells.Writer w = cells.writer();
            if (w != null) {
                w.add(slot + 1 + i, 1L);
                w.addDouble(slot + SUM, value);
                return;
            }
            long ignored = (long) SHARED.getAndAdd(shared, 1 + i, 1L); // typed result: an exact VarHandle call site
            long prev = (long) SHARED.getVolatile(shared, SUM);
            while (!SHARED.weakCompareAndSet(shared, SUM, prev,
                    Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + value))) {
                prev = (long) SHARED.getVolatile(shared, SUM);
            }
        }

        /** Puts each bucket's (non-cumulative) count into {@code out}, which has one entry per bucket. */
        void buckets(Cells.View view, long[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (long) SHARED.getVolatile(shared, 1 + i);
            }
            view.addRange(slot + 1, out);
        }

        /**
         * The sum over all threads. Adding the threads' sums is rounded, and the grouping changes when an
         * ended thread's sum is folded into the retired total, so the same observations can add up to a
         * few ulps less than the last report. Prometheus reads any decrease of {@code _sum} as a counter
         * reset (a spike in {@code rate()}), so a decrease within that rounding reports the last sum
         * again; a larger one (negative observations) is reported as it is. Snapshots may run at once
         * (scrape, dashboard): only a view newer than the last one reported moves the reference, so an
         * older view finishing late cannot lower it for the next. Once per series per snapshot, off the
         * bot's threads: a lock is fine here.
         */
        double sum(Cells.View view) {
            double computed = Double.longBitsToDouble((long) SHARED.getVolatile(shared, SUM)) + view.sumDouble(slot + SUM);
            synchronized (this) {
                double last = reportedSum;
                double report = computed < last && last - computed <= view.roundingSlack(last) ? last : computed;
                if (view.epoch > reportedEpoch) {
                    reportedSum = report;
                    reportedEpoch = view.epoch;
                }
                return report;
            }
        }

        /** Observations so far, over all threads (takes a view of the registry's cells: not for hot paths). */
        public long count() {
            long[] counts = new long[bounds.length + 1];
            buckets(cells.view(), counts);
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }
}
