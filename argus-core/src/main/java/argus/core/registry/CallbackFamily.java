package argus.core.registry;

import argus.api.metrics.DataPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.ValuePoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gauge or counter whose values are read at scrape time (invariant 4: gauges are read live from
 * JDA's caches, never polled into a cache). The collector may emit any number of points; one that
 * throws loses only its own family for that scrape (invariant 5).
 */
public final class CallbackFamily extends Family {
    private final Collector collector;

    /** Emits the current points of a callback family. */
    @FunctionalInterface
    public interface Collector {
        void collect(Emitter out);
    }

    /** Receives points: label values in the family's label order, then the value. */
    public interface Emitter {
        void emit(double value, String... labelValues);
    }

    CallbackFamily(String name, String help, String unit, MetricType type, List<String> labels, Collector collector) {
        super(name, help, unit, type, labels);
        this.collector = collector;
    }

    @Override
    MetricFamily collect(Labels constant, Cells.View view) {
        // Keyed by label values: two emitted values that both collapse into "other" (or a collector that
        // emits the same labels twice) must merge into one point, summed like any "other" bucket.
        // Duplicate points made the exporter reject the whole scrape (DuplicateLabelsException).
        Map<List<String>, Double> merged = new LinkedHashMap<>();
        collector.collect((value, labelValues) -> {
            if (labelValues.length != labelNames.size()) {
                throw new IllegalArgumentException("Metric '" + name + "' expects " + labelNames.size() + " label values");
            }
            if (!Double.isNaN(value)) {
                String[] safe = labelValues.clone();
                for (int i = 0; i < safe.length; i++) {
                    if (!LabelPolicy.admissible(safe[i])) {
                        safe[i] = LabelPolicy.OTHER; // invariant 2 holds for scrape-time values too
                    }
                }
                merged.merge(List.of(safe), value, Double::sum);
            }
        });
        List<DataPoint> points = new ArrayList<>(merged.size());
        merged.forEach((values, value) -> points.add(new ValuePoint(concat(constant, labelNames, values), value)));
        return new MetricFamily(name, type, help, unit, Snapshots.sorted(points));
    }
}
