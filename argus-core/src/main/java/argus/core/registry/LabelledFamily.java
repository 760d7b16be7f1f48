package argus.core.registry;

import argus.api.metrics.MetricType;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A family of labelled children ({@link Counter}, {@link Histogram}): the lookups they share, written
 * once. The methods are final, so javac adds no bridge to the public subclasses: a call is the same
 * single {@link LabelIndex} lookup it was when each family wrote these out.
 *
 * @param <C> the family's child type
 */
abstract class LabelledFamily<C> extends Family {
    final LabelIndex<C> index;

    LabelledFamily(String name, String help, String unit, MetricType type, List<String> labels, IntSupplier cap,
                   Runnable onOverflow, Supplier<C> newChild) {
        super(name, help, unit, type, labels);
        this.index = new LabelIndex<>(name, labels.size(), cap, newChild, onOverflow);
    }

    /** The child for these label values (in label order). Allocation-free once the values were seen. */
    public final C labels(String a) {
        return index.get(a);
    }

    public final C labels(String a, String b) {
        return index.get(a, b);
    }

    public final C labels(String a, String b, String c) {
        return index.get(a, b, c);
    }

    public final C labels(String... values) {
        return index.getAll(values);
    }

    /**
     * The child for these label values if they form an admitted series already, else null (nothing
     * is created or counted). A non-null child never changes, so hot paths may cache it; on null, use
     * {@code labels(..)}, which admits the values or maps them to {@code other} and counts the overflow.
     */
    public final C peek(String a) {
        return index.peek(a);
    }

    public final C peek(String a, String b) {
        return index.peek(a, b);
    }

    public final C peek(String a, String b, String c) {
        return index.peek(a, b, c);
    }

    /** The only child of an unlabelled family. */
    public final C unlabelled() {
        return index.get();
    }
}
