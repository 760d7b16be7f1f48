package argus.api.metrics;

/** Produces snapshots of the live registry; provided by argus.core, read by exporters and the web. */
@FunctionalInterface
public interface MetricsSource {
    MetricsSnapshot snapshot();
}
