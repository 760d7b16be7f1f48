/**
 * Observes JDA bots and owns the backend-neutral metric registry. Finds exporters, sinks and the
 * HTTP server only as services (invariant 1: core imports no backend).
 */
module argus.core {
    requires transitive argus.api;
    requires transitive net.dv8tion.jda;
    requires okhttp3; // JDA exposes okhttp types in its REST extension points
    // JDA is an automatic module and cannot declare that its ShardManager iterates shards with
    // commons-collections4; without this the module path leaves it out and every cache gauge of a
    // sharded bot fails (NoClassDefFoundError, counted as instrumentation errors).
    requires org.apache.commons.collections4;
    // The same gap for Jackson: JDA parses every gateway payload with it (a runtime-scope dependency it
    // cannot declare as an automatic module). Without this, core alone on the module path hangs JDA's
    // login with NoClassDefFoundError: com/fasterxml/jackson/databind/JavaType.
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires java.management; // JVM and process metrics (argus.core.jvm)
    // Log records by level where the bot's SLF4J backend is Logback; absent, nothing of it is loaded.
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports argus.core;
    exports argus.core.registry;

    uses argus.api.spi.EventSinkProvider;
    uses argus.api.spi.MetricsFormat;
    uses argus.api.spi.HttpServerProvider;
    uses argus.api.spi.PushExporterProvider;
}
