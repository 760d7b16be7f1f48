package argus.exporter.prometheus;

import argus.api.metrics.MetricsSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact bytes of both formats for {@link Fixture}. The golden files were reviewed by hand (see
 * {@link EscapingTest} for the spec rules they must satisfy). After an intended change, regenerate
 * with {@code mvn -o -pl argus-exporter-prometheus test -Dgolden.update=true} and review the diff.
 */
class GoldenFileTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private static void assertMatchesGolden(String file, String actual) throws IOException {
        Path path = GOLDEN.resolve(file);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(path, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(path, StandardCharsets.UTF_8));
    }

    @Test
    void prometheusText004_matchesGoldenFile() throws IOException {
        assertMatchesGolden("prometheus-0.0.4.txt", Fixture.render(Fixture.snapshot(), Fixture.TEXT));
    }

    @Test
    void openMetrics100_matchesGoldenFile() throws IOException {
        assertMatchesGolden("openmetrics-1.0.0.txt", Fixture.render(Fixture.snapshot(), Fixture.OPENMETRICS));
    }

    @Test
    void output_doesNotDependOnTheSnapshotTimestamp() throws IOException {
        MetricsSnapshot s = Fixture.snapshot();
        MetricsSnapshot later = new MetricsSnapshot(Long.MAX_VALUE, s.families());

        assertThat(Fixture.render(later, Fixture.TEXT)).isEqualTo(Fixture.render(s, Fixture.TEXT));
        assertThat(Fixture.render(later, Fixture.OPENMETRICS)).isEqualTo(Fixture.render(s, Fixture.OPENMETRICS));
    }

    @Test
    void liveRegistrySnapshots_renderLikeTheGoldenFile() throws IOException {
        // Two independent registries built at different instants render identically.
        assertThat(Fixture.render(Fixture.registry().snapshot(), Fixture.TEXT))
                .isEqualTo(Files.readString(GOLDEN.resolve("prometheus-0.0.4.txt"), StandardCharsets.UTF_8));
    }
}
