package argus.core.registry;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.ValuePoint;
import argus.api.metrics.MetricType;

import java.util.ArrayList;
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

    /** Reads the family's current state; may throw for callback families (the registry contains it). */
    abstract MetricFamily collect();

    /** The family with constant labels (e.g. {@code cluster}) put in front of every point's labels. */
    static MetricFamily withConstLabels(MetricFamily f, Labels constant) {
        if (constant.names().isEmpty()) {
            return f;
        }
        List<DataPoint> points = new ArrayList<>(f.points().size());
        for (DataPoint p : f.points()) {
            Labels l = concat(constant, p.labels());
            points.add(p instanceof HistogramPoint h
                    ? new HistogramPoint(l, h.upperBounds(), h.cumulativeCounts(), h.sum(), h.count())
                    : new ValuePoint(l, ((ValuePoint) p).value()));
        }
        return new MetricFamily(f.name(), f.type(), f.help(), f.unit(), points);
    }

    private static Labels concat(Labels a, Labels b) {
        List<String> names = new ArrayList<>(a.names());
        names.addAll(b.names());
        List<String> values = new ArrayList<>(a.values());
        values.addAll(b.values());
        return new Labels(names, values);
    }
}
