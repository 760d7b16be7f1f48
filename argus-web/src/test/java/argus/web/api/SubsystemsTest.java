package argus.web.api;

import argus.api.health.Health;
import argus.api.metrics.Labels;
import argus.core.registry.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink tile's three states: off when nobody configured analytics (no sink, or the NullSink that
 * OSGi binds), down only when analytics was asked for and does not work, up otherwise; and the
 * snapshot JSON that carries them.
 */
class SubsystemsTest {
    private static Map<String, Health> health(Object... kv) {
        Map<String, Health> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Health) kv[i + 1]);
        }
        return m;
    }

    @Test
    void analyticsNotConfiguredIsOffNotDown() {
        Map<String, Subsystems.Status> s = Subsystems.of(health("core", Health.up("observing")), false, false);
        assertThat(s.get("sink").state()).isEqualTo(Subsystems.State.OFF);
        assertThat(s.get("sink").detail()).contains("not configured");
        assertThat(s.get("core").state()).isEqualTo(Subsystems.State.UP);
    }

    @Test
    void theNullSinkIsOffToo() {
        Map<String, Subsystems.Status> s = Subsystems.of(
                health("core", Health.up("observing"), "sink", Health.up("analytics off (NullSink)")), false, false);
        assertThat(s.get("sink").state()).isEqualTo(Subsystems.State.OFF);
    }

    @Test
    void requestedButNoSinkModuleIsDownWithAReason() {
        Map<String, Subsystems.Status> s = Subsystems.of(health("core", Health.up("observing")), true, false);
        assertThat(s.get("sink").state()).isEqualTo(Subsystems.State.DOWN);
        assertThat(s.get("sink").detail()).contains("argus-sink-clickhouse");
    }

    @Test
    void aConfiguredSinkIsUpOrDownAsItsHealthSays() {
        assertThat(Subsystems.of(health("sink", Health.up("writing")), true, true).get("sink"))
                .isEqualTo(new Subsystems.Status(Subsystems.State.UP, "writing"));
        assertThat(Subsystems.of(health("sink", Health.down("ClickHouse unreachable: connection refused")), true, true)
                .get("sink")).isEqualTo(new Subsystems.Status(Subsystems.State.DOWN,
                "ClickHouse unreachable: connection refused"));
        // OSGi: the dashboard's PID does not carry the analytics keys; a bound store says it is on.
        assertThat(Subsystems.of(health("sink", Health.down("closed")), false, true).get("sink").state())
                .isEqualTo(Subsystems.State.DOWN);
    }

    @Test
    void otherSubsystemsKeepTheirOwnState() {
        Map<String, Subsystems.Status> s = Subsystems.of(
                health("server", Health.down("could not listen on 9090"), "otlp", Health.up("exporting")), false, false);
        assertThat(s.keySet()).containsExactly("server", "otlp", "sink");
        assertThat(s.get("server")).isEqualTo(new Subsystems.Status(Subsystems.State.DOWN, "could not listen on 9090"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSnapshotCarriesTheStatesAndSinkUpIsNullWhenOff() {
        MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
        // What core exports with analytics off: the gauge has points, but none for "sink".
        registry.gauge("argus_subsystem_up", "subsystems", "", List.of("subsystem"), out -> out.emit(1, "core"));

        Map<String, Object> off = new SnapshotView("discord", List::of,
                () -> Subsystems.of(health("core", Health.up("observing")), false, false)).toJson(registry.snapshot());
        assertThat(((Map<String, Object>) off.get("overview")).get("sink_up")).isNull();
        Map<String, Object> sink = (Map<String, Object>) ((Map<String, Object>) off.get("subsystems")).get("sink");
        assertThat(sink).containsEntry("state", "off");

        Map<String, Object> down = new SnapshotView("discord", List::of,
                () -> Subsystems.of(health("sink", Health.down("ClickHouse unreachable")), true, true))
                .toJson(registry.snapshot());
        assertThat(((Map<String, Object>) down.get("overview")).get("sink_up")).isEqualTo(false);
        assertThat((Map<String, Object>) ((Map<String, Object>) down.get("subsystems")).get("sink"))
                .containsEntry("state", "down").containsEntry("detail", "ClickHouse unreachable");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutHealthTheGaugeAloneNoLongerReadsAMissingSinkAsDown() {
        MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
        registry.gauge("argus_subsystem_up", "subsystems", "", List.of("subsystem"), out -> out.emit(1, "core"));
        Map<String, Object> json = new SnapshotView("discord").toJson(registry.snapshot());
        assertThat(((Map<String, Object>) json.get("overview")).get("sink_up")).isNull();
        assertThat(json).doesNotContainKey("subsystems");
    }
}
