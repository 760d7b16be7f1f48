package argus.api.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalogue of settings agrees with itself, with the test samples, and with the README. */
class SettingsCatalogueTest {
    private static final Path README = Path.of("..", "README.md");
    /** A row of the README's configuration table: | `key` | default | meaning |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| ([^|]*)\\|", Pattern.MULTILINE);

    static Stream<Setting<?>> settings() {
        return Settings.all().stream();
    }

    private static Map<String, String> readmeConfigurationTable() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Configuration");
        assertThat(start).as("README has a Configuration section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            rows.put(m.group(1), m.group(2).trim());
        }
        return rows;
    }

    @Test
    void readmeDocumentsEverySetting() throws IOException {
        assertThat(readmeConfigurationTable().keySet())
                .containsAll(Settings.all().stream().map(Setting::key).toList());
    }

    @Test
    void readmeDocumentsNoSettingThatDoesNotExist() throws IOException {
        assertThat(readmeConfigurationTable().keySet())
                .allSatisfy(key -> assertThat(Settings.byKey(key)).as("README setting '%s'", key).isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void readmeDefault_isTheRealDefault(Setting<?> s) throws IOException {
        String documented = readmeConfigurationTable().get(s.key());

        assertThat(documented).as("README row for %s", s.key()).isNotNull();
        assertThat(documented).isEqualTo(String.valueOf(s.defaultValue()));
    }

    @Test
    void keysAreUnique_lowerSnakeCase_andFindableByKey() {
        List<String> keys = Settings.all().stream().map(Setting::key).toList();

        assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.matches("[a-z][a-z0-9_]*"));
        for (Setting<?> s : Settings.all()) {
            assertThat(Settings.byKey(s.key())).isSameAs(s);
        }
        assertThat(Settings.byKey("no_such_setting")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void envName_isArgusPrefixPlusUpperCaseKey(Setting<?> s) {
        assertThat(s.envName()).isEqualTo("ARGUS_" + s.key().toUpperCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void defaultValue_isItselfValid(Setting<?> s) {
        if (s.isSecret()) {
            assertThat(s.defaultValue()).isEqualTo("");
        } else {
            assertThat((Object) s.parse(String.valueOf(s.defaultValue()), "default")).isEqualTo(s.defaultValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everySettingHasADescriptionAndAnAcceptedForm(Setting<?> s) {
        assertThat(s.description()).isNotBlank();
        assertThat(s.accepted()).isNotBlank();
    }

    /** Keeps the precedence tests meaningful: they could not fail with samples equal to the default. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void sampleValues_existAndAreDistinguishable(Setting<?> s) {
        assertThat(SampleValues.VALID).containsKey(s.key());
        Object fromBuilder = s.parse(SampleValues.builderValue(s), "test");
        Object fromEnv = s.parse(SampleValues.envValue(s), "test");

        assertThat(fromEnv).isNotEqualTo(s.defaultValue()).isNotEqualTo(fromBuilder);
    }

    static Stream<Setting<?>> nonSecretSettings() {
        return Settings.all().stream().filter(s -> !s.isSecret());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonSecretSettings")
    void everyNonSecretSetting_hasInvalidSamples(Setting<?> s) {
        assertThat(SampleValues.INVALID).as("invalid samples for %s", s.key()).containsKey(s.key());
    }
}
