/**
 * Pushes every Argus metric over OTLP/HTTP (protobuf) and, opt-in, one span per interaction and
 * application command, with OpenTelemetry's own SDK data model and OTLP exporters. Found by core as a
 * push exporter; a bot that does not put it on its path has no OTLP at all.
 */
module argus.exporter.otlp {
    requires transitive argus.api; // its public types implement argus.api SPIs
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.metrics;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.exporter.otlp;
    // FailedExportException: the HTTP status of a refused export, for the subsystem's health.
    requires io.opentelemetry.exporter.internal;
    // The exporters find their HTTP sender with ServiceLoader; nothing else would resolve this module.
    requires io.opentelemetry.exporter.sender.jdk.internal;
    requires java.net.http; // what that sender sends with
    // The SDK logs through java.util.logging and, as an automatic module, cannot say so.
    requires java.logging;
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports argus.exporter.otlp;

    provides argus.api.spi.PushExporterProvider with argus.exporter.otlp.OtlpProvider;
}
