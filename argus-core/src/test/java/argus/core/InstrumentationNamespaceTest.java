package argus.core;

import argus.api.config.ArgusConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bot's own metrics are named in its namespace (the {@code namespace} setting), as its Discord metrics are. */
class InstrumentationNamespaceTest {
    @Test
    void theBotsMetricsTakeTheNamespaceSetting() {
        try (Argus argus = Argus.builder().config(ArgusConfig.resolve(Map.of("namespace", "mybot"), Map.of()))
                .discoverModules(false).closeOnShutdown(false).start()) {
            argus.instrumentation().counter("jobs", "Jobs").inc(2);
            argus.instrumentation().timer("db_query").close();
            assertThat(argus.registry().value("mybot_jobs")).isEqualTo(2);
            assertThat(argus.registry().snapshot().family("mybot_db_query_seconds")).isNotNull();
            assertThat(argus.registry().snapshot().family("discord_jobs")).isNull();
            assertThat(argus.services().customMetrics()).containsExactly("mybot_jobs", "mybot_db_query_seconds");
        }
    }
}
