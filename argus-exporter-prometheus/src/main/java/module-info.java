/**
 * Renders Argus registry snapshots in Prometheus text 0.0.4 and OpenMetrics 1.0, using client_java's
 * exposition writers so escaping follows the reference implementation.
 */
module argus.exporter.prometheus {
    requires transitive argus.api; // its public types implement argus.api SPIs
    requires transitive io.prometheus.metrics.model; // ClientJavaSnapshots returns its types
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.config;
    requires java.net.http; // the Pushgateway pusher
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports argus.exporter.prometheus;

    provides argus.api.spi.MetricsFormat with argus.exporter.prometheus.PrometheusFormat;
    provides argus.api.spi.PushExporterProvider with argus.exporter.prometheus.PushgatewayProvider;
}
