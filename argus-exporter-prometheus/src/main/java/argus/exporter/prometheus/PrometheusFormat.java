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
 * Prometheus text 0.0.4 (the default) and OpenMetrics 1.0 (when the scraper's {@code Accept} asks
 * for {@code application/openmetrics-text}), as client_java's own writers write them: the writers
 * render every family header and every series (its name, escaped labels and layout) once, and scrapes
 * reuse those bytes with the current numbers filled in ({@link TemplateRenderer}), so a scrape neither
 * converts the snapshot to client_java's model nor escapes a label again.
 *
 * <pre>{@code
 * MetricsFormat format = new PrometheusFormat();
 * String type = format.negotiate(request.getHeader("Accept"));
 * format.write(response.getOutputStream(), registry.snapshot(), type);
 * }</pre>
 */
public final class PrometheusFormat implements MetricsFormat {
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.builder()
            .setCreatedTimestampsEnabled(false).build();
    private final TemplateRenderer textRenderer = new TemplateRenderer(text);
    private final TemplateRenderer openMetricsRenderer = new TemplateRenderer(openMetrics);

    @Override
    public String negotiate(String acceptHeader) {
        return acceptHeader != null && openMetrics.accepts(acceptHeader)
                ? openMetrics.getContentType() : text.getContentType();
    }

    @Override
    public void write(OutputStream out, MetricsSnapshot snapshot, String contentType) throws IOException {
        (openMetrics.getContentType().equals(contentType) ? openMetricsRenderer : textRenderer).write(out, snapshot);
    }

    /** The same output, written by client_java's writer from a full conversion on every call (tests, reference). */
    void writeDirect(OutputStream out, MetricsSnapshot snapshot, String contentType) throws IOException {
        ExpositionFormatWriter writer = openMetrics.getContentType().equals(contentType) ? openMetrics : text;
        writer.write(out, ClientJavaSnapshots.convert(snapshot), EscapingScheme.UNDERSCORE_ESCAPING);
    }

}
