package argus.api.spi;

import argus.api.config.ConfigException;
import argus.api.config.Settings;
import argus.api.health.Health;
import argus.api.metrics.MetricsSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a running Argus core offers the rest of the product: its registry (read side), live health
 * and the fail-open error counter. In OSGi the core component registers this as a service and the
 * HTTP runtime and dashboard bundles bind to it; on the module path it reaches them inside a
 * {@link ServerContext}.
 */
public interface CoreServices {
    MetricsSource metrics();

    /** Live health of every subsystem, for {@code /healthz}. */
    Map<String, Health> health();

    /** Counts a failure in {@code argus_instrumentation_errors_total{hook}} (fail open, invariant 5). */
    void reportError(String hook, Throwable error);

    /**
     * Adds a subsystem that runs outside core (the OSGi HTTP runtime) to core's health, read live from
     * {@code health}: it then shows in {@code /healthz} and {@code argus_subsystem_up{subsystem}} like
     * core's own. Closing the result removes it.
     */
    default AutoCloseable subsystem(String name, Supplier<Health> health) {
        return () -> { };
    }

    /**
     * Reports the outcome of a configuration update of {@code pid}: {@code rejected} is the reason the
     * component kept its previous configuration, or null once a valid update was applied. A rejection
     * shows in {@code /healthz} (degraded, with PID and key) and {@code argus_config_rejected{pid}}
     * until the next valid update.
     */
    default void configuration(String pid, ConfigException rejected) {
    }

    /**
     * Tells {@code observer} of every interaction that ends from now on (one observer at a time: a
     * second replaces the first). Closing the result removes it, if it is still the one registered.
     * A core that does not time interactions ignores it.
     */
    default AutoCloseable observeInteractions(InteractionObserver observer) {
        return () -> { };
    }

    /**
     * The configured {@code cluster_id}: the {@code cluster} label on every series, for modules that
     * name the bot outside its series (a Pushgateway's grouping key). A core that predates it answers
     * the default.
     */
    default String clusterId() {
        return Settings.CLUSTER_ID.defaultValue();
    }

    /**
     * The families the bot defined through {@code argus.api.instrument.Instrumentation} (full names, in
     * the order they were defined), so the dashboard can show them apart from Argus' own.
     */
    default List<String> customMetrics() {
        return List.of();
    }

    /**
     * The name of guild {@code guildId} (a snowflake as text) as an observed bot's JDA cache holds it
     * right now, for the dashboard to show next to the id; empty when no observed shard has that guild
     * cached (or the id is not one). A cache lookup on the caller's thread: no I/O, nothing stored, so
     * a name is never written to the analytics store nor used as a metric label, and a renamed guild
     * shows its new name at once. Callers serve it only where per-guild data is served (behind the
     * dashboard token).
     */
    default Optional<String> guildName(String guildId) {
        return Optional.empty();
    }
}
