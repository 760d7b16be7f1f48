package argus.core;

import argus.api.config.ArgusConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jvm_metrics}: on by default, off by setting, and switched in place by a reconfiguration. */
class JvmMetricsSettingTest {
    private static Argus start(Map<String, String> settings) {
        return Argus.builder().config(ArgusConfig.resolve(settings, Map.of())).discoverModules(false)
                .closeOnShutdown(false).start();
    }

    private static boolean hasJvmSeries(Argus argus) {
        return argus.registry().snapshot().families().stream().anyMatch(f -> f.name().equals("jvm_memory_used_bytes"));
    }

    @Test
    void onByDefault() {
        try (Argus argus = start(Map.of())) {
            assertThat(hasJvmSeries(argus)).isTrue();
            assertThat(argus.registry().value("jvm_memory_used_bytes", "default", "heap")).isPositive();
        }
    }

    @Test
    void offBySettingAndSwitchedInPlace() {
        try (Argus argus = start(Map.of("jvm_metrics", "false"))) {
            assertThat(hasJvmSeries(argus)).isFalse();
            argus.reconfigure(ArgusConfig.resolve(Map.of("jvm_metrics", "true"), Map.of()));
            assertThat(hasJvmSeries(argus)).isTrue();
            argus.reconfigure(ArgusConfig.resolve(Map.of("jvm_metrics", "off"), Map.of()));
            assertThat(hasJvmSeries(argus)).isFalse();
            assertThat(argus.health().get("core").up()).isTrue(); // applied, nothing waits for a restart
        }
    }
}
