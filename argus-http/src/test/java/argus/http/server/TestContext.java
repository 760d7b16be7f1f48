package argus.http.server;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.MetricsSource;
import argus.api.query.AnalyticsQuery;
import argus.api.spi.MetricsFormat;
import argus.api.spi.ServerContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server context on loopback with the given settings, live health (tests change {@link #health}
 * while the server runs) and a format that writes {@link #BODY} whatever the snapshot: these tests are
 * about the HTTP runtime, not the exposition ({@link MetricsEndpointTest} covers that end to end, on
 * {@link RegistryContext}).
 */
class TestContext implements ServerContext {
    /** What /metrics answers with. */
    static final String BODY = "discord_app_commands_total{cluster=\"eu-1\"} 9\n";

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
        return () -> null;
    }

    @Override
    public Optional<MetricsFormat> format() {
        return Optional.of(new MetricsFormat() {
            @Override
            public String negotiate(String acceptHeader) {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public void write(OutputStream out, MetricsSnapshot snapshot, String contentType) throws IOException {
                out.write(BODY.getBytes(StandardCharsets.UTF_8));
            }
        });
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
    }
}
