package argus.api.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The catalogue of every Argus setting (README, "Configuration"). Names are shared by the builder, the
 * {@code ARGUS_*} environment and OSGi Config Admin; defaults are what a bot gets with no
 * configuration at all.
 */
public final class Settings {
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~\\-/]*");
    private static final Pattern NAMESPACE = Pattern.compile("|[a-zA-Z_][a-zA-Z0-9_]{0,63}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-:\\[\\]]{1,255}");
    /** Empty, a cluster name of the server's remote_servers, or a macro such as {cluster} (used inside '...'). */
    private static final Pattern CLUSTER = Pattern.compile("|[A-Za-z_][A-Za-z0-9_\\-]{0,62}|\\{[A-Za-z_][A-Za-z0-9_]{0,62}\\}");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    public static final Setting<Integer> PORT = Setting.integer("port", 9191, 0, 65535,
            "TCP port of the HTTP server (/metrics, /healthz, dashboard); 0 picks a free port");
    public static final Setting<String> HOST_SETTING = Setting.text("host", "0.0.0.0", HOST,
            "a host name or IP address such as 127.0.0.1 or 0.0.0.0", "Interface the HTTP server binds to");
    public static final Setting<String> METRICS_PATH = Setting.text("metrics_path", "/metrics", PATH,
            "a path starting with / (letters, digits, . _ ~ - /)", "Path of the Prometheus endpoint");
    public static final Setting<String> NAMESPACE_SETTING = Setting.text("namespace", "discord", NAMESPACE,
            "empty, or a Prometheus name prefix: a letter or _, then letters, digits or _ (max 64)",
            "Prefix of the bot metrics (argus_* self-metrics are never prefixed)");
    public static final Setting<String> CLUSTER_ID = Setting.text("cluster_id", "default", LABEL_VALUE,
            "1 to 64 letters, digits, '.', '_' or '-'", "This process's cluster label and analytics cluster_id");
    public static final Setting<Boolean> ENABLE_PER_GUILD = Setting.bool("enable_per_guild", false,
            "Per-guild analytics into ClickHouse (needs clickhouse_dsn as well)");
    public static final Setting<String> CLICKHOUSE_DSN = Setting.secret("clickhouse_dsn",
            "ClickHouse address: http(s)://user:pass@host:8123[/database] or jdbc:clickhouse:...");
    public static final Setting<String> CLICKHOUSE_TABLE = Setting.text("clickhouse_table", "argus_events", TABLE,
            "a table name, optionally database.table (letters, digits, _)", "Analytics table");
    public static final Setting<String> CLICKHOUSE_CLUSTER = Setting.text("clickhouse_cluster", "", CLUSTER,
            "empty, a cluster name (a letter or _, then letters, digits, _ or -; max 63) or a macro such as {cluster}",
            "ClickHouse cluster: create the table ON CLUSTER as a replicated local table plus a Distributed table; "
                    + "empty for one server (and ClickHouse Cloud)");
    public static final Setting<Integer> CLICKHOUSE_RETENTION_DAYS = Setting.integer("clickhouse_retention_days", 0,
            0, 36500, "Drop analytics rows older than this many days with a ClickHouse TTL; 0 keeps them");
    public static final Setting<Boolean> CLICKHOUSE_ASYNC_INSERT = Setting.bool("clickhouse_async_insert", false,
            "Ask ClickHouse for server-side async inserts on top of Argus' own batching");
    public static final Setting<Integer> CLICKHOUSE_REQUEST_TIMEOUT_MS = Setting.integer("clickhouse_request_timeout_ms",
            10_000, 100, 600_000, "Longest wait for ClickHouse's answer to one request before it counts as failed");
    public static final Setting<Integer> SINK_QUEUE_CAPACITY = Setting.integer("sink_queue_capacity", 10_000,
            1, 10_000_000, "Analytics events held in memory before new ones are dropped and counted");
    public static final Setting<Integer> SINK_BATCH_SIZE = Setting.integer("sink_batch_size", 5_000, 1, 1_000_000,
            "Most events written to ClickHouse in one insert");
    public static final Setting<Integer> SINK_FLUSH_INTERVAL_MS = Setting.integer("sink_flush_interval_ms", 1_000,
            10, 600_000, "Longest time an accepted analytics event waits before it is written");
    public static final Setting<Boolean> DASHBOARD = Setting.bool("dashboard", true, "Serve the web dashboard");
    public static final Setting<String> DASHBOARD_PATH = Setting.text("dashboard_path", "/", PATH,
            "a path starting with / (letters, digits, . _ ~ - /)", "Path the dashboard is served at");
    public static final Setting<String> DASHBOARD_AUTH_TOKEN = Setting.secret("dashboard_auth_token",
            "Token for the dashboard and its APIs; analytics answers 403 while it is unset");
    public static final Setting<String> ALLOWED_HOSTS = Setting.text("allowed_hosts", "",
            Pattern.compile("|[A-Za-z0-9.\\-]{1,253}( *, *[A-Za-z0-9.\\-]{1,253}){0,63}"),
            "host names separated by commas, e.g. bot.example.com,dash.internal",
            "Names the dashboard answers to while it has no token (besides IP addresses and localhost)");
    public static final Setting<String> METRICS_AUTH_TOKEN = Setting.secret("metrics_auth_token",
            "Bearer token for the metrics endpoint; unset means open");
    public static final Setting<Integer> TIMER_CAP = Setting.integer("timer_cap", 10_000, 1, 10_000_000,
            "Interactions timed at once; beyond it the oldest is evicted and counted");
    public static final Setting<Integer> LABEL_CAP = Setting.integer("label_cap", 200, 1, 100_000,
            "Distinct values one label may take; further values collapse into 'other'");
    public static final Setting<String> PUSHGATEWAY_URL = Setting.secret("pushgateway_url",
            "Prometheus Pushgateway to push every metric to, http(s)://[user:pass@]host:9091; unset: no push");
    public static final Setting<String> PUSHGATEWAY_JOB = Setting.text("pushgateway_job", "argus", LABEL_VALUE,
            "1 to 64 letters, digits, '.', '_' or '-'", "The job of the pushed group (grouped by job and cluster)");
    public static final Setting<Integer> PUSH_INTERVAL_MS = Setting.integer("push_interval_ms", 15_000, 1_000,
            3_600_000, "Milliseconds between two pushes of the metrics (Pushgateway and OTLP)");
    public static final Setting<String> OTLP_ENDPOINT = Setting.secret("otlp_endpoint",
            "OTLP/HTTP (protobuf) receiver, http(s)://[user:pass@]host:4318[/path]: metrics go to <endpoint>/v1/metrics, "
                    + "spans to <endpoint>/v1/traces; unset: no OTLP");
    public static final Setting<String> OTLP_HEADERS = Setting.secret("otlp_headers",
            "Headers sent with every OTLP request, key=value pairs separated by commas (values may be %-encoded), "
                    + "e.g. Authorization=Basic%20abc... for a vendor's API key");
    public static final Setting<Boolean> OTLP_METRICS = Setting.bool("otlp_metrics", true,
            "Push the metrics to otlp_endpoint every push_interval_ms (false: spans only)");
    public static final Setting<String> OTLP_SERVICE_NAME = Setting.text("otlp_service_name", "argus", LABEL_VALUE,
            "1 to 64 letters, digits, '.', '_' or '-'",
            "The OTLP resource's service.name (a Prometheus OTLP receiver makes it the job label)");
    public static final Setting<Boolean> TRACING = Setting.bool("tracing", false,
            "One span per interaction and application command, sent to otlp_endpoint (off: no cost at all)");
    public static final Setting<Boolean> JVM_METRICS = Setting.bool("jvm_metrics", true,
            "JVM and process metrics (jvm_memory_*, jvm_gc_*, jvm_threads_*, process_*) on the metrics endpoint");
    public static final Setting<Boolean> LOG_METRICS = Setting.bool("log_metrics", true,
            "Count log records by logger and level (discord_log_records_total) where the SLF4J backend is Logback");

    private static final List<Setting<?>> ALL = List.of(PORT, HOST_SETTING, METRICS_PATH, NAMESPACE_SETTING,
            CLUSTER_ID, ENABLE_PER_GUILD, CLICKHOUSE_DSN, CLICKHOUSE_TABLE, CLICKHOUSE_CLUSTER, CLICKHOUSE_RETENTION_DAYS,
            CLICKHOUSE_ASYNC_INSERT, CLICKHOUSE_REQUEST_TIMEOUT_MS, SINK_QUEUE_CAPACITY, SINK_BATCH_SIZE,
            SINK_FLUSH_INTERVAL_MS, DASHBOARD, DASHBOARD_PATH, DASHBOARD_AUTH_TOKEN, ALLOWED_HOSTS, METRICS_AUTH_TOKEN, TIMER_CAP,
            LABEL_CAP, JVM_METRICS, LOG_METRICS, PUSHGATEWAY_URL, PUSHGATEWAY_JOB, PUSH_INTERVAL_MS, OTLP_ENDPOINT, OTLP_HEADERS,
            OTLP_METRICS, OTLP_SERVICE_NAME, TRACING);

    private Settings() {
    }

    /** Every setting, in documentation order. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The setting with this key, or {@code null}. */
    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
