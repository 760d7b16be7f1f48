package argus.core.registry;

import argus.api.metrics.Labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Children of a labelled metric family, looked up without allocation on the hot path: a trie of
 * {@link ConcurrentHashMap}s keyed by each label value in turn, so a lookup is one {@code get} per
 * label. Only the first sighting of a value takes the (synchronised, allocating) slow path, where
 * the per-label cap and {@link LabelPolicy#admissible} are applied (invariant 2).
 */
final class LabelIndex<C> {
    private final String metric;
    private final int depth;
    /** Read on the slow path only (a value's first sighting): a changed cap applies to new values. */
    private final IntSupplier cap;
    private final Supplier<C> factory;
    private final Runnable onOverflow;
    private final ConcurrentHashMap<String, Object> root = new ConcurrentHashMap<>();
    private final List<Set<String>> admitted = new ArrayList<>();
    private final CopyOnWriteArrayList<Entry<C>> entries = new CopyOnWriteArrayList<>();
    private final C single;

    /** Orders entries by their label values, as {@link Snapshots} orders points. */
    private static final Comparator<Object> BY_VALUES = (x, y) -> {
        List<String> a = ((Entry<?>) x).values;
        List<String> b = ((Entry<?>) y).values;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /** Entries sorted by values, re-sorted only when a series was added (entries are never removed). */
    private volatile Object[] sorted = new Object[0];

    /**
     * One series: its label values and child. The snapshot's {@link Labels} of the series (constant
     * labels first) are built once and reused by every snapshot: label sets never change, and the
     * exporter recognises a series it has rendered before by them.
     */
    static final class Entry<C> {
        private final List<String> values;
        private final C child;
        private volatile FullLabels full;

        Entry(List<String> values, C child) {
            this.values = values;
            this.child = child;
        }

        List<String> values() {
            return values;
        }

        C child() {
            return child;
        }

        Labels labels(Labels constant, List<String> names) {
            FullLabels f = full;
            if (f == null || f.constant != constant || f.names != names) {
                f = new FullLabels(constant, names, Family.concat(constant, names, values));
                full = f;
            }
            return f.labels;
        }
    }

    private record FullLabels(Labels constant, List<String> names, Labels labels) {
    }

    LabelIndex(String metric, int depth, IntSupplier cap, Supplier<C> factory, Runnable onOverflow) {
        this.metric = metric;
        this.depth = depth;
        this.cap = cap;
        this.factory = factory;
        this.onOverflow = onOverflow;
        for (int i = 0; i < depth; i++) {
            admitted.add(new HashSet<>());
        }
        if (depth == 0) {
            single = factory.get();
            entries.add(new Entry<>(List.of(), single));
        } else {
            single = null;
        }
    }

    C get() {
        checkArity(0);
        return single;
    }

    @SuppressWarnings("unchecked")
    C get(String a) {
        checkArity(1);
        Object c = a == null ? null : root.get(a);
        return c != null ? (C) c : slow(a);
    }

    @SuppressWarnings("unchecked")
    C get(String a, String b) {
        checkArity(2);
        Object n = a == null ? null : root.get(a);
        if (n != null && b != null) {
            Object c = ((ConcurrentHashMap<String, Object>) n).get(b);
            if (c != null) {
                return (C) c;
            }
        }
        return slow(a, b);
    }

    @SuppressWarnings("unchecked")
    C get(String a, String b, String c) {
        checkArity(3);
        Object n = a == null ? null : root.get(a);
        if (n != null && b != null) {
            Object m = ((ConcurrentHashMap<String, Object>) n).get(b);
            if (m != null && c != null) {
                Object child = ((ConcurrentHashMap<String, Object>) m).get(c);
                if (child != null) {
                    return (C) child;
                }
            }
        }
        return slow(a, b, c);
    }

    /**
     * The child of an admitted series, or null: never takes the slow path, so it neither creates a
     * series nor counts an overflow. A non-null result is stable (a series is never re-mapped), which
     * lets hot paths cache it; a null one must go through {@link #get} (which applies the cap and
     * counts the overflow on every observation).
     */
    @SuppressWarnings("unchecked")
    C peek(String a) {
        checkArity(1);
        return a == null ? null : (C) root.get(a);
    }

    @SuppressWarnings("unchecked")
    C peek(String a, String b) {
        checkArity(2);
        Object n = a == null ? null : root.get(a);
        return n == null || b == null ? null : (C) ((ConcurrentHashMap<String, Object>) n).get(b);
    }

    @SuppressWarnings("unchecked")
    C peek(String a, String b, String c) {
        checkArity(3);
        Object n = a == null ? null : root.get(a);
        Object m = n == null || b == null ? null : ((ConcurrentHashMap<String, Object>) n).get(b);
        return m == null || c == null ? null : (C) ((ConcurrentHashMap<String, Object>) m).get(c);
    }

    C getAll(String... values) {
        switch (values.length) {
            case 0: return get();
            case 1: return get(values[0]);
            case 2: return get(values[0], values[1]);
            case 3: return get(values[0], values[1], values[2]);
            default: checkArity(values.length); return slow(values);
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized C slow(String... raw) {
        checkArity(raw.length);
        String[] values = new String[raw.length];
        boolean overflowed = false;
        for (int i = 0; i < raw.length; i++) {
            String v = raw[i];
            Set<String> seen = admitted.get(i);
            if (v != null && (seen.contains(v) || v.equals(LabelPolicy.OTHER))) {
                values[i] = v;
            } else if (LabelPolicy.admissible(v) && seen.size() < cap.getAsInt()) {
                seen.add(v);
                values[i] = v;
            } else {
                values[i] = LabelPolicy.OTHER;
                overflowed = true;
            }
        }
        if (overflowed) {
            onOverflow.run();
        }
        ConcurrentHashMap<String, Object> level = root;
        for (int i = 0; i < values.length - 1; i++) {
            level = (ConcurrentHashMap<String, Object>) level.computeIfAbsent(values[i], k -> new ConcurrentHashMap<>());
        }
        Object child = level.get(values[values.length - 1]);
        if (child == null) {
            child = factory.get();
            level.put(values[values.length - 1], child);
            entries.add(new Entry<>(List.of(values), (C) child));
        }
        return (C) child;
    }

    private void checkArity(int n) {
        if (n != depth) {
            throw new IllegalArgumentException("Metric '" + metric + "' has " + depth + " labels, got " + n + " values");
        }
    }

    /** Every child with its label values, in first-seen order. */
    List<Entry<C>> entries() {
        return entries;
    }

    /** Every entry ordered by label values (an {@code Entry[]}; callers must not modify it). */
    Object[] sortedEntries() {
        Object[] s = sorted;
        if (s.length != entries.size()) {
            s = entries.toArray();
            Arrays.sort(s, BY_VALUES);
            sorted = s; // racing snapshots compute the same order
        }
        return s;
    }

    @Override
    public String toString() {
        return metric + Arrays.toString(admitted.toArray());
    }
}
