/**
 * Observes JDA bots and owns the backend-neutral metric registry. Finds exporters, sinks and the
 * HTTP server only as services (invariant 1: core imports no backend).
 */
module argus.core {
    requires transitive argus.api;
    requires transitive net.dv8tion.jda;
    requires okhttp3; // JDA exposes okhttp types in its REST extension points
    requires org.slf4j;
    requires static osgi.annotation;

    exports argus.core;
    exports argus.core.registry;

    uses argus.api.spi.EventSinkProvider;
    uses argus.api.spi.MetricsFormat;
    uses argus.api.spi.HttpServerProvider;
}
