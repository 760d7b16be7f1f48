package argus.core.registry;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A count and a sum read at scrape time (e.g. a garbage collector's collections and their total time,
 * which the JVM keeps itself), exported as a histogram with the single bucket {@code +Inf}: its
 * {@code _count} and {@code _sum} series are exactly those of a quantile-less summary such as
 * client_java's {@code jvm_gc_collection_seconds}, without adding a summary type to the snapshot model.
 */
public final class CallbackTotals extends Family {
    private static final double[] ONLY_INF = {Double.POSITIVE_INFINITY};
    private final Collector collector;

    /** Emits the current totals of every series. */
    @FunctionalInterface
    public interface Collector {
        void collect(Emitter out);
    }

    /** Receives one series: its count, its sum, then label values in the family's label order. */
    public interface Emitter {
        void emit(long count, double sum, String... labelValues);
    }

    CallbackTotals(String name, String help, String unit, List<String> labels, Collector collector) {
        super(name, help, unit, MetricType.HISTOGRAM, labels);
        this.collector = collector;
    }

    @Override
    MetricFamily collect(Labels constant, Cells.View view) {
        Map<List<String>, HistogramPoint> points = new LinkedHashMap<>();
        collector.collect((count, sum, labelValues) -> {
            if (labelValues.length != labelNames.size()) {
                throw new IllegalArgumentException("Metric '" + name + "' expects " + labelNames.size() + " label values");
            }
            String[] safe = labelValues.clone();
            for (int i = 0; i < safe.length; i++) {
                if (!LabelPolicy.admissible(safe[i])) {
                    safe[i] = LabelPolicy.OTHER;
                }
            }
            List<String> key = List.of(safe);
            HistogramPoint before = points.get(key);
            long c = count + (before == null ? 0 : before.count());
            double s = sum + (before == null ? 0 : before.sum());
            points.put(key, new HistogramPoint(concat(constant, labelNames, key), ONLY_INF, new long[] {c}, s, c));
        });
        return new MetricFamily(name, type, help, unit, Snapshots.sorted(new ArrayList<DataPoint>(points.values())));
    }
}
