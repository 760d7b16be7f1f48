package argus.api.metrics;

import java.util.List;

/**
 * What one scrape sees: an immutable copy of every metric, read by the Prometheus exporter and the
 * dashboard alike (the hot path never knows how it is rendered).
 *
 * @param timestampMillis when the snapshot was taken
 */
public record MetricsSnapshot(long timestampMillis, List<MetricFamily> families) {
    public MetricsSnapshot {
        families = List.copyOf(families);
    }

    /** The family with this name, or null. */
    public MetricFamily family(String name) {
        for (MetricFamily f : families) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
