package argus.api.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config Admin properties (OSGi) resolve like builder arguments, with the PID named in every error. */
class ConfigAdminTest {
    private static final List<Setting<?>> HTTP = List.of(Settings.HOST_SETTING, Settings.PORT, Settings.METRICS_PATH,
            Settings.METRICS_AUTH_TOKEN);
    private static final List<Setting<?>> SINK = List.of(Settings.ENABLE_PER_GUILD, Settings.SINK_BATCH_SIZE);

    @Test
    void frameworkBookkeepingIsSkippedAndSettingsApply() {
        ArgusConfig config = ArgusConfig.fromConfigAdmin(Map.of(
                "service.pid", "argus.http",
                "felix.fileinstall.filename", "file:/opt/argus/conf/argus.http.cfg",
                "component.name", "argus.http",
                "port", "9300"), "argus.http", HTTP, Map.of());
        assertThat(config.get(Settings.PORT)).isEqualTo(9300);
        assertThat(config.sourceOf(Settings.PORT)).isEqualTo("Config Admin PID argus.http");
    }

    @Test
    void configAdminWinsOverEnvironmentWhichWinsOverDefaults() {
        ArgusConfig config = ArgusConfig.fromConfigAdmin(Map.of("port", "9300"), "argus.http", HTTP,
                Map.of("ARGUS_PORT", "9400", "ARGUS_HOST", "127.0.0.1"));
        assertThat(config.get(Settings.PORT)).isEqualTo(9300);
        assertThat(config.get(Settings.HOST_SETTING)).isEqualTo("127.0.0.1");
        assertThat(config.get(Settings.METRICS_PATH)).isEqualTo("/metrics");
    }

    @Test
    void typedValuesFromMetatypeAreAcceptedLikeText() {
        ArgusConfig config = ArgusConfig.fromConfigAdmin(Map.of("enable_per_guild", Boolean.TRUE,
                "sink_batch_size", 250), "argus.sink.clickhouse", SINK, Map.of());
        assertThat(config.get(Settings.ENABLE_PER_GUILD)).isTrue();
        assertThat(config.get(Settings.SINK_BATCH_SIZE)).isEqualTo(250);
    }

    @Test
    void aBadValueNamesThePidTheKeyAndWhatIsAccepted() {
        assertThatThrownBy(() -> ArgusConfig.fromConfigAdmin(Map.of("port", "ninety"), "argus.http", HTTP, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("Config Admin PID argus.http")
                .hasMessageContaining("ninety");
    }

    @Test
    void aKeyOfAnotherPidIsAnErrorNamingThisPidsKeys() {
        assertThatThrownBy(() -> ArgusConfig.fromConfigAdmin(Map.of("enable_per_guild", "true"), "argus.http", HTTP,
                Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'enable_per_guild' is not read from Config Admin PID argus.http")
                .hasMessageContaining("host, port, metrics_path, metrics_auth_token");
    }

    @Test
    void aTypoIsAnErrorNotSilence() {
        assertThatThrownBy(() -> ArgusConfig.fromConfigAdmin(Map.of("prot", "9300"), "argus.http", HTTP, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prot")
                .hasMessageContaining("Config Admin PID argus.http")
                .hasMessageContaining("known settings are");
    }

    @Test
    void aBadVariableOfAnotherPidDoesNotStopThisOne() {
        ArgusConfig config = ArgusConfig.fromConfigAdmin(Map.of(), "argus.http", HTTP,
                Map.of("ARGUS_SINK_BATCH_SIZE", "lots", "ARGUS_PORT", "9400"));

        assertThat(config.get(Settings.PORT)).isEqualTo(9400);
        assertThat(config.get(Settings.SINK_BATCH_SIZE)).isEqualTo(Settings.SINK_BATCH_SIZE.defaultValue());
    }

    @Test
    void aBadVariableOfThisPidIsStillAnError() {
        assertThatThrownBy(() -> ArgusConfig.fromConfigAdmin(Map.of(), "argus.http", HTTP, Map.of("ARGUS_PORT", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ARGUS_PORT");
    }
}
