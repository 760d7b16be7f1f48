package argus.ops;

import argus.core.Argus;
import argus.discord.local.DemoTraffic;
import argus.discord.local.LocalDiscord;
import argus.discord.local.LocalRest.Reply;
import argus.discord.local.LocalRest.Scope;
import argus.discord.local.Payloads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped dashboards and rules against a real Prometheus server (Debian's {@code prometheus}
 * package, the version operators get): a real JDA ShardManager on the local Discord with Argus
 * attached, DemoTraffic's users sending interactions, a user sending prefix commands, and analytics
 * written to the real ClickHouse engine (tools/clickhouse-fixture); next to it, in another cluster, a
 * Python bot as argus-dpy exposes it ({@link ArgusDpyTarget}). Prometheus scrapes both every second
 * with prometheus/argus-recording.yml and prometheus/argus-alerts.yml loaded. Then, over Prometheus'
 * HTTP API: every rule group loads and every rule evaluates healthy; faults injected through the local
 * Discord (a shard that cannot identify, a reconnect storm, a burst of rejected callbacks, a run of
 * 429s, slow acknowledgements), the bot's misuse of its own metric, then the store and the scrape
 * target gone, make the expected alerts fire; every dashboard panel's PromQL evaluates without error,
 * all but the two listed in {@link #MAY_BE_EMPTY} with data for the Java bot, and every one that needs
 * no Java-only series with data for the Python bot; and the guild board's SQL runs on the engine and
 * finds rows.
 *
 * <p>Two deliberate changes to the rule files, made on test copies only (the shipped files are
 * unit-tested as they are by {@link RulesTest}): the recording group's {@code interval: 30s} becomes
 * 1 s and every alert's {@code for:} becomes 0 s, so the test sees in seconds what Prometheus would
 * report after minutes. The expressions and thresholds are the shipped ones.
 */
class PrometheusServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(20);
    private static final int SHARDS = 2;
    private static final String CLUSTER = "ops";

    /**
     * Series the demo does not produce (no configuration file, no evicted timer, no Logback): a panel query
     * that selects one may come back empty (listed in the output); every other panel query must return data.
     */
    private static final Map<String, String> MAY_BE_EMPTY = Map.of(
            "argus_config_rejected", "configured in code, no configuration file to reject",
            "argus_timers_evicted_total", "no interaction timer evicted",
            "discord_log_records_total", "this bot logs through slf4j-simple, not Logback (the Felix distribution's "
                    + "StockFelixIT has the series)");

    /** The alerts the faults below must make fire. */
    private static final List<String> EXPECTED_ALERTS = List.of("DiscordShardDown", "DiscordReconnectStorm",
            "DiscordInteractionsUnanswered", "DiscordCommandErrorRatioHigh", "DiscordPrefixCommandErrorRatioHigh",
            "DiscordRateLimitStorm",
            "DiscordAckLatencyNearDeadline", "ArgusInstrumentationErrors", "ArgusSinkDown", "ArgusSinkDropping",
            "ArgusTargetDown", "ArgusTargetAbsent");

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void dashboardsAndRulesWorkAgainstARealPrometheusScrapingTheDemo(@TempDir Path tmp) throws Exception {
        Path binary = Repo.tool("prometheus", "/usr/bin/prometheus");
        long started = System.nanoTime();
        try (ClickHouseFixture clickhouse = ClickHouseFixture.start(tmp.resolve("clickhouse"));
             LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(12).start()) {
            OpsBot bot = new OpsBot();
            ShardManager shards = discord.shardManager(SHARDS).listeners(bot)
                    .configure(Argus::instrument).connect();
            // Analytics on, into the real ClickHouse engine: the sink's accounting and health have
            // data, and the guild board's SQL has rows to find.
            try (Argus argus = Argus.builder(shards).port(0).host("127.0.0.1").clusterId(CLUSTER)
                    .environment(Map.of()).closeOnShutdown(false)
                    .clickhouseDsn(clickhouse.dsn()).enablePerGuild(true).sinkFlushIntervalMs(250)
                    // Room for a few seconds of events: with the store stopped (fault 7) it fills and drops.
                    .sinkQueueCapacity(50).start();
                 DemoTraffic traffic = DemoTraffic.builder(discord).ratePerSecond(6).faultEvery(null).seed(14)
                         .start()) {
                bot.metrics = argus.instrumentation();
                // Registered commands: Argus reads the count from the answer to this request.
                shards.getShardById(0).updateCommands().addCommands(Commands.slash("ping", "Ping"),
                        Commands.slash("search", "Search"), Commands.user("Profile")).complete();
                try (ArgusDpyTarget python = ArgusDpyTarget.start();
                     PrometheusServer prometheus = PrometheusServer.start(binary, tmp, argus.port(), python.address())) {
                    run(discord, shards, argus, python, prometheus, clickhouse, started);
                }
            } finally {
                shards.shutdown();
            }
        }
    }

    private static void run(LocalDiscord discord, ShardManager shards, Argus argus, ArgusDpyTarget python,
                            PrometheusServer prom, ClickHouseFixture clickhouse, long started) throws Exception {
        int argusPort = argus.port();
        // Steady traffic has reached the recording rules: Prometheus scraped twice and evaluated them.
        until(() -> prom.hasData("sum(discord:interactions:rate5m{cluster=\"" + CLUSTER + "\"}) > 0")
                        && prom.hasData("sum(discord:interactions:rate5m{cluster=\"" + ArgusDpyTarget.CLUSTER + "\"}) > 0"),
                T, () -> "no recorded interaction rate yet; up = " + prom.safeQuery("up"));

        // Prefix commands in two waves a scrape apart: the first creates the labelled series, the second
        // is an increase rate() sees (see the error burst). !fail throws; a command named with an id
        // collapses into command="other" (argus_label_overflow_total); !misuse is a bot's mistake with
        // its own counter (argus_instrumentation_errors_total{hook="user_metrics"}).
        List<Long> guilds = List.copyOf(discord.guilds().keySet());
        prefixCommands(discord, guilds);
        until(() -> prom.hasData("sum(discord_commands_total{cluster=\"" + CLUSTER + "\",status=\"error\"}) > 0"), T,
                () -> "no prefix command scraped yet: " + prom.safeQuery("discord_commands_total"));
        prefixCommands(discord, guilds);

        // Every rule group loaded, every rule evaluated without an error.
        JsonNode[] groups = new JsonNode[1];
        until(() -> {
            groups[0] = prom.get("/api/v1/rules").path("groups");
            return rules(groups[0]).stream().allMatch(r -> !r.path("health").asText().equals("unknown"));
        }, T, () -> "rules not all evaluated yet: " + groups[0]);
        List<JsonNode> rules = rules(groups[0]);
        Set<String> groupNames = new LinkedHashSet<>();
        groups[0].forEach(g -> groupNames.add(g.path("name").asText()));
        assertThat(groupNames).containsExactlyInAnyOrder("argus.recording", "argus.alerts");
        assertThat(rules).hasSize(24);
        for (JsonNode r : rules) {
            assertThat(r.path("health").asText()).as(r.path("name").asText() + ": " + r.path("lastError").asText())
                    .isEqualTo("ok");
        }
        long healthy = rules.stream().filter(r -> r.path("health").asText().equals("ok")).count();

        // Faults through the local Discord, one after the other; each must make its alert fire.
        Set<String> firing = new LinkedHashSet<>();
        // 1. A shard loses its session and cannot get a new one: the double holds its IDENTIFY.
        discord.gateway().pauseIdentify();
        discord.gateway().awaitSession(1, T).invalidateSession(false);
        awaitFiring(prom, firing, "DiscordShardDown", a -> ops(a) && a.path("labels").path("shard").asText().equals("1"));
        discord.gateway().resumeIdentify();
        discord.awaitConnected(shards);

        // 2. A reconnect storm: shard 0 is asked to reconnect (op 7, then a resume) seven times.
        for (int i = 0; i < 7; i++) {
            int resumes = discord.gateway().resumes().size();
            discord.gateway().awaitSession(0, T).requestReconnect();
            until(() -> discord.gateway().resumes().size() > resumes, T, () -> "shard 0 did not resume");
        }
        discord.awaitConnected(shards);
        awaitFiring(prom, firing, "DiscordReconnectStorm", a -> ops(a) && a.path("labels").path("shard").asText().equals("0"));

        // 3. An error burst: Discord rejects 40 /fail callbacks (10062 Unknown interaction), in waves a
        // scrape apart. Argus creates a counter's labelled series on its first increment, and rate()
        // only sees increments between two scrapes: a burst inside one scrape interval would be lost.
        for (int i = 0; i < 40; i++) {
            if (i % 10 == 0 && i > 0) {
                Thread.sleep(1500);
            }
            DataObject fail = Payloads.slashCommand(guilds.get(i % guilds.size()), "fail");
            discord.rest().fault("POST", "interactions/" + fail.getString("id") + "/[^/]+/callback", 1,
                    Reply.unknownInteraction());
            discord.dispatchInteraction(fail);
            prefixCommands(discord, guilds, "!fail"); // and a prefix command that throws, in the same waves
        }
        awaitFiring(prom, firing, "DiscordInteractionsUnanswered", PrometheusServerTest::ops);
        awaitFiring(prom, firing, "DiscordCommandErrorRatioHigh", PrometheusServerTest::ops);
        awaitFiring(prom, firing, "DiscordPrefixCommandErrorRatioHigh", PrometheusServerTest::ops);

        // 4. A 429 storm: the next 450 interaction callbacks get a 429 (bucket scope, retry at once);
        // JDA retries each. The alert wants more than 1/s averaged over 5 minutes: over 300 in the window.
        discord.rest().fault("POST", "interactions/\\d+/[^/]+/callback", 450, Reply.rateLimited(Scope.USER, Duration.ZERO));
        for (int i = 0; i < 20; i++) {
            discord.dispatchInteraction(Payloads.slashCommand(guilds.get(i % guilds.size()), "ping"));
        }
        awaitFiring(prom, firing, "DiscordRateLimitStorm", PrometheusServerTest::ops);
        discord.rest().clearFaults();

        // 5. Acknowledgements near the deadline: Discord holds the next 30 interaction callbacks for
        // 2.4 s (under the 3 s deadline, so they succeed); over 1% of the window's acks are that slow.
        discord.rest().delay("POST", "interactions/\\d+/[^/]+/callback", 30, Duration.ofMillis(2400));
        for (int i = 0; i < 30; i++) {
            discord.dispatchInteraction(Payloads.slashCommand(guilds.get(i % guilds.size()), "ping"));
        }
        awaitFiring(prom, firing, "DiscordAckLatencyNearDeadline", PrometheusServerTest::ops);

        // Every dashboard panel query, Grafana's variables substituted as DashboardsTest does.
        List<DashboardsTest.Query> queries = DashboardsTest.promQueries();
        Map<String, List<String>> empty = new LinkedHashMap<>();
        int withData = 0;
        for (DashboardsTest.Query q : queries) {
            // The Java bot's cluster alone (the Python bot's series would fill some panels otherwise).
            JsonNode data = prom.query(DashboardsTest.substitute(q.expr(), CLUSTER)); // fails on an evaluation error
            if (hasFiniteValue(data)) {
                withData++;
            } else {
                empty.computeIfAbsent(q.dashboard() + " / " + q.panel(), k -> new ArrayList<>()).add(q.expr());
            }
        }
        Set<String> unexpectedlyEmpty = new LinkedHashSet<>();
        empty.forEach((panel, exprs) -> exprs.stream().filter(e -> whyEmpty(e) == null)
                .forEach(e -> unexpectedlyEmpty.add(panel + ": " + e)));

        // The Python bot alone (its cluster selected): every panel query over series argus-dpy shares
        // returns data from argus-dpy's exposition; only queries that need a Java-only series may not.
        int pythonWithData = 0;
        List<String> pythonJavaOnly = new ArrayList<>();
        List<String> pythonMissing = new ArrayList<>();
        for (DashboardsTest.Query q : queries) {
            String expr = DashboardsTest.substitute(q.expr(), ArgusDpyTarget.CLUSTER);
            if (hasFiniteValue(prom.query(expr))) {
                pythonWithData++;
            } else if (PromQl.javaOnly(expr)) {
                pythonJavaOnly.add(q.dashboard() + " / " + q.panel());
            } else {
                pythonMissing.add(q.dashboard() + " / " + q.panel() + ": " + expr);
            }
        }

        // Every recording rule's series, for the figures.
        int recordedWithData = 0;
        List<String> recordedEmpty = new ArrayList<>();
        for (String record : PromQl.recorded()) {
            if (hasFiniteValue(prom.query(record))) {
                recordedWithData++;
            } else {
                recordedEmpty.add(record);
            }
        }

        // The guild board's SQL on the real engine, as Grafana's ClickHouse plugin sends it (last hour,
        // the first guild, this cluster): every panel finds rows (the first guild had a /fail too).
        long now = System.currentTimeMillis() / 1000;
        String guild = Long.toUnsignedString(guilds.get(0));
        List<DashboardsTest.Query> sql = DashboardsTest.sqlQueries();
        List<String> sqlEmpty = new ArrayList<>();
        int sqlWithData = 0;
        for (DashboardsTest.Query q : sql) {
            JsonNode answer = JSON.readTree(clickhouse.query(DashboardsTest.substituteSql(q.expr(), now - 3600, now + 60,
                    guild, CLUSTER))); // fails on an SQL error
            if (answer.path("rows").asLong() > 0) {
                sqlWithData++;
            } else {
                sqlEmpty.add(q.panel() + ": " + q.expr());
            }
        }

        // 6. Argus' instrumentation errors: the bot's !misuse above.
        awaitFiring(prom, firing, "ArgusInstrumentationErrors", a -> ops(a) && a.path("labels").path("hook").asText()
                .equals("user_metrics"));

        // 7. The analytics store goes away under the running sink: ClickHouse stops. The sink reports
        // itself down, and once its queue is full it drops (and counts) what the bot keeps offering.
        clickhouse.stop();
        awaitFiring(prom, firing, "ArgusSinkDown", PrometheusServerTest::ops);
        awaitFiring(prom, firing, "ArgusSinkDropping", PrometheusServerTest::ops);

        // 8. The scrape targets go away: Argus' HTTP server closes, and the Python bot's.
        argus.close();
        python.close();
        awaitFiring(prom, firing, "ArgusTargetDown", a -> a.path("labels").path("instance").asText()
                .equals("127.0.0.1:" + argusPort));
        awaitFiring(prom, firing, "ArgusTargetAbsent", a -> true);

        System.out.printf("PrometheusServerTest: panel queries with data %d/%d; rules ok %d/%d (recording rules with"
                        + " data %d/%d); guild board SQL panels with rows %d/%d; panel queries with data for the argus-dpy"
                        + " bot alone %d/%d (%d need a Java-only series); alerts seen firing %s; %.0f s%n",
                withData, queries.size(), healthy, rules.size(), recordedWithData, PromQl.recorded().size(),
                sqlWithData, sql.size(), pythonWithData, queries.size(), pythonJavaOnly.size(), firing,
                (System.nanoTime() - started) / 1e9);
        pythonJavaOnly.forEach(q -> System.out.println("  argus-dpy bot: Java-only: " + q));
        pythonMissing.forEach(q -> System.out.println("  argus-dpy bot: NO DATA: " + q));
        empty.forEach((panel, exprs) -> exprs.forEach(e -> System.out.println("  empty: " + panel + " ("
                + (whyEmpty(e) == null ? "NOT EXPECTED" : whyEmpty(e)) + "): " + e)));
        recordedEmpty.forEach(r -> System.out.println("  recording rule without data: " + r));
        sqlEmpty.forEach(q -> System.out.println("  guild board SQL without rows: " + q));

        assertThat(unexpectedlyEmpty).as("core panels without data").isEmpty();
        assertThat(sqlEmpty).as("guild board panels without rows").isEmpty();
        assertThat(pythonMissing).as("panels over shared series without data for the argus-dpy bot").isEmpty();
        assertThat(firing).containsAll(EXPECTED_ALERTS);
    }

    /** A user's prefix commands in guild channels, as MESSAGE_CREATE dispatches. */
    private static void prefixCommands(LocalDiscord discord, List<Long> guilds) {
        prefixCommands(discord, guilds, "!help", "!help me", "!fail", "!" + Payloads.snowflake(), "!misuse");
    }

    private static void prefixCommands(LocalDiscord discord, List<Long> guilds, String... contents) {
        for (int i = 0; i < contents.length; i++) {
            long guild = guilds.get(i % guilds.size());
            DataObject m = Payloads.message(Payloads.snowflake(), Payloads.channelIdFor(guild), guild, contents[i], 0);
            m.remove("webhook_id");
            m.remove("application_id");
            m.put("author", Payloads.user(Payloads.USER_ID, "alice"));
            discord.dispatch("MESSAGE_CREATE", m);
        }
    }

    /** An alert about the Java bot's cluster (not the Python bot's). */
    private static boolean ops(JsonNode alert) {
        return alert.path("labels").path("cluster").asText().equals(CLUSTER);
    }

    private static String whyEmpty(String expr) {
        return MAY_BE_EMPTY.entrySet().stream().filter(e -> expr.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static List<JsonNode> rules(JsonNode groups) {
        List<JsonNode> out = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    /** A vector or matrix with a sample that is a number (not NaN), or a scalar that is. */
    private static boolean hasFiniteValue(JsonNode data) {
        JsonNode result = data.path("result");
        if (data.path("resultType").asText().equals("scalar")) {
            return finite(result.get(1).asText());
        }
        for (JsonNode series : result) {
            if (series.has("value") && finite(series.path("value").get(1).asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean finite(String v) {
        return !v.equals("NaN") && !v.contains("Inf");
    }

    private static void awaitFiring(PrometheusServer prom, Set<String> firing, String alert, Predicate<JsonNode> which)
            throws Exception {
        JsonNode[] last = new JsonNode[1];
        until(() -> {
            last[0] = prom.get("/api/v1/alerts").path("alerts");
            for (JsonNode a : last[0]) {
                if (a.path("state").asText().equals("firing")) {
                    firing.add(a.path("labels").path("alertname").asText());
                }
            }
            for (JsonNode a : last[0]) {
                if (a.path("labels").path("alertname").asText().equals(alert) && a.path("state").asText().equals("firing")
                        && which.test(a)) {
                    return true;
                }
            }
            return false;
        }, T, () -> alert + " not firing; alerts: " + last[0] + "\nrecorded: "
                + prom.safeQuery("{__name__=~\"discord:.*|argus:.*\"}") + "\ninteractions: "
                + prom.safeQuery("discord_interactions_total") + "\n429s: " + prom.safeQuery("discord_ratelimits_total") + "\nreconnects: "
                + prom.safeQuery("discord_shard_reconnects_total[1m]"));
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void until(Check check, Duration timeout, java.util.function.Supplier<String> message)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout.toSeconds() + " s: " + message.get());
            }
            Thread.sleep(250);
        }
    }

    /** Debian's prometheus as a child process on a free loopback port, with a temp config and TSDB. */
    static final class PrometheusServer implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private PrometheusServer(Process process, Path log, String base) {
            this.process = process;
            this.log = log;
            this.base = base;
        }

        /** Scraping only the Java bot's Argus on {@code argusPort}. */
        static PrometheusServer start(Path binary, Path dir, int argusPort) throws Exception {
            return start(binary, dir, argusPort, null);
        }

        /** @param pythonBot {@code host:port} of a Python bot's argus-dpy scraped in the same job, or null */
        static PrometheusServer start(Path binary, Path dir, int argusPort, String pythonBot) throws Exception {
            // Test copies of the shipped rules: the recording group every second, the alerts without
            // their `for:` (see the class comment); expressions, labels and thresholds unchanged.
            String recording = Files.readString(Repo.path("prometheus/argus-recording.yml"));
            assertThat(recording).contains("    interval: 30s\n");
            Files.writeString(dir.resolve("argus-recording.yml"), recording.replace("    interval: 30s\n", "    interval: 1s\n"));
            String alerts = Files.readString(Repo.path("prometheus/argus-alerts.yml"));
            Matcher forClause = Pattern.compile("(?m)^(\\s+for:) \\d+[smh]$").matcher(alerts);
            assertThat(forClause.find()).as("the alerts have for: clauses to shorten").isTrue();
            Files.writeString(dir.resolve("argus-alerts.yml"), forClause.replaceAll("$1 0s"));
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                      - %s
                    scrape_configs:
                      - job_name: argus
                        static_configs:
                          - targets: ["127.0.0.1:%d"%s]
                    """.formatted(dir.resolve("argus-recording.yml"), dir.resolve("argus-alerts.yml"), argusPort,
                    pythonBot == null ? "" : ", \"" + pythonBot + "\""));
            Path log = dir.resolve("prometheus.log");
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(p, log, "http://127.0.0.1:" + port);
            try {
                until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("prometheus exited with " + p.exitValue() + ":\n" + server.logText());
                    }
                    return server.status("/-/ready") == 200;
                }, T, () -> "prometheus not ready:\n" + server.logText());
            } catch (Exception | AssertionError e) {
                server.close();
                throw e;
            }
            return server;
        }

        private int status(String path) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** GET an API path; its {@code data}; fails unless Prometheus answers {@code status: success}. */
        JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("status").asText()).as(path + " -> " + r.statusCode() + " " + r.body())
                    .isEqualTo("success");
            return body.path("data");
        }

        JsonNode query(String promql) throws IOException, InterruptedException {
            return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        }

        boolean hasData(String promql) throws IOException, InterruptedException {
            return hasFiniteValue(query(promql));
        }

        String safeQuery(String promql) {
            try {
                return query(promql).toString();
            } catch (Exception | AssertionError e) {
                return e.toString();
            }
        }

        String logText() {
            try {
                String s = Files.readString(log);
                return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
