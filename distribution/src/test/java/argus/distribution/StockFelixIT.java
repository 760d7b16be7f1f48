package argus.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Your own Felix" (README): a stock Apache Felix (the framework jar the distribution embeds, its default
 * properties) with only the bundles {@code argus-bundles.txt} publishes, each at its start level, configured
 * through Config Admin ({@link StockFelix}, its own process), serves Argus' {@code /metrics}, and Argus logs
 * through logback (not slf4j's no-op logger).
 */
class StockFelixIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void aStockFelixWithThePublishedSetServesMetrics(@TempDir Path dir) throws Exception {
        Path dist = ResolveTest.distDir().toAbsolutePath();
        Path list = dist.resolve("argus-bundles.txt");
        List<String[]> published = ImportRangeIT.published(list);
        Set<String> listed = published.stream().map(r -> r[3]).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inBundleFolder;
        try (Stream<Path> files = Files.list(dist.resolve("bundle"))) {
            inBundleFolder = files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(inBundleFolder).as("argus-bundles.txt names exactly the container's bundles").isEqualTo(listed);
        int port = LauncherTest.freePort();
        Path log = dir.resolve("stock-felix.log");
        String classes = Path.of(StockFelix.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        // README: point logback at a configuration; the distribution's works as is.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + dist.resolve("conf/logback.xml"),
                "-cp", dist.resolve("lib/org.apache.felix.framework.jar") + java.io.File.pathSeparator + classes,
                StockFelix.class.getName(), list.toString(), dist.resolve("bundle").toString(),
                dir.resolve("felix-cache").toString(), Integer.toString(port))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ARGUS_"));
        // Standard input stays open: the stock Gogo shell reads it, and its end would stop the framework.
        Process p = pb.start();
        try {
            LauncherTest.awaitLine(p, log, "STOCK READY");
            assertThat(LauncherTest.read(log)).as("bundles that did not start").doesNotContain("STOCK NOT-ACTIVE");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && p.isAlive() && (response == null || response.statusCode() != 200)) {
                try {
                    response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(response).as("an answer on the configured port; log:\n" + LauncherTest.read(log)).isNotNull();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("argus_up ").contains("argus_subsystem_up{");
            // Logback is the backend here: core's own start line is a log record counted by logger and level.
            assertThat(response.body()).containsPattern(
                    "(?m)^discord_log_records_total\\{(?=[^}]*logger=\"argus\\.core\\.Argus\")(?=[^}]*level=\"INFO\")[^}]*} [1-9]");
            // Every Argus line through logback's format (conf/logback.xml), not slf4j's no-op logger.
            assertThat(LauncherTest.read(log)).containsPattern("(?m)^\\S+ INFO  \\[[^\\]]*] argus\\.core\\.")
                    .doesNotContain("SLF4J(W): No SLF4J providers");
        } finally {
            p.destroy();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            System.out.println("---- stock Felix ----\n" + LauncherTest.read(log) + "---------------------");
        }
    }
}
