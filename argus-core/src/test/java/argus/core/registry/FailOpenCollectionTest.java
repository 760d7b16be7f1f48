package argus.core.registry;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Invariant 5 (docs/ARCHITECTURE.md §2): instrumentation fails open. A throwing gauge callback is counted in
 * {@code argus_instrumentation_errors_total{hook="collect:<name>"}} and loses only its own family.
 */
class FailOpenCollectionTest {
    private final MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));

    private void defineHealthyMetricsAndABrokenGauge() {
        registry.counter("discord_commands", "Commands", "command").labels("ping").inc(3);
        registry.gauge("discord_guilds", "Guilds", "", List.of(), out -> out.emit(42));
        registry.gauge("discord_broken", "Broken", "", List.of(), out -> {
            throw new IllegalStateException("JDA cache gone");
        });
        registry.gauge("discord_users", "Users", "", List.of(), out -> out.emit(7));
    }

    @Test
    void throwingGaugeCallback_doesNotThrowOutOfSnapshot() {
        defineHealthyMetricsAndABrokenGauge();

        assertThatCode(registry::snapshot).doesNotThrowAnyException();
    }

    @Test
    void throwingGaugeCallback_isCountedUnderItsCollectHook_inTheSameSnapshot() {
        defineHealthyMetricsAndABrokenGauge();

        MetricsSnapshot s = registry.snapshot();

        assertThat(MetricRegistry.valueOf(s, "argus_instrumentation_errors", "eu-1", "collect:discord_broken"))
                .isEqualTo(1);
    }

    @Test
    void throwingGaugeCallback_isCountedOnEveryScrape() {
        defineHealthyMetricsAndABrokenGauge();

        registry.snapshot();
        registry.snapshot();
        registry.snapshot();

        assertThat(registry.errorCount("collect:discord_broken")).isEqualTo(3);
    }

    @Test
    void throwingGaugeCallback_losesOnlyItsOwnFamily() {
        defineHealthyMetricsAndABrokenGauge();

        MetricsSnapshot s = registry.snapshot();

        assertThat(s.families()).extracting(MetricFamily::name).containsExactly("argus_label_overflow",
                "discord_commands", "discord_guilds", "discord_users", "argus_instrumentation_errors");
        assertThat(MetricRegistry.valueOf(s, "discord_commands", "eu-1", "ping")).isEqualTo(3);
        assertThat(MetricRegistry.valueOf(s, "discord_guilds", "eu-1")).isEqualTo(42);
        assertThat(MetricRegistry.valueOf(s, "discord_users", "eu-1")).isEqualTo(7);
    }

    @Test
    void callbackEmittingTheWrongNumberOfLabels_isContainedTheSameWay() {
        registry.gauge("discord_shard_up", "Up", "", List.of("shard"), out -> out.emit(1, "0", "extra"));
        registry.gauge("discord_guilds", "Guilds", "", List.of(), out -> out.emit(42));

        MetricsSnapshot s = registry.snapshot();

        assertThat(s.family("discord_shard_up")).isNull();
        assertThat(MetricRegistry.valueOf(s, "discord_guilds", "eu-1")).isEqualTo(42);
        assertThat(registry.errorCount("collect:discord_shard_up")).isEqualTo(1);
    }

    @Test
    void callbackThrowingALinkageError_isContained() {
        registry.gauge("discord_voice", "Voice", "", List.of(), out -> {
            throw new NoClassDefFoundError("net/dv8tion/jda/api/Missing");
        });

        assertThatCode(registry::snapshot).doesNotThrowAnyException();
        assertThat(registry.errorCount("collect:discord_voice")).isEqualTo(1);
    }

    @Test
    void callbackThatRecoversIsCollectedAgain() {
        boolean[] broken = {true};
        registry.gauge("discord_guilds", "Guilds", "", List.of(), out -> {
            if (broken[0]) {
                throw new IllegalStateException("not ready");
            }
            out.emit(5);
        });
        registry.snapshot();
        broken[0] = false;

        assertThat(MetricRegistry.valueOf(registry.snapshot(), "discord_guilds", "eu-1")).isEqualTo(5);
    }

    @Test
    void recordError_countsPerHook_andNeverThrows() {
        registry.recordError("event:slash", new RuntimeException("boom"));
        registry.recordError("event:slash", new RuntimeException("boom"));
        registry.recordError("rest", null);

        assertThat(registry.errorCount("event:slash")).isEqualTo(2);
        assertThat(registry.errorCount("rest")).isEqualTo(1);
    }

    @Test
    void nanGaugeValue_isLeftOut_ratherThanExposed() {
        registry.gauge("discord_latency", "Latency", "", List.of("shard"), out -> {
            out.emit(Double.NaN, "0");
            out.emit(0.05, "1");
        });

        assertThat(registry.snapshot().family("discord_latency").points()).extracting(p -> p.labels().get("shard"))
                .containsExactly("1");
    }
}
