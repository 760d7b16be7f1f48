package argus.api.spi;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.health.Health;
import argus.api.metrics.MetricsSource;
import argus.api.query.AnalyticsQuery;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** What the HTTP server is given: core's services, its own configuration, and the optional parts. */
public interface ServerContext extends CoreServices {
    ArgusConfig config();

    /** The scrape format, when an exporter is present (read per request: it may come and go in OSGi). */
    Optional<MetricsFormat> format();

    /** The analytics read side, when analytics is enabled. */
    Optional<AnalyticsQuery> analytics();

    /**
     * A context over core's services; {@code format} and {@code analytics} are read on every call, so
     * they may come and go (OSGi services).
     */
    static ServerContext of(ArgusConfig config, CoreServices core, Supplier<Optional<MetricsFormat>> format,
                            Supplier<Optional<AnalyticsQuery>> analytics) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(analytics, "analytics");
        return new ServerContext() {
            @Override
            public ArgusConfig config() {
                return config;
            }

            @Override
            public MetricsSource metrics() {
                return core.metrics();
            }

            @Override
            public Optional<MetricsFormat> format() {
                return format.get();
            }

            @Override
            public Optional<AnalyticsQuery> analytics() {
                return analytics.get();
            }

            @Override
            public Map<String, Health> health() {
                return core.health();
            }

            @Override
            public void reportError(String hook, Throwable error) {
                core.reportError(hook, error);
            }

            @Override
            public AutoCloseable subsystem(String name, Supplier<Health> health) {
                return core.subsystem(name, health);
            }

            @Override
            public void configuration(String pid, ConfigException rejected) {
                core.configuration(pid, rejected);
            }

            @Override
            public AutoCloseable observeInteractions(InteractionObserver observer) {
                return core.observeInteractions(observer);
            }

            @Override
            public java.util.List<String> customMetrics() {
                return core.customMetrics();
            }

            @Override
            public Optional<String> guildName(String guildId) {
                return core.guildName(guildId);
            }
        };
    }
}
