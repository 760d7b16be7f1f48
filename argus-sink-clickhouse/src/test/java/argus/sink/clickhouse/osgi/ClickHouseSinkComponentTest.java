package argus.sink.clickhouse.osgi;

import argus.api.config.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's OSGi table names exactly the keys the {@code argus.sink.clickhouse} PID owns. */
class ClickHouseSinkComponentTest {
    @Test
    void theReadmeListsEveryKeyOfThePid() throws IOException {
        String row = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(l -> l.strip().startsWith("| `" + ClickHouseSinkComponent.PID + "` |"))
                .findFirst().orElseThrow(() -> new AssertionError("README has no OSGi row for " + ClickHouseSinkComponent.PID));
        String keysCell = row.strip().split("\\|")[2];
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("`([a-z_]+)`").matcher(keysCell);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                ClickHouseSinkComponent.KEYS.stream().map(Setting::key).toList());
    }
}
