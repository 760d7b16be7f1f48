package argus.api.metrics;

import java.util.List;
import java.util.Objects;

/** Label names and values of one data point, in the family's label order. */
public record Labels(List<String> names, List<String> values) {
    public static final Labels EMPTY = new Labels(List.of(), List.of());

    public Labels {
        names = List.copyOf(names);
        values = List.copyOf(values);
        if (names.size() != values.size()) {
            throw new IllegalArgumentException("label names " + names + " and values " + values + " differ in length");
        }
    }

    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs");
        }
        String[] n = new String[namesAndValues.length / 2];
        String[] v = new String[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = namesAndValues[2 * i];
            v[i] = namesAndValues[2 * i + 1];
        }
        return new Labels(List.of(n), List.of(v));
    }

    /** The value of a label, or null. */
    public String get(String name) {
        int i = names.indexOf(Objects.requireNonNull(name));
        return i < 0 ? null : values.get(i);
    }
}
