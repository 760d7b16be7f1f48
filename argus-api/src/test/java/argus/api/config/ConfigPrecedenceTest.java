package argus.api.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static argus.api.config.SampleValues.builderValue;
import static argus.api.config.SampleValues.envValue;
import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 6: one resolved configuration, builder > {@code ARGUS_*} environment > defaults, for every setting. */
class ConfigPrecedenceTest {

    static java.util.stream.Stream<Setting<?>> settings() {
        return SampleValues.settings();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void defaultApplies_whenNeitherBuilderNorEnvironmentSetsIt(Setting<?> s) {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of());

        assertThat((Object) cfg.get(s)).isEqualTo(s.defaultValue());
        assertThat(cfg.sourceOf(s)).isEqualTo("default");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void environmentBeatsDefault(Setting<?> s) {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of(s.envName(), envValue(s)));

        assertThat((Object) cfg.get(s)).isEqualTo(s.parse(envValue(s), "test")).isNotEqualTo(s.defaultValue());
        assertThat(cfg.sourceOf(s)).isEqualTo("environment");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void builderBeatsDefault(Setting<?> s) {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(s.key(), envValue(s)), Map.of());

        assertThat((Object) cfg.get(s)).isEqualTo(s.parse(envValue(s), "test")).isNotEqualTo(s.defaultValue());
        assertThat(cfg.sourceOf(s)).isEqualTo("builder");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void builderBeatsEnvironment(Setting<?> s) {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(s.key(), builderValue(s)), Map.of(s.envName(), envValue(s)));

        assertThat((Object) cfg.get(s)).isEqualTo(s.parse(builderValue(s), "test"))
                .isNotEqualTo(s.parse(envValue(s), "test"));
        assertThat(cfg.sourceOf(s)).isEqualTo("builder");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void emptyEnvironmentVariable_meansUnset(Setting<?> s) {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of(s.envName(), ""));

        assertThat((Object) cfg.get(s)).isEqualTo(s.defaultValue());
        assertThat(cfg.sourceOf(s)).isEqualTo("default");
    }

    @Test
    void builderAcceptsTypedValues_notOnlyText() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of("port", 9300, "dashboard", false, "timer_cap", 42), Map.of());

        assertThat(cfg.get(Settings.PORT)).isEqualTo(9300);
        assertThat(cfg.get(Settings.DASHBOARD)).isFalse();
        assertThat(cfg.get(Settings.TIMER_CAP)).isEqualTo(42);
    }

    @Test
    void explicitSourceName_isReportedAsTheSource() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of("port", "9300"), "pid argus.web", Map.of());

        assertThat(cfg.sourceOf(Settings.PORT)).isEqualTo("pid argus.web");
    }

    @Test
    void explicitSourceName_appearsInValidationMessages() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of("port", "x"), "pid argus.web", Map.of())))
                .hasMessageContaining("pid argus.web");
    }

    @Test
    void valuesFromDifferentSources_combineInOneConfiguration() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of("port", "9300"),
                Map.of("ARGUS_PORT", "9400", "ARGUS_NAMESPACE", "mybot"));

        assertThat(cfg.get(Settings.PORT)).isEqualTo(9300);
        assertThat(cfg.get(Settings.NAMESPACE_SETTING)).isEqualTo("mybot");
        assertThat(cfg.get(Settings.CLUSTER_ID)).isEqualTo("default");
    }
}
