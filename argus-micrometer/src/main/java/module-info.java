/**
 * The Micrometer bridge: Argus' metrics (Discord, self, the bot's own, JVM if wanted) served by a
 * bot's Micrometer {@code PrometheusMeterRegistry}, with Argus' names, labels and buckets.
 */
module argus.micrometer {
    requires transitive argus.api;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus;
    requires io.prometheus.metrics.model;
    requires argus.exporter.prometheus; // one conversion to client_java's model for both endpoints
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports argus.micrometer;
}
