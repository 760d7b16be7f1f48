package argus.api.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;

/**
 * Two valid, non-default values for every setting (one for the builder, one for the environment)
 * and invalid values for every validated setting. {@code SettingsCatalogueTest} fails when a new
 * setting is added without samples here, so precedence and validation tests cover it automatically.
 */
final class SampleValues {
    /**
     * key → {value given to the builder, value given in the environment}. The environment value
     * always differs from the default and from the builder value once parsed (checked by
     * {@code SettingsCatalogueTest}); for booleans that forces the builder value to be the default.
     */
    static final Map<String, List<String>> VALID = Map.ofEntries(
            entry("port", List.of("9300", "9400")),
            entry("host", List.of("127.0.0.1", "::1")),
            entry("metrics_path", List.of("/prom", "/internal/metrics")),
            entry("namespace", List.of("mybot", "other_bot")),
            entry("cluster_id", List.of("eu-1", "us.west_2")),
            entry("enable_per_guild", List.of("no", "yes")),
            entry("clickhouse_dsn", List.of("http://u:builder-pass@ch:8123/db", "http://u:env-pass@ch:8123")),
            entry("clickhouse_table", List.of("events", "analytics.events")),
            entry("clickhouse_cluster", List.of("analytics", "{cluster}")),
            entry("clickhouse_retention_days", List.of("90", "30")),
            entry("clickhouse_async_insert", List.of("0", "on")),
            entry("clickhouse_request_timeout_ms", List.of("5000", "30000")),
            entry("sink_queue_capacity", List.of("500", "700")),
            entry("sink_batch_size", List.of("100", "200")),
            entry("sink_flush_interval_ms", List.of("250", "5000")),
            entry("dashboard", List.of("on", "off")),
            entry("dashboard_path", List.of("/dash", "/ui/")),
            entry("dashboard_auth_token", List.of("builder-dash-secret", "env-dash-secret")),
            entry("metrics_auth_token", List.of("builder-metrics-secret", "env-metrics-secret")),
            entry("timer_cap", List.of("50", "60")),
            entry("label_cap", List.of("10", "20")),
            entry("pushgateway_url", List.of("http://pgw:9091", "https://u:env-pass@pgw.example:9091")),
            entry("pushgateway_job", List.of("bot", "bot-eu")),
            entry("push_interval_ms", List.of("5000", "60000")),
            entry("otlp_endpoint", List.of("http://collector:4318", "https://otlp.example.com/otlp")),
            entry("otlp_headers", List.of("x-api-key=builder-key", "Authorization=Basic%20ZW52OmtleQ==")),
            entry("otlp_metrics", List.of("yes", "off")),
            entry("otlp_service_name", List.of("mybot", "bot-eu")),
            entry("tracing", List.of("false", "true")),
            entry("jvm_metrics", List.of("on", "off")),
            entry("log_metrics", List.of("yes", "off")),
            entry("allowed_hosts", List.of("bot.example.com", "dash.internal, 10-0-0-1.lan")));

    /** key → values that setting must refuse (non-secret settings; secrets are covered separately). */
    static final Map<String, List<String>> INVALID = Map.ofEntries(
            entry("port", List.of("65536", "-1", "http", "91 91", "9191.0")),
            entry("host", List.of("bad host", "host;rm -rf /", "ho\"st")),
            entry("metrics_path", List.of("metrics", "/a b", "/x?y=1", "/%2e%2e")),
            entry("namespace", List.of("1bot", "my-bot", "bot name")),
            entry("cluster_id", List.of("eu 1", "x".repeat(65), "eu/1", "eu\"1")),
            entry("enable_per_guild", List.of("maybe", "2", "y")),
            entry("clickhouse_table", List.of("events; DROP TABLE x", "a.b.c", "1events", "`events`")),
            entry("clickhouse_cluster", List.of("it's", "a b", "1cluster", "{cluster", "c'; DROP TABLE x",
                    "x".repeat(64))),
            entry("clickhouse_retention_days", List.of("-1", "36501", "ninety")),
            entry("clickhouse_async_insert", List.of("enabled", "10")),
            entry("clickhouse_request_timeout_ms", List.of("99", "600001", "10s")),
            entry("sink_queue_capacity", List.of("0", "10000001", "lots")),
            entry("sink_batch_size", List.of("0", "1000001")),
            entry("sink_flush_interval_ms", List.of("9", "600001", "1s")),
            entry("dashboard", List.of("nope", "-1")),
            entry("dashboard_path", List.of("dash", "/da sh", "/<script>")),
            entry("timer_cap", List.of("0", "10000001")),
            entry("label_cap", List.of("0", "100001")),
            entry("pushgateway_job", List.of("my job", "a/b", "x".repeat(65))),
            entry("push_interval_ms", List.of("999", "3600001", "15s")),
            entry("otlp_metrics", List.of("sometimes", "2")),
            entry("otlp_service_name", List.of("my bot", "a/b", "x".repeat(65))),
            entry("tracing", List.of("enabled", "-1")),
            entry("jvm_metrics", List.of("maybe", "2")),
            entry("log_metrics", List.of("logback", "-1")),
            entry("allowed_hosts", List.of("evil.com/x", "a;b", "*.example.com")));

    private SampleValues() {
    }

    static Stream<Setting<?>> settings() {
        return Settings.all().stream();
    }

    static String builderValue(Setting<?> s) {
        return VALID.get(s.key()).get(0);
    }

    static String envValue(Setting<?> s) {
        return VALID.get(s.key()).get(1);
    }
}
