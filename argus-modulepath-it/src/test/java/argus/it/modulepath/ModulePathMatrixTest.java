package argus.it.modulepath;

import argus.sink.clickhouse.ClickHouseTestServer;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every feature works on the module path as on the class path: {@link ModulePathBot}, a named module,
 * runs in its own JVM with {@code --module-path} alone (no class path), once per feature set, and
 * then with the same jars on {@code -cp}. A feature set is the dependencies a bot declares (its own:
 * argus-core, the local Discord, an SLF4J provider; plus the set's Argus artifacts), and its path is
 * exactly what Maven resolves for them ({@link DependencyGraph}), so a module that forgets a
 * {@code requires}, or an artifact that forgets a dependency (the starter), fails here as it fails
 * for a user. Each run prints what the set weighs and how long {@code /metrics} took to answer
 * ({@code FIGURE} lines in the test output).
 */
class ModulePathMatrixTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String TOKEN = "modulepath-token";
    private static final String CLUSTER = "modpath";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path MODULES = Path.of("target/modules");
    private static final Path GRAPH = Path.of("target/dependency-graph.tgf");
    /** What the bot itself depends on, whatever Argus feature it adds. */
    private static final Set<String> BOT = Set.of("argus-core", "discord-double", "slf4j-simple");
    private static final Set<String> CORE_ONLY = Set.of();
    private static final Set<String> STARTER = Set.of("argus-jda");
    private static final Set<String> DASHBOARD = Set.of("argus-jda", "argus-web");
    private static final Set<String> ANALYTICS = Set.of("argus-jda", "argus-web", "argus-sink-clickhouse");
    private static final Set<String> OTLP = Set.of("argus-exporter-otlp");

    /** How the bot's JVM finds the jars. */
    enum Launch { MODULE_PATH, CLASS_PATH }

    @ParameterizedTest
    @EnumSource(Launch.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void coreAloneCollectsEverySeriesWithoutHttp(Launch launch) throws Exception {
        try (BotProcess bot = BotProcess.start(launch, "core only", CORE_ONLY, Map.of())) {
            assertThat(bot.port).as("no argus-http on the module path: no server").isEqualTo(-1);
            assertThat(bot.series).containsEntry("discord_interactions[" + CLUSTER + ", slash_command, acknowledged]",
                    (double) ModulePathBot.COMMANDS);
            assertThat(bot.series).containsEntry("discord_gateway_events[" + CLUSTER + ", INTERACTION_CREATE]",
                    (double) ModulePathBot.COMMANDS);
            assertThat(bot.series).containsEntry("discord_shard_sessions[" + CLUSTER + ", ready]", 1.0);
            // The README's order (instrument, build, attach): the session's start is counted too.
            assertThat(bot.series).containsEntry("discord_gateway_events[" + CLUSTER + ", READY]", 1.0)
                    .containsEntry("discord_gateway_events[" + CLUSTER + ", GUILD_CREATE]", 1.0);
            // The bot's own metrics, through argus.api.instrument on the module path.
            assertThat(bot.series).containsEntry("discord_lookups[" + CLUSTER + ", ping]", (double) ModulePathBot.COMMANDS);
            assertThat(bot.series).containsEntry("discord_queue_depth[" + CLUSTER + "]", 2.0);
            // JVM and process metrics, on by default; the process ones come from jdk.management's MBean,
            // which a named-module bot never requires (service binding resolves it).
            assertThat(bot.series).containsKeys("jvm_memory_used_bytes[" + CLUSTER + ", heap]",
                    "jvm_threads_current[" + CLUSTER + "]", "process_cpu_seconds[" + CLUSTER + "]",
                    "process_open_fds[" + CLUSTER + "]");
            bot.stop();
            assertThat(bot.output()).doesNotContain("NoClassDefFoundError", "Exception");
        }
    }

    @ParameterizedTest
    @EnumSource(Launch.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theStarterAloneServesMetricsAndNoDashboard(Launch launch) throws Exception {
        try (BotProcess bot = BotProcess.start(launch, "starter (/metrics)", STARTER, Map.of())) {
            HttpResponse<String> metrics = get(bot.port, "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("discord_interactions_total{cluster=\"" + CLUSTER
                    + "\",status=\"acknowledged\",type=\"slash_command\"} " + (double) ModulePathBot.COMMANDS);
            assertThat(metrics.body()).contains("discord_db_query_seconds_count{cluster=\"" + CLUSTER + "\"} "
                    + ModulePathBot.COMMANDS + "\n", "discord_lookups_total{cluster=\"" + CLUSTER + "\",command=\"ping\"} "
                    + (double) ModulePathBot.COMMANDS, "\njvm_memory_used_bytes{area=\"heap\",cluster=\"" + CLUSTER + "\"} ",
                    "\nprocess_cpu_seconds_total{cluster=\"" + CLUSTER + "\"} ");
            // slf4j-simple, and no Logback on either path (an optional dependency of core, `requires static`): no log
            // records series (README, "Differences with argus-dpy"), and no error for it (below).
            assertThat(metrics.body()).doesNotContain("discord_log_records_total");
            assertThat(get(bot.port, "/healthz", null).statusCode()).isEqualTo(200);
            assertThat(get(bot.port, "/", TOKEN).statusCode()).as("no argus-web: no dashboard").isEqualTo(404);
            bot.stop();
            assertThat(bot.output()).doesNotContain("NoClassDefFoundError", "Exception");
        }
    }

    @ParameterizedTest
    @EnumSource(Launch.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theDashboardAndItsApisAnswer(Launch launch) throws Exception {
        try (BotProcess bot = BotProcess.start(launch, "starter + dashboard", DASHBOARD, Map.of())) {
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

    @ParameterizedTest
    @EnumSource(Launch.class)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theClickHouseSinkWritesEveryEventAndTheAnalyticsApiReadsThem(Launch launch) throws Exception {
        String dsn = ClickHouseTestServer.dsn(); // skips (or fails with CI=true) when no engine can be had
        String table = "argus_events_mp_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        Map<String, String> analytics = Map.of("ARGUS_ENABLE_PER_GUILD", "true", "ARGUS_CLICKHOUSE_DSN", dsn,
                "ARGUS_CLICKHOUSE_TABLE", table, "ARGUS_SINK_FLUSH_INTERVAL_MS", "50");
        try (BotProcess bot = BotProcess.start(launch, "starter + dashboard + ClickHouse", ANALYTICS, analytics)) {
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

    @ParameterizedTest
    @EnumSource(Launch.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theOtlpExporterPushesMetricsAndInteractionSpans(Launch launch) throws Exception {
        try (OtlpSink otlp = OtlpSink.start()) {
            Map<String, String> push = Map.of("ARGUS_OTLP_ENDPOINT", otlp.uri(), "ARGUS_TRACING", "true",
                    "ARGUS_PUSH_INTERVAL_MS", "1000");
            try (BotProcess bot = BotProcess.start(launch, "OTLP push and spans", OTLP, push)) {
                waitFor(() -> otlp.received("/v1/metrics", "discord_interactions"), () -> "a metrics push with the series");
                waitFor(() -> otlp.received("/v1/traces", "slash_command ping"), () -> "the /ping spans");
                bot.stop();
                assertThat(bot.output()).doesNotContain("NoClassDefFoundError", "Exception");
            }
        }
    }

    /**
     * An OTLP/HTTP endpoint that keeps each request's body. Protobuf writes names as plain UTF-8, so a
     * metric or span name is found in the bytes without the OpenTelemetry protocol's classes (decoding
     * is argus-exporter-otlp's own tests' business; here the point is that the push arrives at all).
     */
    private static final class OtlpSink implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();

        private OtlpSink(HttpServer server) {
            this.server = server;
        }

        static OtlpSink start() throws IOException {
            OtlpSink sink = new OtlpSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            sink.server.createContext("/", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                sink.bodies.computeIfAbsent(ex.getRequestURI().getPath(), k -> new CopyOnWriteArrayList<>())
                        .add(new String(body, StandardCharsets.ISO_8859_1));
                ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            sink.server.start();
            return sink;
        }

        String uri() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        boolean received(String path, String name) {
            return bodies.getOrDefault(path, List.of()).stream().anyMatch(b -> b.contains(name));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(Launch.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withoutAnSlf4jProviderArgusSaysWhereItsLogWent(Launch launch) throws Exception {
        try (BotProcess bot = BotProcess.start(launch, null, CORE_ONLY, Map.of(), Set.of("slf4j-simple"))) {
            bot.stop();
            assertThat(bot.output()).contains("Argus: no SLF4J provider is on the class or module path");
        }
    }

    /** The bot's JVM, started with the jars Maven resolves for the bot's dependencies and {@code features}. */
    private static final class BotProcess implements AutoCloseable {
        final Process process;
        final StringBuilder out = new StringBuilder();
        final Map<String, Double> series = new HashMap<>();
        int port = Integer.MIN_VALUE;
        long firstScrapeMillis = -1;

        private BotProcess(Process process) {
            this.process = process;
        }

        static BotProcess start(Launch launch, String figure, Set<String> features, Map<String, String> settings)
                throws IOException {
            return start(launch, figure, features, settings, Set.of());
        }

        /**
         * @param figure the feature set's name in the {@code FIGURE} lines; null prints none
         * @param without bot dependencies left out (an SLF4J provider)
         */
        static BotProcess start(Launch launch, String figure, Set<String> features, Map<String, String> settings,
                Set<String> without) throws IOException {
            DependencyGraph graph = DependencyGraph.read(GRAPH);
            Set<String> declared = new TreeSet<>(BOT);
            declared.removeAll(without);
            declared.addAll(features);
            List<Path> jars = graph.jars(graph.closure(declared), MODULES);
            List<String> path = new ArrayList<>();
            path.add(Path.of("target/classes").toAbsolutePath().toString());
            jars.forEach(j -> path.add(j.toAbsolutePath().toString()));
            String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String main = "argus.it.modulepath.ModulePathBot";
            ProcessBuilder pb = (launch == Launch.MODULE_PATH
                    ? new ProcessBuilder(launcher, "--module-path", String.join(File.pathSeparator, path),
                            "-m", "argus.it.modulepath/" + main)
                    : new ProcessBuilder(launcher, "-cp", String.join(File.pathSeparator, path), main))
                    .redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("ARGUS_"));
            pb.environment().putAll(Map.of("ARGUS_PORT", "0", "ARGUS_HOST", "127.0.0.1", "ARGUS_CLUSTER_ID", CLUSTER,
                    "ARGUS_DASHBOARD_AUTH_TOKEN", TOKEN));
            pb.environment().putAll(settings);
            BotProcess bot = new BotProcess(pb.start());
            bot.awaitReady();
            if (figure != null) {
                figures(launch, figure, features, graph, bot.firstScrapeMillis);
            }
            return bot;
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
            } else if (line.startsWith("FIRST_SCRAPE_MS ")) {
                firstScrapeMillis = Long.parseLong(line.substring(16).trim());
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

    /**
     * What a feature set adds to a bot on JDA alone (the jars and bytes Argus' artifacts bring beyond
     * JDA's own), and {@code start()} to the first {@code /metrics} 200 on this launch; for the
     * closing figures, never asserted (speed belongs to benchmarks).
     */
    private static void figures(Launch launch, String name, Set<String> features, DependencyGraph graph,
            long firstScrapeMillis) throws IOException {
        Set<String> argus = new TreeSet<>(features);
        argus.add("argus-core");
        List<Path> jda = graph.jars(graph.closure(Set.of("JDA")), MODULES);
        List<Path> with = graph.jars(graph.closure(argus), MODULES);
        List<Path> added = new ArrayList<>(with);
        added.removeAll(jda);
        System.out.printf(Locale.ROOT, "FIGURE %s | %s | JDA alone %d jars %.2f MiB | adds %d jars %.2f MiB: %s | "
                        + "first /metrics 200 after %s%n", name, launch, jda.size(), mib(jda), added.size(), mib(added),
                added.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" ")),
                firstScrapeMillis < 0 ? "- (no HTTP)" : firstScrapeMillis + " ms");
    }

    private static double mib(List<Path> jars) throws IOException {
        long bytes = 0;
        for (Path j : jars) {
            bytes += Files.size(j);
        }
        return bytes / (1024.0 * 1024.0);
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
