package argus.core;

import argus.api.config.ArgusConfig;
import argus.api.config.Setting;
import argus.api.config.Settings;
import argus.core.jda.BotTarget;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configures and starts Argus. Builder arguments win over {@code ARGUS_*} environment variables,
 * which win over defaults (invariant 6); every value is validated in {@link #start()}, which fails
 * with a message naming the setting and the fix.
 *
 * <pre>{@code
 * Argus argus = Argus.builder(shardManager)
 *         .clusterId("eu-1")
 *         .port(9191)
 *         .enablePerGuild(true)
 *         .clickhouseDsn("http://argus:secret@clickhouse:8123")
 *         .dashboardAuthToken(System.getenv("ARGUS_TOKEN"))
 *         .start();
 * }</pre>
 */
public final class ArgusBuilder {
    private final BotTarget target;
    private final Map<String, Object> explicit = new LinkedHashMap<>();
    private Map<String, String> env = System.getenv();
    private boolean shutdownHook = true;
    private boolean discoverModules = true;
    private ArgusConfig resolved;
    private ILoggerFactory logBackend;

    /** {@code target} may be null: an Argus that observes bots added later ({@link Argus#observe}). */
    ArgusBuilder(BotTarget target) {
        this.target = target;
    }

    /** Sets any setting by its name (the same name as the env variable without {@code ARGUS_}). */
    public ArgusBuilder set(String key, Object value) {
        explicit.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    private ArgusBuilder set(Setting<?> setting, Object value) {
        return set(setting.key(), value);
    }

    public ArgusBuilder port(int port) {
        return set(Settings.PORT, port);
    }

    public ArgusBuilder host(String host) {
        return set(Settings.HOST_SETTING, host);
    }

    public ArgusBuilder metricsPath(String path) {
        return set(Settings.METRICS_PATH, path);
    }

    public ArgusBuilder namespace(String namespace) {
        return set(Settings.NAMESPACE_SETTING, namespace);
    }

    public ArgusBuilder clusterId(String clusterId) {
        return set(Settings.CLUSTER_ID, clusterId);
    }

    public ArgusBuilder enablePerGuild(boolean enable) {
        return set(Settings.ENABLE_PER_GUILD, enable);
    }

    public ArgusBuilder clickhouseDsn(String dsn) {
        return set(Settings.CLICKHOUSE_DSN, dsn);
    }

    public ArgusBuilder clickhouseTable(String table) {
        return set(Settings.CLICKHOUSE_TABLE, table);
    }

    public ArgusBuilder clickhouseRetentionDays(int days) {
        return set(Settings.CLICKHOUSE_RETENTION_DAYS, days);
    }

    public ArgusBuilder clickhouseAsyncInsert(boolean enable) {
        return set(Settings.CLICKHOUSE_ASYNC_INSERT, enable);
    }

    public ArgusBuilder sinkQueueCapacity(int capacity) {
        return set(Settings.SINK_QUEUE_CAPACITY, capacity);
    }

    public ArgusBuilder sinkBatchSize(int size) {
        return set(Settings.SINK_BATCH_SIZE, size);
    }

    public ArgusBuilder sinkFlushIntervalMs(int millis) {
        return set(Settings.SINK_FLUSH_INTERVAL_MS, millis);
    }

    public ArgusBuilder dashboard(boolean enable) {
        return set(Settings.DASHBOARD, enable);
    }

    public ArgusBuilder dashboardPath(String path) {
        return set(Settings.DASHBOARD_PATH, path);
    }

    public ArgusBuilder dashboardAuthToken(String token) {
        return set(Settings.DASHBOARD_AUTH_TOKEN, token);
    }

    public ArgusBuilder metricsAuthToken(String token) {
        return set(Settings.METRICS_AUTH_TOKEN, token);
    }

    public ArgusBuilder timerCap(int cap) {
        return set(Settings.TIMER_CAP, cap);
    }

    public ArgusBuilder labelCap(int cap) {
        return set(Settings.LABEL_CAP, cap);
    }

    /** JVM and process metrics ({@code jvm_*}, {@code process_*}); on by default. */
    public ArgusBuilder jvmMetrics(boolean enable) {
        return set(Settings.JVM_METRICS, enable);
    }

    /**
     * Log records by logger and level ({@code discord_log_records_total}) where SLF4J's backend is Logback;
     * on by default.
     */
    public ArgusBuilder logMetrics(boolean enable) {
        return set(Settings.LOG_METRICS, enable);
    }

    /** The logging backend whose records are counted, instead of SLF4J's (tests: a LoggerContext of their own). */
    ArgusBuilder logBackend(ILoggerFactory backend) {
        this.logBackend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /** Replaces the environment read for {@code ARGUS_*} (tests, or embedding without env). */
    public ArgusBuilder environment(Map<String, String> environment) {
        this.env = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        return this;
    }

    /**
     * Whether a JVM shutdown hook closes Argus (draining the analytics sink) when the process
     * exits without calling {@link Argus#close()}. On by default.
     */
    public ArgusBuilder closeOnShutdown(boolean enable) {
        this.shutdownHook = enable;
        return this;
    }

    /**
     * Whether to find the analytics sink, the scrape format and the HTTP server with
     * {@code ServiceLoader} (on by default, the module-path way). Containers that bind those
     * themselves (OSGi Declarative Services) turn it off and use {@link Argus#swapSink} and
     * {@link Argus#services()}.
     */
    public ArgusBuilder discoverModules(boolean enable) {
        this.discoverModules = enable;
        return this;
    }

    /**
     * Uses an already resolved configuration (Config Admin in OSGi) instead of this builder's
     * settings and environment.
     */
    public ArgusBuilder config(ArgusConfig config) {
        this.resolved = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * Resolves the configuration and starts observing.
     *
     * @throws argus.api.config.ConfigException for an invalid setting, before anything starts
     */
    public Argus start() {
        ArgusConfig config = resolved != null ? resolved : ArgusConfig.resolve(explicit, env);
        return Argus.start(target, config, shutdownHook, discoverModules,
                logBackend != null ? logBackend : LoggerFactory.getILoggerFactory());
    }
}
