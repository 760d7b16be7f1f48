/**
 * Argus service contracts. Every other Argus module depends on this one and on nothing else of
 * Argus' (docs/ARCHITECTURE.md §1): data flows bot → core → adapters, and adapters meet only here.
 */
module argus.api {
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports argus.api.config;
    exports argus.api.health;
    exports argus.api.instrument;
    exports argus.api.metrics;
    exports argus.api.query;
    exports argus.api.sink;
    exports argus.api.spi;

    uses argus.api.spi.EventSinkProvider;
    uses argus.api.spi.MetricsFormat;
    uses argus.api.spi.HttpServerProvider;
    uses argus.api.spi.PushExporterProvider;
}
