package argus.api.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every invalid value fails resolution with a message that carries its own fix. */
class ConfigValidationTest {

    static Stream<Arguments> invalidValues() {
        return SampleValues.INVALID.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> Arguments.of(Settings.byKey(e.getKey()), v)));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("invalidValues")
    void invalidBuilderValue_isRejectedNamingKeyEnvVarValueAndAcceptedForm(Setting<?> s, String bad) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of(s.key(), bad), Map.of()));

        assertThat(e).as("%s=%s must be rejected", s, bad).isNotNull();
        assertThat(e.key()).isEqualTo(s.key());
        assertThat(e.getMessage())
                .contains("'" + s.key() + "'")
                .contains(s.envName())
                .contains('"' + bad + '"')
                .contains(s.accepted());
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("invalidValues")
    void invalidEnvironmentValue_isRejectedNamingKeyEnvVarValueAndAcceptedForm(Setting<?> s, String bad) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of(), Map.of(s.envName(), bad)));

        assertThat(e).as("%s=%s must be rejected", s.envName(), bad).isNotNull();
        assertThat(e.key()).isEqualTo(s.key());
        assertThat(e.getMessage())
                .contains("'" + s.key() + "'")
                .contains(s.envName())
                .contains('"' + bad + '"')
                .contains(s.accepted());
    }

    @Test
    void environmentValue_isNotValidatedWhenTheBuilderSetsTheSameSetting() {
        assertThatCode(() -> ArgusConfig.resolve(Map.of("port", "9300"), Map.of("ARGUS_PORT", "junk")))
                .doesNotThrowAnyException();
    }

    @Test
    void valueWithLineBreaks_isShownOnOneLine_soItCannotForgeLogLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of("port", "1\nWARN forged line\r"), Map.of()));

        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r").contains("1?WARN forged line?");
    }

    @Test
    void hugeValue_isTruncatedInTheMessage() {
        String huge = "9".repeat(10_000);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of("port", huge), Map.of()));

        assertThat(e.getMessage()).hasSizeLessThan(400).contains("9".repeat(80) + "…");
    }

    // --- secrets -------------------------------------------------------------------------------

    static Stream<Setting<?>> secrets() {
        return Settings.all().stream().filter(Setting::isSecret);
    }

    @Test
    void theCredentialSettingsAreSecret() {
        assertThat(secrets().map(Setting::key))
                .containsExactlyInAnyOrder("clickhouse_dsn", "dashboard_auth_token", "metrics_auth_token", "pushgateway_url",
                        "otlp_endpoint", "otlp_headers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void invalidSecret_isRejectedWithItsValueRedacted(Setting<?> s) {
        // A secret is refused only when blank; this one is distinctive blank text (em/en/thin spaces).
        String secret = "\u2003\u2002\u2009\u2003";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of(s.key(), secret), Map.of()));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo(s.key());
        assertThat(e.getMessage())
                .contains("'" + s.key() + "'")
                .contains(s.envName())
                .contains("(redacted)")
                .contains(s.accepted())
                .doesNotContain(secret);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void invalidSecretFromEnvironment_isRejectedWithItsValueRedacted(Setting<?> s) {
        String secret = "\u2003\u2002\u2009\u2003";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of(), Map.of(s.envName(), secret)));

        assertThat(e.getMessage()).contains(s.envName()).contains("(redacted)").doesNotContain(secret);
    }

    @Test
    void secretGivenUnderAMistypedKey_isNotEchoedInTheUnknownKeyMessage() {
        String secret = "hunter2-do-not-print";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of("metrics_auth_tokn", secret), Map.of()));

        assertThat(e.getMessage()).contains("metrics_auth_tokn").doesNotContain(secret);
    }

    @Test
    void secretsSet_neverAppearInAnotherSettingsErrorMessage() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ArgusConfig.resolve(
                Map.of("metrics_auth_token", "s3cret-metrics", "port", "nope"),
                Map.of("ARGUS_CLICKHOUSE_DSN", "http://u:s3cret-pass@ch:8123")));

        assertThat(e.getMessage()).doesNotContain("s3cret");
    }

    // --- booleans ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", "tRuE", "1", "yes", "YES", "Yes", "on", "ON", "On", " yes "})
    void booleanTrueSpellings_areAcceptedInAnyCase(String raw) {
        assertThat(ArgusConfig.resolve(Map.of("enable_per_guild", raw), Map.of()).get(Settings.ENABLE_PER_GUILD))
                .isTrue();
        assertThat(ArgusConfig.resolve(Map.of(), Map.of("ARGUS_ENABLE_PER_GUILD", raw)).get(Settings.ENABLE_PER_GUILD))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "False", "fAlSe", "0", "no", "NO", "No", "off", "OFF", "Off"})
    void booleanFalseSpellings_areAcceptedInAnyCase(String raw) {
        assertThat(ArgusConfig.resolve(Map.of("dashboard", raw), Map.of()).get(Settings.DASHBOARD)).isFalse();
        assertThat(ArgusConfig.resolve(Map.of(), Map.of("ARGUS_DASHBOARD", raw)).get(Settings.DASHBOARD)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2", "-1", "01", "1.0", "y", "n", "t", "f", "enable", "enabled", "disabled",
            "truee", "yess", "nein", "oui", "null", "true;", "ｔｒｕｅ", "١"})
    void anyOtherBooleanSpelling_isRejected(String raw) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of("enable_per_guild", raw), Map.of()));

        assertThat(e).as("'%s'", raw).isNotNull();
        assertThat(e.getMessage()).contains("enable_per_guild").contains("ARGUS_ENABLE_PER_GUILD")
                .contains("true/false, 1/0, yes/no or on/off");
    }

    // --- unknown names -------------------------------------------------------------------------

    @Test
    void unknownBuilderKey_isRejectedNamingEveryKnownKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of("prot", "9300"), Map.of()));

        assertThat(e.key()).isEqualTo("prot");
        assertThat(e.getMessage()).contains("'prot'");
        for (Setting<?> s : Settings.all()) {
            assertThat(e.getMessage()).contains(s.key());
        }
    }

    @Test
    void builderKeys_areCaseSensitive() {
        assertThat(catchThrowableOfType(ConfigException.class, () -> ArgusConfig.resolve(Map.of("PORT", "1"), Map.of())))
                .isNotNull();
    }

    /** README "Security defaults of the embedded HTTP server": every interface, port 9191, no token. */
    @Test
    void embeddedServerDefaults_areEveryInterfaceOnPort9191WithoutAToken() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of());

        assertThat(cfg.get(Settings.HOST_SETTING)).isEqualTo("0.0.0.0");
        assertThat(cfg.get(Settings.PORT)).isEqualTo(9191);
        assertThat(cfg.get(Settings.DASHBOARD)).isTrue();
        assertThat(cfg.isSet(Settings.DASHBOARD_AUTH_TOKEN)).isFalse();
        assertThat(cfg.isSet(Settings.METRICS_AUTH_TOKEN)).isFalse();
    }

    @Test
    void unknownArgusEnvironmentVariable_isAWarningNotAnError() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of("ARGUS_PROT", "9300", "ARGUS_PORT", "9400"));

        assertThat(cfg.get(Settings.PORT)).isEqualTo(9400);
        assertThat(cfg.warnings()).singleElement().asString().contains("ARGUS_PROT").contains("port")
                .contains("label_cap");
    }

    @Test
    void environmentVariableWithTheWrongCase_isWarnedAbout_becauseItIsNeverRead() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of("ARGUS_port", "9400"));

        assertThat(cfg.get(Settings.PORT)).isEqualTo(9191);
        assertThat(cfg.warnings()).singleElement().asString().contains("ARGUS_port");
    }

    @Test
    void unknownEnvironmentVariableName_isSanitisedInTheWarning() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of("ARGUS_X\nFORGED", "1"));

        assertThat(cfg.warnings()).singleElement().asString().doesNotContain("\n").contains("ARGUS_X?FORGED");
    }

    @Test
    void nonArgusEnvironmentVariables_areIgnoredSilently() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of("PATH", "/bin", "HOME", "/root", "DISCORD_TOKEN", "x",
                "ARGUSPORT", "1", "argus_port", "1"));

        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.get(Settings.PORT)).isEqualTo(9191);
    }

    @Test
    void knownEnvironmentVariables_produceNoWarnings() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of("ARGUS_PORT", "9300", "ARGUS_LABEL_CAP", "5"));

        assertThat(cfg.warnings()).isEmpty();
    }

    // --- combinations --------------------------------------------------------------------------

    @Test
    void dashboardPathEqualToMetricsPath_isRejected() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of("dashboard_path", "/metrics"), Map.of()));

        assertThat(e.key()).isEqualTo("dashboard_path");
        assertThat(e.getMessage()).contains("dashboard_path").contains("metrics_path").contains("'/metrics'")
                .contains("dashboard=false");
    }

    @Test
    void dashboardPathEqualToMetricsPath_isRejectedWhenBothComeFromTheEnvironment() {
        assertThat(catchThrowableOfType(ConfigException.class, () -> ArgusConfig.resolve(Map.of(),
                Map.of("ARGUS_DASHBOARD_PATH", "/x", "ARGUS_METRICS_PATH", "/x")))).isNotNull();
    }

    @Test
    void dashboardPathEqualToMetricsPath_isAllowedWhenTheDashboardIsOff() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of("dashboard_path", "/x", "metrics_path", "/x", "dashboard", "false"),
                Map.of());

        assertThat(cfg.get(Settings.METRICS_PATH)).isEqualTo("/x");
    }

    @Test
    void analyticsIsRequested_whenPerGuildAndDsnAreBothSet() {
        assertThat(ArgusConfig.resolve(Map.of("enable_per_guild", "true", "clickhouse_dsn", "http://ch:8123"), Map.of())
                .analyticsRequested()).isTrue();
    }

    @Test
    void analyticsIsRequested_whenBothComeFromTheEnvironment() {
        assertThat(ArgusConfig.resolve(Map.of(),
                Map.of("ARGUS_ENABLE_PER_GUILD", "on", "ARGUS_CLICKHOUSE_DSN", "http://ch:8123")).analyticsRequested())
                .isTrue();
    }

    @Test
    void analyticsIsNotRequested_withPerGuildAlone() {
        assertThat(ArgusConfig.resolve(Map.of("enable_per_guild", "true"), Map.of()).analyticsRequested()).isFalse();
    }

    @Test
    void analyticsIsNotRequested_withDsnAlone() {
        assertThat(ArgusConfig.resolve(Map.of("clickhouse_dsn", "http://ch:8123"), Map.of()).analyticsRequested())
                .isFalse();
    }

    @Test
    void analyticsIsNotRequested_byDefault() {
        assertThat(ArgusConfig.defaults().analyticsRequested()).isFalse();
    }

    @Test
    void analyticsIsNotRequested_whenTheBuilderTurnsOffWhatTheEnvironmentTurnedOn() {
        assertThat(ArgusConfig.resolve(Map.of("enable_per_guild", "false"),
                Map.of("ARGUS_ENABLE_PER_GUILD", "true", "ARGUS_CLICKHOUSE_DSN", "http://ch:8123")).analyticsRequested())
                .isFalse();
    }

    // --- describe ------------------------------------------------------------------------------

    @Test
    void describe_redactsEverySecretThatIsSet() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of("metrics_auth_token", "m-s3cret", "dashboard_auth_token", "d-s3cret"),
                Map.of("ARGUS_CLICKHOUSE_DSN", "http://user:p-s3cret@ch:8123"));

        assertThat(cfg.describe()).containsEntry("metrics_auth_token", "(set)")
                .containsEntry("dashboard_auth_token", "(set)").containsEntry("clickhouse_dsn", "(set)");
        assertThat(cfg.describe().toString()).doesNotContain("s3cret");
        assertThat(cfg.toString()).doesNotContain("s3cret");
    }

    @Test
    void describe_showsUnsetSecretsAsUnset() {
        assertThat(ArgusConfig.defaults().describe()).containsEntry("metrics_auth_token", "(unset)")
                .containsEntry("dashboard_auth_token", "(unset)").containsEntry("clickhouse_dsn", "(unset)");
    }

    @Test
    void describe_showsPlainSettingsAsTheirValues_forEverySetting() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of("port", "9300", "namespace", "mybot"), Map.of());

        assertThat(cfg.describe()).containsOnlyKeys(Settings.all().stream().map(Setting::key).toArray(String[]::new))
                .containsEntry("port", "9300").containsEntry("namespace", "mybot").containsEntry("dashboard", "true");
    }

    @Test
    void isSet_tellsWhetherATextSettingHasAValue() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of("metrics_auth_token", "t"), Map.of());

        assertThat(cfg.isSet(Settings.METRICS_AUTH_TOKEN)).isTrue();
        assertThat(cfg.isSet(Settings.DASHBOARD_AUTH_TOKEN)).isFalse();
    }
}
