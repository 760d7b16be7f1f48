package argus.exporter.prometheus;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.ValuePoint;
import argus.api.spi.MetricsFormat;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Argus' snapshot model in client_java's: what {@link PrometheusFormat} writes through client_java's
 * writers, and what the Micrometer bridge hands a {@code PrometheusMeterRegistry}, so both render the
 * same series.
 *
 * <pre>{@code
 * MetricSnapshots clientJava = ClientJavaSnapshots.convert(registry.snapshot());
 * }</pre>
 */
public final class ClientJavaSnapshots {
    private ClientJavaSnapshots() {
    }

    /** The same snapshot in client_java's model. */
    public static MetricSnapshots convert(MetricsSnapshot snapshot) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (MetricFamily f : snapshot.families()) {
            all.metricSnapshot(convert(f));
        }
        return all.build();
    }

    /** One family in client_java's model (counters, gauges, classic histograms, info). */
    public static MetricSnapshot convert(MetricFamily f) {
        Unit unit = f.unit().isEmpty() ? null : new Unit(f.unit());
        switch (f.type()) {
            case COUNTER: {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name()).help(f.help());
                for (DataPoint p : f.points()) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(labels(p)).value(((ValuePoint) p).value()).build());
                }
                return unit == null ? b.build() : b.unit(unit).build();
            }
            case GAUGE: {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(f.help());
                for (DataPoint p : f.points()) {
                    b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels(p)).value(((ValuePoint) p).value()).build());
                }
                return unit == null ? b.build() : b.unit(unit).build();
            }
            case HISTOGRAM: {
                HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(f.name()).help(f.help());
                for (DataPoint p : f.points()) {
                    HistogramPoint h = (HistogramPoint) p;
                    long[] cumulative = h.cumulativeCounts();
                    long[] perBucket = new long[cumulative.length];
                    for (int i = 0; i < cumulative.length; i++) {
                        perBucket[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
                    }
                    b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .labels(labels(p)).sum(h.sum())
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(h.upperBounds(), perBucket)).build());
                }
                return unit == null ? b.build() : b.unit(unit).build();
            }
            case INFO: {
                InfoSnapshot.Builder b = InfoSnapshot.builder().name(f.name()).help(f.help());
                for (DataPoint p : f.points()) {
                    b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(p)).build());
                }
                return b.build();
            }
            default:
                throw new IllegalArgumentException("unknown metric type " + f.type());
        }
    }

    private static Labels labels(DataPoint p) {
        return Labels.of(p.labels().names().toArray(String[]::new), p.labels().values().toArray(String[]::new));
    }
}
