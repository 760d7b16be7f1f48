package argus.http.server;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricsSource;
import argus.api.spi.MetricsFormat;
import argus.core.registry.MetricRegistry;
import argus.exporter.prometheus.PrometheusFormat;

import java.util.Map;
import java.util.Optional;

/**
 * What core would hand the server: {@link TestContext}'s loopback settings and live health, but a real
 * registry (argus-core) and the real exporter (argus-exporter-prometheus), for the end-to-end scrape
 * tests, where a canned body would prove nothing about the exposition.
 */
class RegistryContext extends TestContext {
    final MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));

    RegistryContext(Map<String, ?> settings) {
        super(settings);
    }

    RegistryContext() {
        this(Map.of());
    }

    @Override
    public MetricsSource metrics() {
        return registry;
    }

    @Override
    public Optional<MetricsFormat> format() {
        return Optional.of(new PrometheusFormat());
    }

    @Override
    public void reportError(String hook, Throwable error) {
        registry.recordError(hook, error);
    }
}
