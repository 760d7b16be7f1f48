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
import java.util.function.IntSupplier;

/**
 * A monotonic counter family.
 *
 * <pre>{@code
 * Counter interactions = registry.counter("discord_interactions", "Interactions received", "type", "status");
 * interactions.labels("slash_command", "acknowledged").inc();   // cache the child on hot paths
 * }</pre>
 */
public final class Counter extends LabelledFamily<Counter.Child> {
    Counter(String name, String help, List<String> labels, IntSupplier cap, Runnable onOverflow, Cells cells) {
        super(name, help, "", MetricType.COUNTER, labels, cap, onOverflow, () -> new Child(cells));
    }

    @Override
    @SuppressWarnings("unchecked")
    MetricFamily collect(Labels constant, Cells.View view) {
        Object[] entries = index.sortedEntries();
        DataPoint[] points = new DataPoint[entries.length];
        for (int i = 0; i < entries.length; i++) {
            LabelIndex.Entry<Child> e = (LabelIndex.Entry<Child>) entries[i];
            points[i] = new ValuePoint(e.labels(constant, labelNames), e.child().value(view));
        }
        return new MetricFamily(name, type, help, unit, Arrays.asList(points));
    }

    /**
     * One labelled series: a slot in every recording thread's {@link Cells}, where an increment is a
     * plain store by the only thread that writes it (no locked instruction), summed at snapshot time.
     * Threads without cells of their own (virtual threads, beyond {@link Cells#MAX_WRITERS}) add to
     * the shared field with an atomic add instead; the value is both together.
     */
    public static final class Child {
        private static final VarHandle SHARED;

        static {
            try {
                SHARED = MethodHandles.lookup().findVarHandle(Child.class, "shared", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Cells cells;
        private final int slot;
        @SuppressWarnings("unused") // updated through SHARED
        private volatile long shared;

        Child(Cells cells) {
            this.cells = cells;
            this.slot = cells.allocate(1, false);
        }

        public void inc() {
            add(1L);
        }

        public void inc(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("counters only go up");
            }
            add(n);
        }

        private void add(long n) {
            Cells.Writer w = cells.writer();
            if (w != null) {
                w.add(slot, n);
            } else {
                // The (long) result is taken so the call site's type matches the VarHandle's exactly (a
                // discarded result makes it (Child, long)void, which goes through a type adaptation).
                long ignored = (long) SHARED.getAndAdd(this, n);
            }
        }

        /** The current total over all threads (takes a view of the registry's cells: not for hot paths). */
        public long value() {
            return value(cells.view());
        }

        long value(Cells.View view) {
            return shared + view.sum(slot);
        }
    }
}
