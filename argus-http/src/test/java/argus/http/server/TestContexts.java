package argus.http.server;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import argus.api.metrics.MetricsSource;
import argus.api.spi.CoreServices;
import argus.api.spi.MetricsFormat;
import argus.api.spi.ServerContext;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** A server context over a core that reports itself up and a format that writes one fixed line. */
final class TestContexts {
    private TestContexts() {
    }

    static ServerContext on(String host, int port) {
        ArgusConfig config = ArgusConfig.resolve(Map.of("host", host, "port", Integer.toString(port)), Map.of());
        CoreServices core = new CoreServices() {
            @Override
            public MetricsSource metrics() {
                return () -> null;
            }

            @Override
            public Map<String, Health> health() {
                return Map.of("core", Health.up("test"));
            }

            @Override
            public void reportError(String hook, Throwable error) {
            }
        };
        MetricsFormat format = new MetricsFormat() {
            @Override
            public String negotiate(String acceptHeader) {
                return "text/plain";
            }

            @Override
            public void write(OutputStream out, argus.api.metrics.MetricsSnapshot snapshot, String contentType)
                    throws java.io.IOException {
                out.write("argus_up 1\n".getBytes(StandardCharsets.UTF_8));
            }
        };
        return ServerContext.of(config, core, () -> Optional.of(format), Optional::empty);
    }
}
