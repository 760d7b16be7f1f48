package argus.web;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricsSource;
import argus.api.query.AnalyticsQuery;
import argus.api.spi.MetricsFormat;
import argus.api.spi.ServerContext;
import argus.core.registry.MetricRegistry;
import argus.exporter.prometheus.PrometheusFormat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What core would hand the server: a real registry, the real exporter, live health. */
class TestContext implements ServerContext {
    final MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
    final Map<String, Health> health = new ConcurrentHashMap<>();
    private final ArgusConfig config;

    TestContext(Map<String, ?> settings) {
        Map<String, Object> all = new HashMap<>();
        all.put("host", "127.0.0.1");
        all.put("port", "0");
        all.putAll(settings);
        this.config = ArgusConfig.resolve(all, Map.of());
        health.put("core", Health.up("attached"));
    }

    TestContext() {
        this(Map.of());
    }

    @Override
    public ArgusConfig config() {
        return config;
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
    public Optional<AnalyticsQuery> analytics() {
        return Optional.empty();
    }

    @Override
    public Map<String, Health> health() {
        return new LinkedHashMap<>(health);
    }

    @Override
    public void reportError(String hook, Throwable error) {
        registry.recordError(hook, error);
    }
}
