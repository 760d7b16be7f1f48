package argus.web.api;

import argus.api.metrics.Labels;
import argus.core.instrument.UserMetrics;
import argus.core.jvm.JvmMetrics;
import argus.core.registry.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's JSON: the "custom" list of the bot's own families, and the heap and GC numbers. */
class SnapshotViewCustomAndJvmTest {
    private final MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
    private final UserMetrics user = new UserMetrics(registry, "discord");

    @Test
    @SuppressWarnings("unchecked")
    void listsTheBotsFamiliesAndReportsHeapAndGc() {
        JvmMetrics.register(registry);
        user.counter("jobs", "Jobs", "outcome").labels("ok").inc();
        user.timer("db_query").close();
        System.gc();

        Map<String, Object> json = new SnapshotView("discord", user::names).toJson(registry.snapshot());

        assertThat((List<String>) json.get("custom")).containsExactly("discord_jobs", "discord_db_query_seconds");
        Map<String, Object> o = (Map<String, Object>) json.get("overview");
        assertThat(((Number) o.get("heap_used_bytes")).doubleValue()).isPositive();
        assertThat(((Number) o.get("heap_max_bytes")).doubleValue()).isNotZero(); // -1 when the JVM has no max
        assertThat(((Number) o.get("gc_collections_total")).longValue()).isPositive();
        assertThat(((Number) o.get("gc_seconds_total")).doubleValue()).isGreaterThanOrEqualTo(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutJvmMetricsOrCustomFamiliesTheKeysAreEmpty() {
        Map<String, Object> json = new SnapshotView("discord").toJson(registry.snapshot());
        assertThat((List<String>) json.get("custom")).isEmpty();
        Map<String, Object> o = (Map<String, Object>) json.get("overview");
        assertThat(o.get("heap_used_bytes")).isNull();
        assertThat(o.get("gc_seconds_total")).isNull();
    }
}
