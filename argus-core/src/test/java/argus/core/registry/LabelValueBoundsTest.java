package argus.core.registry;

import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.ValuePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 2 (docs/ARCHITECTURE.md §2), label values: each label takes at most {@code label_cap} distinct values;
 * later ones, and id-like values at any time, collapse into {@code other} and are counted in
 * {@code argus_label_overflow_total{metric}}.
 */
class LabelValueBoundsTest {
    private static final int CAP = 3;

    private final MetricRegistry registry = new MetricRegistry(CAP);
    private final Counter commands = registry.counter("discord_commands", "Commands", "command");

    private double overflowOf(String metric) {
        return registry.value("argus_label_overflow", metric);
    }

    private List<String> commandValues() {
        return registry.snapshot().family("discord_commands").points().stream()
                .map(p -> p.labels().get("command")).toList();
    }

    @Test
    void labelTakesUpToCapDistinctValues() {
        commands.labels("a").inc();
        commands.labels("b").inc();
        commands.labels("c").inc();

        assertThat(commandValues()).containsExactly("a", "b", "c");
        assertThat(overflowOf("discord_commands")).isNaN(); // no overflow series at all yet
    }

    @Test
    void valuesBeyondTheCap_collapseIntoOther() {
        for (String v : List.of("a", "b", "c", "d", "e")) {
            commands.labels(v).inc();
        }

        assertThat(commandValues()).containsExactly("a", "b", "c", "other");
        assertThat(registry.value("discord_commands", "other")).isEqualTo(2);
    }

    @Test
    void everyObservationOfAnOverflowingValue_isCounted() {
        for (String v : List.of("a", "b", "c", "d", "e", "d", "d")) {
            commands.labels(v).inc();
        }

        assertThat(overflowOf("discord_commands")).isEqualTo(4);
        assertThat(registry.value("discord_commands", "other")).isEqualTo(4);
    }

    @Test
    void admittedValues_keepTheirOwnSeriesAfterTheCapIsReached() {
        for (String v : List.of("a", "b", "c", "d", "a", "a")) {
            commands.labels(v).inc();
        }

        assertThat(registry.value("discord_commands", "a")).isEqualTo(3);
        assertThat(overflowOf("discord_commands")).isEqualTo(1);
    }

    @Test
    void overflowIsCountedPerMetric() {
        Counter other = registry.counter("discord_errors", "Errors", "error_type");
        for (String v : List.of("a", "b", "c", "d")) {
            commands.labels(v).inc();
            other.labels(v).inc();
            other.labels(v + "2").inc();
        }

        assertThat(overflowOf("discord_commands")).isEqualTo(1);
        assertThat(overflowOf("discord_errors")).isEqualTo(5);
    }

    @Test
    void capApplies_perLabel_notPerSeries() {
        Counter twoLabels = registry.counter("discord_pairs", "Pairs", "command", "outcome");
        for (String c : List.of("a", "b", "c")) {
            for (String o : List.of("success", "error")) {
                twoLabels.labels(c, o).inc();
            }
        }

        // 3 commands x 2 outcomes = 6 series, all admitted: each label has at most 3 values.
        assertThat(registry.snapshot().family("discord_pairs").points()).hasSize(6);
        assertThat(overflowOf("discord_pairs")).isNaN();
    }

    @Test
    void overflowingSecondLabel_collapsesOnlyThatLabel() {
        Counter twoLabels = registry.counter("discord_pairs", "Pairs", "command", "outcome");
        for (String o : List.of("o1", "o2", "o3", "o4")) {
            twoLabels.labels("ping", o).inc();
        }

        assertThat(registry.value("discord_pairs", "ping", "other")).isEqualTo(1);
        assertThat(overflowOf("discord_pairs")).isEqualTo(1);
    }

    @Test
    void histogramValuesAreBoundedToo() {
        Histogram h = registry.histogram("discord_duration_seconds", "D", "seconds", new double[] {1}, "command");
        for (String v : List.of("a", "b", "c", "d", "e")) {
            h.labels(v).observe(0.5);
        }

        assertThat(registry.snapshot().family("discord_duration_seconds").point("other")).isNotNull();
        assertThat(overflowOf("discord_duration_seconds")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345", "81384788765712384", "12345678901234567890", "guild-81384788765712384",
            "123456789012345x", "user:123456789012345678"})
    void snowflakeLikeValue_collapsesIntoOther_evenBelowTheCap(String value) {
        commands.labels(value).inc();

        assertThat(commandValues()).containsExactly("other");
        assertThat(overflowOf("discord_commands")).isEqualTo(1);
    }

    @Test
    void snowflakeLikeValues_doNotUseUpTheCap() {
        commands.labels("123456789012345").inc();
        commands.labels("223456789012345").inc();
        commands.labels("a").inc();
        commands.labels("b").inc();
        commands.labels("c").inc();

        assertThat(commandValues()).containsExactly("a", "b", "c", "other");
    }

    @Test
    void fourteenDigits_isStillABoundedValue() {
        commands.labels("12345678901234").inc();

        assertThat(commandValues()).containsExactly("12345678901234");
    }

    @Test
    void overlongEmptyAndNullValues_collapseIntoOther() {
        Counter c = registry.counter("discord_odd", "Odd", "command");
        c.labels("x".repeat(101)).inc();
        c.labels("").inc();
        c.labels((String) null).inc();
        c.labels("x".repeat(100)).inc();

        MetricsSnapshot s = registry.snapshot();
        assertThat(((ValuePoint) s.family("discord_odd").point("other")).value()).isEqualTo(3);
        assertThat(s.family("discord_odd").point("x".repeat(100))).isNotNull();
    }

    @Test
    void theValueOther_isAlwaysAdmitted_withoutCountingAsOverflow() {
        commands.labels("a").inc();
        commands.labels("b").inc();
        commands.labels("c").inc();
        commands.labels("other").inc();

        assertThat(overflowOf("discord_commands")).isNaN();
        assertThat(commandValues()).containsExactly("a", "b", "c", "other");
    }

    @Test
    void gaugeCallbackValues_collapseIdLikeValuesIntoOther() {
        registry.gauge("discord_shard_up", "Shard up", "", List.of("shard"), out -> {
            out.emit(1, "0");
            out.emit(1, "81384788765712384");
        });

        assertThat(registry.snapshot().family("discord_shard_up").points())
                .extracting(p -> p.labels().get("shard")).containsExactly("0", "other");
    }

    @Test
    void gaugeValuesCollapsingIntoOther_mergeIntoOnePointHoldingTheirSum() {
        registry.gauge("discord_members", "Members", "", List.of("shard"), out -> {
            out.emit(5, "81384788765712384");
            out.emit(7, "91384788765712384");
            out.emit(1, "0");
        });

        var points = registry.snapshot().family("discord_members").points();
        assertThat(points).extracting(p -> p.labels().get("shard")).containsExactly("0", "other");
        assertThat(((ValuePoint) registry.snapshot().family("discord_members").point("other")).value()).isEqualTo(12);
    }
}
