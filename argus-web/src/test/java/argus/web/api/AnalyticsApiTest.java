package argus.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The /api/analytics/* views: argus-dpy-compatible shapes, validation (400) and store failures (503). */
class AnalyticsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String G = RecordingAnalyticsQuery.GUILD;
    private static final RecordingAnalyticsQuery QUERY = new RecordingAnalyticsQuery();
    private static WebFixture web;

    @BeforeAll
    static void start() {
        web = WebFixture.start(WebFixture.settings("dashboard_auth_token", WebFixture.TOKEN), QUERY);
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    @BeforeEach
    void reset() {
        QUERY.calls.clear();
        QUERY.failWith = null;
        QUERY.hourly = true;
    }

    private static WebFixture.Resp get(String pathAndQuery) {
        return web.get(pathAndQuery, "Authorization", "Bearer " + WebFixture.TOKEN);
    }

    private static JsonNode ok(String pathAndQuery) throws Exception {
        WebFixture.Resp r = get(pathAndQuery);
        assertThat(r.status()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
        assertThat(r.header("content-type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    private static String bad(String pathAndQuery) throws Exception {
        WebFixture.Resp r = get(pathAndQuery);
        assertThat(r.status()).as(pathAndQuery).isEqualTo(400);
        return JSON.readTree(r.body()).get("error").asText();
    }

    @Test
    void interactionVolumeIsRowsOfDayAndCount() throws Exception {
        JsonNode b = ok("/api/analytics/interaction-volume?guild_id=" + G + "&days=7");
        assertThat(b.get("columns").toString()).isEqualTo("[\"day\",\"interactions\"]");
        assertThat(b.get("rows")).hasSize(7);
        JsonNode last = b.get("rows").get(6);
        assertThat(last.get(0).asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(last.get(1).asLong()).isEqualTo(10);
        assertThat(QUERY.calls).containsExactly(new RecordingAnalyticsQuery.Call("interactionVolume", G, 7, 0, Optional.empty()));
    }

    @Test
    void bucketHourGivesRowsPerUtcHourAndSaysSo() throws Exception {
        JsonNode b = ok("/api/analytics/interaction-volume?guild_id=" + G + "&days=2&bucket=hour");
        assertThat(b.get("bucket").asText()).isEqualTo("hour");
        assertThat(b.get("columns").toString()).isEqualTo("[\"hour\",\"interactions\"]");
        assertThat(b.get("rows")).hasSize(36);   // 48 hours, every fourth one empty (absent)
        JsonNode last = b.get("rows").get(35);
        java.time.Instant hour = java.time.Instant.parse(last.get(0).asText());
        assertThat(hour.getEpochSecond() % 3600).isZero();
        assertThat(last.get(1).asLong()).isEqualTo(3);   // hour 47: 47 % 4
        assertThat(QUERY.calls).containsExactly(
                new RecordingAnalyticsQuery.Call("hourlyInteractionVolume", G, 2, 0, Optional.empty()));
        // Days stay the default and say so too.
        assertThat(ok("/api/analytics/interaction-volume?guild_id=" + G + "&days=2&bucket=day").get("bucket").asText())
                .isEqualTo("day");
        assertThat(ok("/api/analytics/interaction-volume?guild_id=" + G + "&days=2").get("bucket").asText())
                .isEqualTo("day");
    }

    @Test
    void aStoreThatCannotGroupByHourAnswersDailyRowsAndSaysSo() throws Exception {
        QUERY.hourly = false;   // AnalyticsQuery's default method, as a store that predates it
        JsonNode b = ok("/api/analytics/interaction-volume?guild_id=" + G + "&days=2&bucket=hour");
        assertThat(b.get("bucket").asText()).isEqualTo("day");
        assertThat(b.get("columns").toString()).isEqualTo("[\"day\",\"interactions\"]");
        assertThat(b.get("rows")).hasSize(2);
        assertThat(QUERY.calls).extracting(RecordingAnalyticsQuery.Call::method)
                .containsExactly("hourlyInteractionVolume", "interactionVolume");
    }

    @Test
    void bucketIsDayOrHourOnlyAndOnlyForVolume() throws Exception {
        String base = "/api/analytics/interaction-volume?guild_id=" + G;
        assertThat(bad(base + "&bucket=week")).contains("bucket");
        assertThat(bad(base + "&bucket=HOUR")).contains("bucket");
        assertThat(bad(base + "&bucket=")).contains("bucket");
        assertThat(bad("/api/analytics/top-commands?guild_id=1&bucket=hour")).contains("unknown parameter 'bucket'");
        assertThat(QUERY.calls).isEmpty();
    }

    @Test
    void topCommandsAndCommandStatsKeepArgusDpyColumnOrder() throws Exception {
        JsonNode top = ok("/api/analytics/top-commands?guild_id=" + G);
        assertThat(top.get("rows").toString()).isEqualTo("[[\"ping\",120],[\"play\",45],[\"queue\",7]]");
        JsonNode stats = ok("/api/analytics/command-stats?guild_id=" + G + "&limit=2");
        // argus-dpy's [command, count, avg_ms], then the Java additions appended.
        assertThat(stats.get("rows").get(0).toString()).isEqualTo("[\"ping\",120,12.5,10.0,31.0,48.0,0.0]");
        assertThat(stats.get("rows")).hasSize(2);
        assertThat(stats.get("columns").toString())
                .isEqualTo("[\"command\",\"count\",\"avg_ms\",\"p50_ms\",\"p95_ms\",\"p99_ms\",\"error_rate\"]");
        JsonNode pct = ok("/api/analytics/percentiles?guild_id=" + G);
        assertThat(pct.get("rows").get(1).toString()).isEqualTo("[\"play\",700.0,2100.0,2900.0]");
    }

    @Test
    void avgDurationIsAvgMsOrNull() throws Exception {
        assertThat(ok("/api/analytics/avg-duration?guild_id=" + G).get("avg_ms").asDouble()).isEqualTo(283.75);
        assertThat(ok("/api/analytics/avg-duration?guild_id=42").get("avg_ms").isNull()).isTrue();
    }

    @Test
    void topGuildsNeedsNoGuildAndPassesDaysLimitAndCluster() throws Exception {
        JsonNode b = ok("/api/analytics/top-guilds?days=30&limit=5&cluster_id=eu-1");
        // argus-dpy's [guild_id, interactions], then the guild's name appended (null: the bot has no name for it).
        assertThat(b.get("rows").get(0).toString()).isEqualTo("[\"" + G + "\",172,null]");
        assertThat(b.get("columns").toString()).isEqualTo("[\"guild_id\",\"interactions\",\"guild_name\"]");
        assertThat(QUERY.calls).containsExactly(new RecordingAnalyticsQuery.Call("topGuilds", null, 30, 5, Optional.of("eu-1")));
    }

    @Test
    void guildNamesComeFromTheBotsCacheAtRequestTimeAndOnlyWithTheToken() throws Exception {
        web.context.guildNames.put(G, "Café <b>&amp; \"Lounge\"</b>");
        try {
            JsonNode top = ok("/api/analytics/top-guilds?days=30");
            assertThat(top.get("rows").get(0).get(2).asText()).isEqualTo("Café <b>&amp; \"Lounge\"</b>");
            assertThat(top.get("rows").get(1).get(2).isNull()).as("a guild the bot has no name for").isTrue();
            JsonNode one = ok("/api/analytics/guild-name?guild_id=" + G);
            assertThat(one.get("guild_id").asText()).isEqualTo(G);
            assertThat(one.get("guild_name").asText()).isEqualTo("Café <b>&amp; \"Lounge\"</b>");
            assertThat(ok("/api/analytics/guild-name?guild_id=42").get("guild_name").isNull()).isTrue();
            // Read when asked, never kept: a renamed guild answers its new name at once.
            web.context.guildNames.put(G, "Renamed");
            assertThat(ok("/api/analytics/guild-name?guild_id=" + G).get("guild_name").asText()).isEqualTo("Renamed");
            // Without the token: 401 and not a word of it.
            for (String path : new String[] {"/api/analytics/top-guilds?days=30", "/api/analytics/guild-name?guild_id=" + G}) {
                WebFixture.Resp anonymous = web.get(path);
                assertThat(anonymous.status()).as(path).isEqualTo(401);
                assertThat(anonymous.body()).as(path).doesNotContain("Renamed").doesNotContain(G);
                WebFixture.Resp wrong = web.get(path, "Authorization", "Bearer not-" + WebFixture.TOKEN);
                assertThat(wrong.status()).as(path).isEqualTo(401);
                assertThat(wrong.body()).as(path).doesNotContain("Renamed");
            }
            // The id is validated as in every per-guild view; a name never involves the store.
            assertThat(bad("/api/analytics/guild-name?guild_id=1%27%20OR%201=1")).contains("guild_id");
            assertThat(bad("/api/analytics/guild-name")).contains("guild_id");
            assertThat(bad("/api/analytics/guild-name?guild_id=1&days=3")).contains("unknown parameter 'days'");
            assertThat(QUERY.calls).extracting(RecordingAnalyticsQuery.Call::method).containsOnly("topGuilds");
        } finally {
            web.context.guildNames.clear();
        }
        // Without a configured dashboard token there is no per-guild data at all, names included: 403.
        try (WebFixture open = WebFixture.start(WebFixture.settings(), QUERY)) {
            open.context.guildNames.put(G, "Renamed");
            for (String path : new String[] {"/api/analytics/top-guilds?days=30", "/api/analytics/guild-name?guild_id=" + G}) {
                WebFixture.Resp r = open.get(path);
                assertThat(r.status()).as(path).isEqualTo(403);
                assertThat(r.body()).as(path).doesNotContain("Renamed");
            }
        }
    }

    @Test
    void defaultsAreThirtyDaysAndTenRows() throws Exception {
        ok("/api/analytics/interaction-volume?guild_id=" + G);
        ok("/api/analytics/top-commands?guild_id=" + G);
        assertThat(QUERY.calls.get(0).days()).isEqualTo(30);
        assertThat(QUERY.calls.get(1).limit()).isEqualTo(10);
    }

    @Test
    void guildIdIsRequiredAndValidated() throws Exception {
        assertThat(bad("/api/analytics/top-commands")).contains("guild_id");
        assertThat(bad("/api/analytics/top-commands?guild_id=")).contains("guild_id");
        assertThat(bad("/api/analytics/top-commands?guild_id=1%27%20OR%201=1")).contains("guild_id");
        assertThat(bad("/api/analytics/top-commands?guild_id=123456789012345678901")).contains("guild_id");
        assertThat(bad("/api/analytics/top-commands?guild_id=-1")).contains("guild_id");
        assertThat(QUERY.calls).isEmpty();
    }

    @Test
    void daysLimitAndClusterAreBounded() throws Exception {
        String base = "/api/analytics/interaction-volume?guild_id=" + G;
        assertThat(bad(base + "&days=0")).contains("days");
        assertThat(bad(base + "&days=367")).contains("days");
        assertThat(bad(base + "&days=99999999999999999999")).contains("days");
        assertThat(bad(base + "&days=+5")).contains("days");
        assertThat(bad(base + "&days=")).contains("days");
        assertThat(bad("/api/analytics/top-commands?guild_id=1&limit=101")).contains("limit");
        assertThat(bad("/api/analytics/top-commands?guild_id=1&limit=1e2")).contains("limit");
        assertThat(bad(base + "&cluster_id=a%20b")).contains("cluster_id");
        assertThat(bad(base + "&cluster_id=")).contains("cluster_id");
        assertThat(QUERY.calls).isEmpty();
        ok(base + "&days=366&cluster_id=eu-1.b_2");
        assertThat(QUERY.calls.get(0).cluster()).hasValue("eu-1.b_2");
    }

    @Test
    void repeatedAndUnknownParametersAreRejected() throws Exception {
        assertThat(bad("/api/analytics/top-commands?guild_id=1&guild_id=2")).contains("guild_id").contains("more than once");
        assertThat(bad("/api/analytics/top-commands?guild_id=1&limit=1&limit=2")).contains("limit");
        assertThat(bad("/api/analytics/top-commands?guild_id=1&days=3")).contains("unknown parameter 'days'");
        assertThat(bad("/api/analytics/top-commands?guild_id=1&sql=drop")).contains("unknown parameter");
        assertThat(QUERY.calls).isEmpty();
    }

    @Test
    void aFailingStoreIs503JsonAndIsCounted() throws Exception {
        QUERY.failWith = new IllegalStateException("Connection refused: clickhouse:8123 user=secret");
        int before = web.context.errorCount("analytics");
        for (String view : new String[] {"interaction-volume", "top-commands", "command-stats", "avg-duration",
            "percentiles"}) {
            WebFixture.Resp r = get("/api/analytics/" + view + "?guild_id=" + G);
            assertThat(r.status()).as(view).isEqualTo(503);
            assertThat(r.header("content-type")).hasValue("application/json");
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("analytics store unavailable");
            assertThat(r.body()).doesNotContain("Connection refused", "secret", "Exception", "at argus");
        }
        assertThat(get("/api/analytics/top-guilds").status()).isEqualTo(503);
        assertThat(web.context.errorCount("analytics") - before).isEqualTo(6);
    }

    @Test
    void aSlowStoreCannotTieUpMoreThanFourServerThreads() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        RecordingAnalyticsQuery slow = new RecordingAnalyticsQuery() {
            @Override
            public java.util.OptionalDouble averageDuration(argus.api.query.GuildId guild, Optional<String> cluster) {
                inside.incrementAndGet();
                try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return java.util.OptionalDouble.of(1);
            }
        };
        try (WebFixture w = WebFixture.start(WebFixture.settings("dashboard_auth_token", WebFixture.TOKEN), slow)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<WebFixture.Resp>> blocked = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                blocked.add(pool.submit(() -> w.get("/api/analytics/avg-duration?guild_id=1",
                        "Authorization", "Bearer " + WebFixture.TOKEN)));
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (inside.get() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            WebFixture.Resp fifth = w.get("/api/analytics/avg-duration?guild_id=1", "Authorization", "Bearer " + WebFixture.TOKEN);
            assertThat(fifth.status()).isEqualTo(503);
            assertThat(fifth.body()).contains("analytics busy");
            assertThat(w.get("/metrics").status()).as("/metrics still answers").isEqualTo(200);
            release.countDown();
            for (java.util.concurrent.Future<WebFixture.Resp> f : blocked) {
                assertThat(f.get(10, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            pool.shutdown();
        }
    }

    @Test
    void unauthenticatedCallersLearnNothingAboutValidation() {
        // Bad parameters without a token: 401, not 400 (no probing of the validator without the token).
        assertThat(web.get("/api/analytics/top-commands?guild_id=abc").status()).isEqualTo(401);
        assertThat(web.get("/api/analytics/top-commands?foo=bar").status()).isEqualTo(401);
        assertThat(QUERY.calls).isEmpty();
    }
}
