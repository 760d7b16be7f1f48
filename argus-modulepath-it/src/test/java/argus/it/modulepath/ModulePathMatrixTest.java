package argus.it.modulepath;

import argus.sink.clickhouse.ClickHouseTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every feature works on the module path as on the class path: {@link ModulePathBot}, a named module,
 * runs in its own JVM with {@code --module-path} alone (no class path), once per feature set. A set
 * is the Argus jars a bot puts beside its own; the third-party jars are all there each time, which
 * costs nothing (an explicit module nobody requires is never resolved), so a module that forgets a
 * {@code requires} fails here exactly as it fails for a user.
 */
class ModulePathMatrixTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String TOKEN = "modulepath-token";
    private static final String CLUSTER = "modpath";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path MODULES = Path.of("target/modules");
    private static final String CORE = "argus-core";
    private static final Set<String> ARGUS_OPTIONAL = Set.of("argus-jda", "argus-exporter-prometheus", "argus-http",
            "argus-web", "argus-sink-null", "argus-sink-clickhouse");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void coreAloneCollectsEverySeriesWithoutHttp() throws Exception {
        try (BotProcess bot = BotProcess.start(Set.of(), Map.of())) {
            assertThat(bot.port).as("no argus-http on the module path: no server").isEqualTo(-1);
            assertThat(bot.series).containsEntry("discord_interactions[" + CLUSTER + ", slash_command, acknowledged]",
                    (double) ModulePathBot.COMMANDS);
            assertThat(bot.series).containsEntry("discord_gateway_events[" + CLUSTER + ", INTERACTION_CREATE]",
                    (double) ModulePathBot.COMMANDS);
            assertThat(bot.series).containsEntry("discord_shard_sessions[" + CLUSTER + ", ready]", 1.0);
            // The bot's own metrics, through argus.api.instrument on the module path.
            assertThat(bot.series).containsEntry("discord_lookups[" + CLUSTER + ", ping]", (double) ModulePathBot.COMMANDS);
            assertThat(bot.series).containsEntry("discord_queue_depth[" + CLUSTER + "]", 2.0);
            // JVM and process metrics, on by default; the process ones come from jdk.management's MBean,
            // which a named-module bot that never requires it still gets.
            assertThat(bot.series).containsKeys("jvm_memory_used_bytes[" + CLUSTER + ", heap]",
                    "jvm_threads_current[" + CLUSTER + "]", "process_cpu_seconds[" + CLUSTER + "]",
                    "process_open_fds[" + CLUSTER + "]");
            bot.stop();
            assertThat(bot.output()).doesNotContain("NoClassDefFoundError", "Exception");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theStarterServesMetricsAndNoDashboard() throws Exception {
        try (BotProcess bot = BotProcess.start(Set.of("argus-jda", "argus-exporter-prometheus", "argus-http"), Map.of())) {
            HttpResponse<String> metrics = get(bot.port, "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("discord_interactions_total{cluster=\"" + CLUSTER
                    + "\",status=\"acknowledged\",type=\"slash_command\"} " + (double) ModulePathBot.COMMANDS);
            assertThat(metrics.body()).contains("discord_db_query_seconds_count{cluster=\"" + CLUSTER + "\"} "
                    + ModulePathBot.COMMANDS + "\n", "discord_lookups_total{cluster=\"" + CLUSTER + "\",command=\"ping\"} "
                    + (double) ModulePathBot.COMMANDS, "\njvm_memory_used_bytes{area=\"heap\",cluster=\"" + CLUSTER + "\"} ",
                    "\nprocess_cpu_seconds_total{cluster=\"" + CLUSTER + "\"} ");
            assertThat(get(bot.port, "/healthz", null).statusCode()).isEqualTo(200);
            assertThat(get(bot.port, "/", TOKEN).statusCode()).as("no argus-web: no dashboard").isEqualTo(404);
            bot.stop();
            assertThat(bot.output()).doesNotContain("NoClassDefFoundError", "Exception");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theDashboardAndItsApisAnswer() throws Exception {
        try (BotProcess bot = BotProcess.start(Set.of("argus-jda", "argus-exporter-prometheus", "argus-http", "argus-web"),
                Map.of())) {
            HttpResponse<String> page = get(bot.port, "/", TOKEN);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).containsIgnoringCase("<html");
            HttpResponse<String> snapshot = get(bot.port, "/api/snapshot", TOKEN);
            assertThat(snapshot.statusCode()).isEqualTo(200);
            assertThat(snapshot.body()).contains("discord_interactions");
            assertThat(get(bot.port, "/api/snapshot", null).statusCode()).as("the token is required").isEqualTo(401);
            bot.stop();
            assertThat(bot.output()).doesNotContain("NoClassDefFoundError", "Exception");
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theClickHouseSinkWritesEveryEventAndTheAnalyticsApiReadsThem() throws Exception {
        String dsn = ClickHouseTestServer.dsn(); // skips (or fails with CI=true) when no engine can be had
        String table = "argus_events_mp_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        Map<String, String> analytics = Map.of("ARGUS_ENABLE_PER_GUILD", "true", "ARGUS_CLICKHOUSE_DSN", dsn,
                "ARGUS_CLICKHOUSE_TABLE", table, "ARGUS_SINK_FLUSH_INTERVAL_MS", "50");
        try (BotProcess bot = BotProcess.start(Set.of("argus-jda", "argus-exporter-prometheus", "argus-http", "argus-web",
                "argus-sink-null", "argus-sink-clickhouse"), analytics)) {
            int events = 2 * ModulePathBot.COMMANDS; // one interaction row and one app_command row each
            waitFor(() -> rows(dsn, "SELECT count() FROM " + table).equals(List.of(List.of(Integer.toString(events)))),
                    () -> "rows in " + table);
            HttpResponse<String> top = get(bot.port, "/api/analytics/top-commands?guild_id=" + ModulePathBot.GUILD, TOKEN);
            assertThat(top.statusCode()).as(top.body()).isEqualTo(200);
            assertThat(top.body()).contains("\"ping\"", Integer.toString(ModulePathBot.COMMANDS));
            bot.stop();
            assertThat(bot.output()).contains("SINK accepted=" + events + " written=" + events + " failed=0 dropped=0")
                    .doesNotContain("NoClassDefFoundError", "Exception");
        } finally {
            rows(dsn, "DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withoutAnSlf4jProviderArgusSaysWhereItsLogWent() throws Exception {
        try (BotProcess bot = BotProcess.start(Set.of(), Map.of(), Set.of("slf4j-simple"))) {
            bot.stop();
            assertThat(bot.output()).contains("Argus: no SLF4J provider is on the class or module path");
        }
    }

    /** The bot's JVM, started with a module path of the third-party jars, core and {@code optional}. */
    private static final class BotProcess implements AutoCloseable {
        final Process process;
        final StringBuilder out = new StringBuilder();
        final Map<String, Double> series = new HashMap<>();
        int port = Integer.MIN_VALUE;

        private BotProcess(Process process) {
            this.process = process;
        }

        static BotProcess start(Set<String> optional, Map<String, String> settings) throws IOException {
            return start(optional, settings, Set.of());
        }

        static BotProcess start(Set<String> optional, Map<String, String> settings, Set<String> without)
                throws IOException {
            List<String> path = new ArrayList<>();
            path.add(Path.of("target/classes").toAbsolutePath().toString());
            try (Stream<Path> jars = Files.list(MODULES)) {
                for (Path jar : jars.sorted().collect(Collectors.toList())) {
                    String artifact = artifactOf(jar);
                    if ((!ARGUS_OPTIONAL.contains(artifact) || optional.contains(artifact)) && !without.contains(artifact)) {
                        path.add(jar.toAbsolutePath().toString());
                    }
                }
            }
            assertThat(path).as("argus-core is on the module path").anyMatch(p -> p.contains(CORE));
            String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(launcher, "--module-path", String.join(File.pathSeparator, path),
                    "-m", "argus.it.modulepath/argus.it.modulepath.ModulePathBot").redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("ARGUS_"));
            pb.environment().putAll(Map.of("ARGUS_PORT", "0", "ARGUS_HOST", "127.0.0.1", "ARGUS_CLUSTER_ID", CLUSTER,
                    "ARGUS_DASHBOARD_AUTH_TOKEN", TOKEN));
            pb.environment().putAll(settings);
            BotProcess bot = new BotProcess(pb.start());
            bot.awaitReady();
            return bot;
        }

        private static String artifactOf(Path jar) {
            return jar.getFileName().toString().replaceFirst("-\\d[^-]*(-[A-Za-z]+)?\\.jar$", "");
        }

        private void awaitReady() throws IOException {
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Thread pump = new Thread(() -> {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        synchronized (out) {
                            out.append(line).append('\n');
                            parse(line);
                            out.notifyAll();
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "bot-output");
            pump.setDaemon(true);
            pump.start();
            await("READY");
        }

        private void parse(String line) {
            if (line.startsWith("PORT ")) {
                port = Integer.parseInt(line.substring(5).trim());
            } else if (line.startsWith("SERIES ")) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(7, space), Double.parseDouble(line.substring(space + 1)));
            }
        }

        /** Waits for a line that is exactly {@code marker} (a SERIES line may contain the word, e.g. READY). */
        private void await(String marker) {
            long deadline = System.nanoTime() + T.toNanos();
            String line = "\n" + marker + "\n";
            synchronized (out) {
                while (out.indexOf(line) < 0 && !out.toString().startsWith(marker + "\n")) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0 || (!process.isAlive() && out.indexOf(line) < 0)) {
                        throw new AssertionError("the bot did not print " + marker + "; its output:\n" + out);
                    }
                    try {
                        out.wait(Math.min(left, 200));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                }
            }
        }

        /** Asks the bot to close Argus (draining the sink) and waits for it to exit 0. */
        void stop() throws IOException, InterruptedException {
            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            }
            assertThat(process.waitFor(T.toSeconds(), TimeUnit.SECONDS)).as("the bot exits").isTrue();
            await("STOPPED");
            assertThat(process.exitValue()).as(output()).isZero();
        }

        String output() {
            synchronized (out) {
                return out.toString();
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Rows of a query, read from ClickHouse's HTTP interface directly (not through Argus). */
    private static List<List<String>> rows(String dsn, String sql) {
        URI u = URI.create(dsn.startsWith("jdbc:") ? dsn.substring(dsn.indexOf("http")) : dsn);
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        URI base = URI.create(u.getScheme() + "://" + u.getHost() + ":" + (u.getPort() < 0 ? 8123 : u.getPort()) + "/"
                + (path.isEmpty() ? "" : "?database=" + path));
        HttpRequest.Builder b = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql + " FORMAT TabSeparated"));
        if (u.getRawUserInfo() != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    URLDecoder.decode(u.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return List.of(List.of("HTTP " + r.statusCode(), r.body()));
            }
            List<List<String>> out = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                if (!line.isEmpty()) {
                    out.add(List.of(line.split("\t", -1)));
                }
            }
            return out;
        } catch (IOException e) {
            return List.of(List.of("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(100);
        }
    }
}
