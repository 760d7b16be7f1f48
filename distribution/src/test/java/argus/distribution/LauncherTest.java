package argus.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product as a user gets it: the .tar.gz unpacked into a fresh folder, {@code bin/argus} started as a
 * process, stopped with SIGTERM. The launcher must start every bundle, serve /metrics on the port set in
 * {@code conf/argus.http.cfg}, exit with code 0 and log no stack trace and no bundle error.
 */
class LauncherTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private static Path tarball;

    @BeforeAll
    static void findArchive() throws IOException {
        String configured = System.getProperty("argus.dist.tar");
        tarball = configured != null ? Path.of(configured) : ResolveTest.distDir().resolveSibling(
                ResolveTest.distDir().getFileName() + ".tar.gz");
        assertThat(tarball).exists();
    }

    /** The launcher's own contract, independent of what the bundles serve. */
    @Test
    void startsEveryBundleAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path home = unpack(dir);
        Path log = dir.resolve("argus.log");
        Process p = start(home, log);
        try {
            awaitLine(p, log, "[argus] started ");
            String started = read(log).lines().filter(l -> l.contains("[argus] started ")).findFirst().orElseThrow();
            assertThat(started).as("every bundle starts").doesNotContain("failed").matches(".*\\[argus] started (\\d+) of \\1 bundles.*");
        } finally {
            stopAndCheck(p, log);
        }
    }

    /** Cold start to the first successful scrape, idle resident memory, then a clean stop. */
    @Test
    void servesMetricsAndReportsColdStartAndMemory(@TempDir Path dir) throws Exception {
        Path home = unpack(dir);
        int port = freePort();
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + port + "\n");
        Path log = dir.resolve("argus.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();

        long t0 = System.nanoTime();
        Process p = start(home, log);
        try {
            HttpResponse<String> response = null;
            long deadline = t0 + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                try {
                    response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(25);
            }
            long coldStartMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(response).as("no answer on /metrics; log:\n" + read(log)).isNotNull();
            assertThat(response.statusCode()).as("GET /metrics; log:\n" + read(log)).isEqualTo(200);
            assertThat(response.body()).contains("argus_up");

            Thread.sleep(3_000); // let start-up work settle
            long rssKb = rssKb(p.pid());
            System.out.printf("FIGURES cold start to first /metrics 200: %d ms; idle RSS: %d MB (%d kB)%n",
                    coldStartMs, rssKb / 1024, rssKb);
        } finally {
            stopAndCheck(p, log);
        }
    }

    /**
     * The example bot in demo mode (a real JDA against the in-container local Discord): the wrapped JDA,
     * okhttp/okio/kotlin and the JDK HTTP server load for real, and argus.core observes the bot's service.
     * The demo injects faults on purpose and bin/argus alone logs JDA's errors about them (run.sh quiets them
     * for the demo, see RunScriptTest), so only class-loading problems
     * and the exit code are checked here.
     */
    @Test
    void observesTheDemoBotInTheContainer(@TempDir Path dir) throws Exception {
        Path home = unpack(dir);
        int port = freePort();
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + port + "\n");
        Files.writeString(home.resolve("conf/argus.example.bot.cfg"), "mode = demo\nguilds = 3\n");
        Path log = dir.resolve("argus.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        Process p = start(home, log);
        String body = "";
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && p.isAlive()
                    && !(body.contains("discord_guilds{cluster=\"default\"} 3.0") && body.contains("discord_interactions_total{"))) {
                try {
                    HttpResponse<String> r = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                    body = r.statusCode() == 200 ? r.body() : "";
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            assertThat(body).as("the demo bot's metrics; log:\n" + read(log))
                    .contains("discord_guilds{cluster=\"default\"} 3.0").contains("discord_interactions_total{");
        } finally {
            p.destroy();
            boolean exited = p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String out = read(log);
            System.out.println("---- bin/argus output (demo) ----\n" + out + "--------------------------");
            assertThat(exited).isTrue();
            assertThat(p.exitValue()).as("exit code after SIGTERM").isZero();
            for (String bad : List.of("NoClassDefFoundError", "ClassNotFoundException", "LinkageError",
                    "SLF4J(", "JDALogger", "[argus] ERROR", "[argus] WARN")) {
                assertThat(out).as("no '" + bad + "' in the log").doesNotContain(bad);
            }
        }
    }

    static Path unpack(Path dir) throws Exception {
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        try (var entries = Files.list(dir)) {
            Path home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
            assertThat(home.resolve("bin/argus")).isExecutable();
            return home;
        }
    }

    /** bin/argus from an unrelated working directory (it must find its own home). */
    static Process start(Path home, Path log) throws IOException {
        return new ProcessBuilder(home.resolve("bin/argus").toString())
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static void awaitLine(Process p, Path log, String prefix) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (read(log).lines().anyMatch(l -> l.contains(prefix))) {
                return;
            }
            assertThat(p.isAlive()).as("launcher exited early; log:\n" + read(log)).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + prefix + "' within " + START_TIMEOUT + "; log:\n" + read(log));
    }

    /** SIGTERM (Process.destroy on Unix), then: exit code 0, a clean log. */
    static void stopAndCheck(Process p, Path log) throws Exception {
        p.destroy();
        boolean exited = p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = read(log);
        System.out.println("---- bin/argus output ----\n" + out + "--------------------------");
        assertThat(exited).as("stopped within " + STOP_TIMEOUT).isTrue();
        assertThat(p.exitValue()).as("exit code after SIGTERM; log:\n" + out).isZero();
        assertThat(out).contains("[argus] stopped");
        // Bundles log through logback (found through SPI Fly), not a NOP or fallback logger.
        assertThat(out).containsPattern(" INFO  \\[main] argus\\.core\\.");
        for (String bad : List.of("Exception", " | at ", "ERROR", "[argus] WARN", "SLF4J(")) {
            assertThat(out).as("no '" + bad.replace("\t", "\\t") + "' in the log").doesNotContain(bad);
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
