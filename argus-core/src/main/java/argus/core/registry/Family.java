package argus.core.registry;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;

import java.util.List;

/** A defined metric: name, help, type and label names, validated at definition (invariant 2). */
abstract class Family {
    final String name;
    final String help;
    final String unit;
    final MetricType type;
    final List<String> labelNames;

    Family(String name, String help, String unit, MetricType type, List<String> labelNames) {
        this.name = MetricNames.check(name);
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("Metric '" + name + "' needs a help text");
        }
        this.help = help;
        this.unit = unit == null ? "" : unit;
        this.type = type;
        for (String label : labelNames) {
            LabelPolicy.checkName(name, label);
        }
        if (labelNames.contains("cluster")) {
            throw new IllegalArgumentException("Metric '" + name + "': 'cluster' is added to every metric by the registry");
        }
        if (labelNames.stream().distinct().count() != labelNames.size()) {
            throw new IllegalArgumentException("Metric '" + name + "' repeats a label name: " + labelNames);
        }
        this.labelNames = List.copyOf(labelNames);
    }

    public String name() {
        return name;
    }

    /**
     * Reads the family's current state, with {@code constant} labels (e.g. {@code cluster}) in front
     * of every point's labels, counters and histograms summed from {@code view}; may throw for callback
     * families (the registry contains it).
     */
    abstract MetricFamily collect(Labels constant, Cells.View view);

    /** {@code constant} followed by the point's own names and values. */
    static Labels concat(Labels constant, List<String> names, List<String> values) {
        if (constant.names().isEmpty()) {
            return new Labels(names, values);
        }
        String[] n = new String[constant.names().size() + names.size()];
        String[] v = new String[n.length];
        int c = constant.names().size();
        for (int i = 0; i < c; i++) {
            n[i] = constant.names().get(i);
            v[i] = constant.values().get(i);
        }
        for (int i = 0; i < names.size(); i++) {
            n[c + i] = names.get(i);
            v[c + i] = values.get(i);
        }
        return new Labels(List.of(n), List.of(v));
    }
}
