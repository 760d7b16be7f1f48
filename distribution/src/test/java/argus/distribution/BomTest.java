package argus.distribution;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The BOM manages every artifact a bot may depend on, so that importing it keeps their versions together. */
class BomTest {
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    @Test
    void theBomManagesEveryShippedArgusArtifactAndTheStarter() throws IOException {
        Set<String> shipped = new TreeSet<>();
        for (String entry : Files.readString(Path.of("target", "runtime-classpath.txt")).trim().split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if ((name.startsWith("argus-") && !name.startsWith("argus-wrap-") && !name.startsWith("argus-example-bot"))
                    || name.startsWith("discord-double")) {
                shipped.add(name.replaceFirst("-\\d[^-]*(-[A-Za-z]+)?\\.jar$", ""));
            }
        }
        shipped.add("argus-jda");        // the starter: a dependency set, not a bundle of the distribution
        shipped.add("argus-micrometer"); // the Micrometer bridge: for bots on the module or class path
        shipped.add("argus-exporter-otlp"); // OTLP push and tracing: module or class path, not the Felix container yet
        assertThat(shipped).contains("argus-core", "argus-web", "argus-sink-clickhouse");

        String bom = Files.readString(Path.of("..", "argus-bom", "pom.xml"));
        Set<String> managed = new TreeSet<>();
        // Only the managed dependencies: the BOM's pinned build plugins have artifactIds too.
        Matcher m = ARTIFACT.matcher(bom.substring(bom.indexOf("<dependencyManagement>"),
                bom.indexOf("</dependencyManagement>")));
        while (m.find()) {
            managed.add(m.group(1));
        }
        assertThat(managed).containsExactlyInAnyOrderElementsOf(shipped);
    }
}
