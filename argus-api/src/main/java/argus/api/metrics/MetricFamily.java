package argus.api.metrics;

import java.util.List;

/**
 * All data points of one metric at one instant.
 *
 * @param name the full name (namespace applied), without {@code _total}/{@code _info} suffixes
 * @param unit the OpenMetrics unit ({@code seconds}) or "" for none
 */
public record MetricFamily(String name, MetricType type, String help, String unit, List<DataPoint> points) {
    public MetricFamily {
        points = List.copyOf(points);
    }

    /** The point with exactly these label values (in label order), or null. */
    public DataPoint point(String... labelValues) {
        List<String> wanted = List.of(labelValues);
        for (DataPoint p : points) {
            if (p.labels().values().equals(wanted)) {
                return p;
            }
        }
        return null;
    }
}
