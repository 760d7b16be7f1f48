package argus.distribution;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./run.sh} as a new user runs it, without settings, over the distribution this build just made
 * ({@code ARGUS_SKIP_BUILD=1}: a build inside the build would be wrong): it says what it does at once, the
 * link it prints signs the browser in, the demo's analytics reach the local engine it started (when
 * Node.js is there), its log has no stack trace and no ERROR line, and Ctrl-C (SIGINT) stops Argus and
 * the engine with exit code 0. The quiet-log window is {@code argus.run.observe.s} seconds (default 60).
 */
class RunScriptTest {
    private static final Duration FIRST_LINE = Duration.ofSeconds(5);
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final Pattern LINK = Pattern.compile("Dashboard \\(signed in\\): (http://localhost:(\\d+)/\\?token=(\\w+))");
    private static final Pattern ENGINE = Pattern.compile("the local ClickHouse engine at (http://127\\.0\\.0\\.1:(\\d+))");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theDemoStartsVisiblyShowsAnalyticsSignedInLogsCalmlyAndStopsCleanlyOnCtrlC() throws Exception {
        Path repo = ResolveTest.distDir().toAbsolutePath().getParent().getParent().getParent();
        Path script = repo.resolve("run.sh");
        assertThat(script).isExecutable();
        Path log = Files.createTempFile("run-sh", ".log");
        int port = LauncherTest.freePort();
        ProcessBuilder pb = new ProcessBuilder(script.toString()).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ARGUS_") || k.equals("DISCORD_TOKEN"));
        pb.environment().put("ARGUS_SKIP_BUILD", "1");
        pb.environment().put("ARGUS_PORT", Integer.toString(port));
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean stopped = false;
        try {
            await(p, log, FIRST_LINE, out -> !out.isEmpty(), "a first line");
            System.out.printf("FIGURES run.sh first output after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(LauncherTest.read(log)).startsWith("run.sh: starting the Argus demo");

            String out = await(p, log, START, o -> LINK.matcher(o).find(), "the signed-in dashboard link");
            System.out.printf("FIGURES run.sh to the dashboard link (/metrics answering): %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            Matcher link = LINK.matcher(out);
            assertThat(link.find()).isTrue();
            assertThat(Integer.parseInt(link.group(2))).isEqualTo(port);
            String token = link.group(3);
            // Signed in: the token from the link opens the dashboard's API; without it the API refuses.
            assertThat(get("http://127.0.0.1:" + port + "/api/config", token).statusCode()).isEqualTo(200);
            assertThat(get("http://127.0.0.1:" + port + "/api/config", null).statusCode()).isEqualTo(401);
            // /metrics answers as soon as HTTP listens; the demo bot's first interactions follow its login.
            awaitTrue(() -> get("http://127.0.0.1:" + port + "/metrics", null).body().contains("discord_interactions_total"),
                    Duration.ofSeconds(60), "the demo's interactions on /metrics");

            Optional<String> engine = engineDsn(out);
            if (nodeInstalled()) {
                assertThat(engine).as("analytics on the local engine; log:\n" + out).isPresent();
            }
            long observeUntil = t0 + Duration.ofSeconds(Long.getLong("argus.run.observe.s", 60)).toNanos();
            if (engine.isPresent()) {
                String dsn = engine.get();
                awaitTrue(() -> rows(dsn) > 0, START, "analytics rows in the local engine");
                // ... and in the dashboard's Analytics API, signed in with the link's token.
                HttpResponse<String> top = get("http://127.0.0.1:" + port + "/api/analytics/top-guilds?days=1", token);
                assertThat(top.statusCode()).as(top.body()).isEqualTo(200);
                assertThat(top.body()).contains("guild_id");
                // The busiest guilds carry the names the bot's JDA cache holds (the local Discord's "guild-k"),
                // through the OSGi core service; without the token, no names.
                assertThat(top.body()).as("guild names in top-guilds").containsPattern("\"guild-\\d+\"");
                assertThat(get("http://127.0.0.1:" + port + "/api/analytics/top-guilds?days=1", null).body())
                        .doesNotContainPattern("guild-\\d+");
            }
            // A deliberate /flaky failure is one INFO line that says so (about one every 6 s at the demo's rate).
            awaitTrue(() -> LauncherTest.read(log).lines().anyMatch(l -> l.contains(" INFO ")
                            && l.contains("Deliberate failure: /flaky fails one time in four on purpose")),
                    START, "an INFO line for a deliberate /flaky failure");
            while (System.nanoTime() < observeUntil && p.isAlive()) {
                Thread.sleep(500);
            }
            assertThat(p.isAlive()).as("still running; log:\n" + LauncherTest.read(log)).isTrue();

            ctrlC(p);
            stopped = p.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            String all = LauncherTest.read(log);
            System.out.println("---- ./run.sh output ----\n" + all + "-------------------------");
            assertThat(stopped).as("stopped within " + STOP).isTrue();
            assertThat(p.exitValue()).as("exit code after Ctrl-C").isZero();
            assertThat(all).contains("[argus] stopped");
            for (String bad : List.of(" | at ", "Exception:", " ERROR ", "[argus] ERROR", "[argus] WARN")) {
                assertThat(all).as("no '" + bad.replace("\t", "\\t") + "' in the demo's log").doesNotContain(bad);
            }
            if (engine.isPresent()) {
                assertThat(all).contains("run.sh: local ClickHouse engine stopped");
                assertThat(answers(engine.get() + "/ping")).as("the engine stopped with it").isFalse();
            }
        } finally {
            if (!stopped) {
                p.destroy(); // SIGTERM: run.sh stops Argus and the engine
                if (!p.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            Files.deleteIfExists(log);
        }
    }

    /**
     * SIGINT, as Ctrl-C sends it. A process started with SIGINT ignored (some CI runners start jobs so)
     * cannot trap it, exactly as in a terminal whose shell ignores it; then SIGTERM, run.sh's other stop.
     */
    private static void ctrlC(Process p) throws Exception {
        String signal = ignoresSigint(p.pid()) ? "-TERM" : "-INT";
        System.out.println("stopping ./run.sh with kill " + signal);
        Process kill = new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0b10) != 0; // bit 1: signal 2
            }
        }
        return false;
    }

    private static Optional<String> engineDsn(String out) {
        Matcher m = ENGINE.matcher(out);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private long rows(String dsn) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dsn + "/?query="
                    + "SELECT%20count()%20FROM%20argus_events")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Long.parseLong(r.body().trim()) : 0;
        } catch (IOException | InterruptedException | NumberFormatException notYet) {
            return 0;
        }
    }

    private boolean answers(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException gone) {
            return false;
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean nodeInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node")) && Files.isExecutable(Path.of(dir, "npm"))) {
                return true;
            }
        }
        return false;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    private static String await(Process p, Path log, Duration timeout, java.util.function.Predicate<String> done,
                                String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String out = LauncherTest.read(log);
            if (done.test(out)) {
                return out;
            }
            assertThat(p.isAlive()).as("run.sh exited before " + what + "; output:\n" + out).isTrue();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "; output:\n" + out);
            }
            Thread.sleep(20);
        }
    }
}
