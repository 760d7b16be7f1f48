package argus.core.registry;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.ValuePoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots are immutable, deterministic in order, and carry the constant labels on every point. */
class SnapshotTest {

    private static MetricRegistry registryIncrementing(List<String> commandOrder) {
        MetricRegistry r = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
        Counter c = r.counter("discord_commands", "Commands", "command", "outcome");
        r.gauge("discord_guilds", "Guilds", "", List.of(), out -> out.emit(3));
        Histogram h = r.histogram("discord_duration_seconds", "Duration", "seconds", new double[] {1}, "command");
        for (String cmd : commandOrder) {
            c.labels(cmd, "success").inc();
            h.labels(cmd).observe(0.5);
        }
        return r;
    }

    @Test
    void pointOrder_doesNotDependOnTheOrderValuesWereFirstSeen() {
        List<MetricFamily> a = registryIncrementing(List.of("ping", "ban", "zap", "help")).snapshot().families();
        List<MetricFamily> b = registryIncrementing(List.of("zap", "help", "ping", "ban")).snapshot().families();

        assertThat(a).isEqualTo(b);
        assertThat(a.get(1).points()).extracting(p -> p.labels().get("command"))
                .containsExactly("ban", "help", "ping", "zap");
    }

    @Test
    void familyOrder_isDefinitionOrder_withInstrumentationErrorsLast() {
        assertThat(registryIncrementing(List.of("ping")).snapshot().families()).extracting(MetricFamily::name)
                .containsExactly("argus_label_overflow", "discord_commands", "discord_guilds",
                        "discord_duration_seconds", "argus_instrumentation_errors");
    }

    @Test
    void repeatedSnapshots_ofAnUnchangedRegistry_areEqual() {
        MetricRegistry r = registryIncrementing(List.of("ping", "ban"));

        assertThat(r.snapshot().families()).isEqualTo(r.snapshot().families());
    }

    @Test
    void constantLabels_comeFirstOnEveryPoint() {
        MetricRegistry r = registryIncrementing(List.of("ping"));

        assertThat(r.snapshot().families()).flatExtracting(MetricFamily::points)
                .allSatisfy(p -> assertThat(p.labels().names().get(0)).isEqualTo("cluster"))
                .allSatisfy(p -> assertThat(p.labels().values().get(0)).isEqualTo("eu-1"));
    }

    @Test
    void snapshot_isNotChangedByLaterIncrements() {
        MetricRegistry r = new MetricRegistry(200);
        Counter c = r.counter("discord_commands", "Commands");
        c.unlabelled().inc();
        var before = r.snapshot();

        c.unlabelled().inc(10);

        assertThat(((ValuePoint) before.family("discord_commands").points().get(0)).value()).isEqualTo(1);
        assertThat(r.value("discord_commands")).isEqualTo(11);
    }

    @Test
    void unlabelledCounter_isPresentAtZeroBeforeAnyIncrement() {
        MetricRegistry r = new MetricRegistry(200);
        r.counter("discord_commands", "Commands");

        assertThat(r.value("discord_commands")).isZero();
    }

    @Test
    void infoMetric_isAConstantOneWithItsLabels() {
        MetricRegistry r = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
        r.info("discord_bot", "Bot", Labels.of("jda_version", "6.5.0", "argus_version", "0.1.0"));

        MetricFamily f = r.snapshot().family("discord_bot");
        assertThat(f.type()).isEqualTo(MetricType.INFO);
        assertThat(f.points()).singleElement().satisfies(p -> {
            assertThat(((ValuePoint) p).value()).isEqualTo(1);
            assertThat(p.labels()).isEqualTo(Labels.of("cluster", "eu-1", "jda_version", "6.5.0", "argus_version", "0.1.0"));
        });
    }

    @Test
    void snapshotHasATimestamp() {
        long before = System.currentTimeMillis();

        long ts = new MetricRegistry(200).snapshot().timestampMillis();

        assertThat(ts).isBetween(before, System.currentTimeMillis());
    }
}
