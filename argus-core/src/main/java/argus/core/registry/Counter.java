package argus.core.registry;

import argus.api.metrics.DataPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.ValuePoint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;

/**
 * A monotonic counter family.
 *
 * <pre>{@code
 * Counter interactions = registry.counter("discord_interactions", "Interactions received", "type", "status");
 * interactions.labels("slash_command", "acknowledged").inc();   // cache the child on hot paths
 * }</pre>
 */
public final class Counter extends Family {
    private final LabelIndex<Child> index;

    Counter(String name, String help, List<String> labels, int cap, Runnable onOverflow) {
        super(name, help, "", MetricType.COUNTER, labels);
        this.index = new LabelIndex<>(name, labels.size(), cap, Child::new, onOverflow);
    }

    /** The child for these label values (in label order). Allocation-free once the values were seen. */
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

    /** The only child of an unlabelled counter. */
    public Child unlabelled() {
        return index.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    MetricFamily collect(Labels constant) {
        Object[] entries = index.sortedEntries();
        DataPoint[] points = new DataPoint[entries.length];
        for (int i = 0; i < entries.length; i++) {
            LabelIndex.Entry<Child> e = (LabelIndex.Entry<Child>) entries[i];
            points[i] = new ValuePoint(e.labels(constant, labelNames), e.child().value());
        }
        return new MetricFamily(name, type, help, unit, Arrays.asList(points));
    }

    /**
     * One labelled series: one field updated with an atomic add. Not a {@code LongAdder}: its
     * separate object is one more cache line per increment, and in a live bot, where the hooks find
     * the registry cold in the cache between JDA's own work, lines touched cost more than anything
     * else (measured, BENCHMARKS.md). An atomic add never retries (unlike a CAS loop), so several
     * shard threads on one series cost a cache-line transfer each, not a spin.
     */
    public static final class Child {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Child.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // updated through VALUE
        private volatile long value;

        public void inc() {
            // The (long) result is taken so the call site's type matches the VarHandle's exactly (a
            // discarded result makes it (Child, long)void, which goes through a type adaptation).
            long ignored = (long) VALUE.getAndAdd(this, 1L);
        }

        public void inc(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("counters only go up");
            }
            long ignored = (long) VALUE.getAndAdd(this, n);
        }

        public long value() {
            return value;
        }
    }
}
