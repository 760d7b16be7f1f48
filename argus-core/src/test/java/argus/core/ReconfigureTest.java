package argus.core;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.health.Health;
import argus.core.registry.Counter;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A running Argus takes configuration updates in place: nothing counted is lost, nothing is silently ignored. */
class ReconfigureTest {

    private static Argus start(Map<String, String> settings) {
        return Argus.builder().config(ArgusConfig.resolve(settings, Map.of())).discoverModules(false)
                .closeOnShutdown(false).start();
    }

    private static ArgusConfig config(Map<String, String> settings) {
        return ArgusConfig.resolve(settings, Map.of());
    }

    @Test
    void aRaisedLabelCapAdmitsNewValuesAndKeepsEveryCount() {
        try (Argus argus = start(Map.of("label_cap", "2"))) {
            Counter c = argus.registry().counter("things", "t", "k");
            c.labels("a").inc(5);
            c.labels("b").inc();
            c.labels("c").inc();   // over the cap

            argus.reconfigure(config(Map.of("label_cap", "3")));
            c.labels("d").inc();

            assertThat(argus.registry().value("things", "a")).isEqualTo(5);
            assertThat(argus.registry().value("things", "other")).isEqualTo(1);
            assertThat(argus.registry().value("things", "d")).isEqualTo(1);
            assertThat(argus.health()).doesNotContainKey("restart:core");
        }
    }

    @Test
    void aLoweredLabelCapKeepsAdmittedSeriesCounting() {
        try (Argus argus = start(Map.of("label_cap", "3"))) {
            Counter c = argus.registry().counter("things", "t", "k");
            c.labels("a").inc();
            c.labels("b").inc();

            argus.reconfigure(config(Map.of("label_cap", "1")));
            c.labels("b").inc();
            c.labels("z").inc();

            assertThat(argus.registry().value("things", "b")).isEqualTo(2);
            assertThat(argus.registry().value("things", "other")).isEqualTo(1);
        }
    }

    @Test
    void anIdentityKeyChangeKeepsTheRunningValueAndAsksForARestart() {
        try (Argus argus = start(Map.of("cluster_id", "eu-1"))) {
            Counter c = argus.registry().counter("things", "t", "k");
            c.labels("a").inc(3);

            argus.reconfigure(config(Map.of("cluster_id", "eu-2", "namespace", "bot")));

            Health restart = argus.health().get("restart:core");
            assertThat(restart.up()).isFalse();
            assertThat(restart.detail()).contains("restart needed").contains("cluster_id=eu-2")
                    .contains("namespace=bot").contains("running with eu-1");
            assertThat(argus.registry().value("things", "a")).isEqualTo(3);
            assertThat(argus.registry().snapshot().family("things").toString()).contains("eu-1");

            argus.reconfigure(config(Map.of("cluster_id", "eu-1")));   // set back: nothing waits any more
            assertThat(argus.health()).doesNotContainKey("restart:core");
        }
    }

    @Test
    void aRejectedUpdateShowsInHealthAndTheMetricUntilAValidOne() {
        try (Argus argus = start(Map.of())) {
            argus.services().configuration("argus.http", new ConfigException("port",
                    "Invalid value \"abc\" for setting 'port' (from Config Admin PID argus.http; env ARGUS_PORT): "
                            + "expected a whole number from 0 to 65535."));

            Health h = argus.health().get("config:argus.http");
            assertThat(h.up()).isFalse();
            assertThat(h.detail()).contains("'port'").contains("argus.http").contains("previous configuration");
            assertThat(argus.registry().value("argus_config_rejected", "argus.http")).isEqualTo(1);

            argus.services().configuration("argus.http", null);
            assertThat(argus.health()).doesNotContainKey("config:argus.http");
            assertThat(argus.registry().value("argus_config_rejected", "argus.http")).isEqualTo(0);
        }
    }

    @Test
    void aSubsystemReportedFromOutsideShowsInHealthUntilRemoved() throws Exception {
        try (Argus argus = start(Map.of())) {
            AutoCloseable server = argus.services().subsystem("server", () -> Health.down("port busy"));

            assertThat(argus.health().get("server")).isEqualTo(Health.down("port busy"));
            assertThat(argus.registry().value("argus_subsystem_up", "server")).isEqualTo(0);
            server.close();
            assertThat(argus.health()).doesNotContainKey("server");
        }
    }
}
