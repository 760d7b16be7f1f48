package argus.exporter.otlp;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.ValuePoint;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.resources.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * An Argus snapshot as OTLP metric data, one metric per family, with the names and labels
 * {@code /metrics} shows: labels (the constant {@code cluster} included) become point attributes;
 * counters become monotonic cumulative sums and histograms explicit-bucket cumulative histograms, both
 * named without {@code _total}/unit suffixes, which a Prometheus OTLP receiver adds back; an info
 * family becomes a gauge of 1 named {@code <name>_info}, as OTLP has no info type.
 *
 * <p>Only public SDK types are used (the data interfaces' own factories), not the SDK's
 * {@code internal} immutable classes.
 */
final class OtlpMetrics {
    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final long startEpochNanos;

    /**
     * @param startEpochNanos the start of every cumulative series (the process's start: Argus' counters
     *                        never reset while it runs)
     */
    OtlpMetrics(Resource resource, InstrumentationScopeInfo scope, long startEpochNanos) {
        this.resource = resource;
        this.scope = scope;
        this.startEpochNanos = startEpochNanos;
    }

    List<MetricData> convert(MetricsSnapshot snapshot) {
        long now = snapshot.timestampMillis() * 1_000_000L;
        long start = Math.min(startEpochNanos, now);
        List<MetricData> out = new ArrayList<>(snapshot.families().size());
        for (MetricFamily f : snapshot.families()) {
            if (f.points().isEmpty()) {
                continue; // OTLP has no metric without points; /metrics shows only HELP and TYPE for it
            }
            switch (f.type()) {
                case COUNTER -> out.add(metric(f.name(), f, MetricDataType.DOUBLE_SUM,
                        SumData.createDoubleSumData(true, AggregationTemporality.CUMULATIVE, values(f, start, now))));
                case GAUGE -> out.add(metric(f.name(), f, MetricDataType.DOUBLE_GAUGE,
                        GaugeData.createDoubleGaugeData(values(f, start, now))));
                case INFO -> out.add(metric(f.name() + "_info", f, MetricDataType.DOUBLE_GAUGE,
                        GaugeData.createDoubleGaugeData(values(f, start, now))));
                case HISTOGRAM -> out.add(metric(f.name(), f, MetricDataType.HISTOGRAM,
                        HistogramData.create(AggregationTemporality.CUMULATIVE, histograms(f, start, now))));
            }
        }
        return out;
    }

    private MetricData metric(String name, MetricFamily f, MetricDataType type, Data<?> data) {
        return new Metric(resource, scope, name, f.help(), unit(f.unit()), type, data);
    }

    private static List<DoublePointData> values(MetricFamily f, long start, long now) {
        List<DoublePointData> points = new ArrayList<>(f.points().size());
        for (DataPoint p : f.points()) {
            if (p instanceof ValuePoint v) {
                points.add(DoublePointData.create(start, now, attributes(v.labels()), v.value(), List.of()));
            }
        }
        return points;
    }

    private static List<HistogramPointData> histograms(MetricFamily f, long start, long now) {
        List<HistogramPointData> points = new ArrayList<>(f.points().size());
        for (DataPoint p : f.points()) {
            if (p instanceof HistogramPoint h) {
                double[] bounds = h.upperBounds();
                long[] cumulative = h.cumulativeCounts();
                // OTLP's explicit bounds leave out the last (+Inf) bucket and count each bucket on its own.
                List<Double> boundaries = new ArrayList<>(bounds.length - 1);
                for (int i = 0; i < bounds.length - 1; i++) {
                    boundaries.add(bounds[i]);
                }
                List<Long> counts = new ArrayList<>(cumulative.length);
                long below = 0;
                for (long c : cumulative) {
                    counts.add(c - below);
                    below = c;
                }
                points.add(HistogramPointData.create(start, now, attributes(h.labels()), h.sum(), false, 0, false, 0,
                        boundaries, counts));
            }
        }
        return points;
    }

    private static Attributes attributes(Labels labels) {
        AttributesBuilder b = Attributes.builder();
        for (int i = 0; i < labels.names().size(); i++) {
            b.put(labels.names().get(i), labels.values().get(i));
        }
        return b.build();
    }

    /** OpenMetrics units as UCUM, the unit OTLP carries ({@code s}, {@code By}). */
    static String unit(String unit) {
        return switch (unit) {
            case "seconds" -> "s";
            case "bytes" -> "By";
            case "ratio" -> "1";
            default -> unit;
        };
    }

    /** One metric: {@link MetricData} has no public factory, only the SDK's internal one. */
    private record Metric(Resource resource, InstrumentationScopeInfo scope, String name, String description,
                          String unit, MetricDataType type, Data<?> data) implements MetricData {
        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return scope;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public String getUnit() {
            return unit;
        }

        @Override
        public MetricDataType getType() {
            return type;
        }

        @Override
        public Data<?> getData() {
            return data;
        }
    }
}
