package argus.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/config and /api/snapshot on the product's own server. */
class LiveApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebFixture web;

    @BeforeAll
    static void start() {
        web = WebFixture.start(WebFixture.settings("cluster_id", "eu-1", "namespace", "discord"), null);
        web.interactions.labels("slash_command", "acknowledged").inc(40);
        web.interactions.labels("button", "acknowledged").inc(2);
        web.commands.labels("ping", "success").inc(19);
        web.commands.labels("ping", "error").inc(1);
        for (int i = 0; i < 100; i++) {
            web.commandDuration.labels("ping").observe(i < 90 ? 0.02 : 0.4);
        }
        web.gatewayEvents.labels("MESSAGE_CREATE").inc(7);
        web.rateLimits.labels("bucket").inc(3);
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    @Test
    void configNamesNamespaceVersionClusterAndFeatures() throws Exception {
        WebFixture.Resp r = web.get("/api/config");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).hasValue("application/json");
        JsonNode c = JSON.readTree(r.body());
        assertThat(c.get("namespace").asText()).isEqualTo("discord");
        assertThat(c.get("version").asText()).isEqualTo("9.9.9-test");
        assertThat(c.get("cluster").asText()).isEqualTo("eu-1");
        assertThat(c.get("analytics_enabled").asBoolean()).isFalse();
        assertThat(c.get("auth_required").asBoolean()).isFalse();
        assertThat(c.get("dashboard_interval_ms").asLong()).isEqualTo(2000);
        assertThat(c.get("stream_path").asText()).isEqualTo("/api/stream");
        assertThat(c.get("metrics_path").asText()).isEqualTo("/metrics");
    }

    @Test
    void configNeverContainsSecrets() throws Exception {
        try (WebFixture w = WebFixture.start(WebFixture.settings("dashboard_auth_token", WebFixture.TOKEN,
                "metrics_auth_token", "metrics-secret", "enable_per_guild", "true",
                "clickhouse_dsn", "http://user:dsnpass@localhost:8123"), new RecordingAnalyticsQuery())) {
            WebFixture.Resp r = w.get("/api/config", "Authorization", "Bearer " + WebFixture.TOKEN);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(WebFixture.TOKEN, "metrics-secret", "dsnpass");
            JsonNode c = JSON.readTree(r.body());
            assertThat(c.get("auth_required").asBoolean()).isTrue();
            assertThat(c.get("analytics_enabled").asBoolean()).isTrue();
        }
    }

    @Test
    void snapshotCarriesFamiliesAndOverviewNumbers() throws Exception {
        WebFixture.Resp r = web.get("/api/snapshot");
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body());
        assertThat(s.get("ts").asLong()).isPositive();
        JsonNode o = s.get("overview");
        assertThat(o.get("shards_up").asLong()).isEqualTo(2);
        assertThat(o.get("shards_total").asLong()).isEqualTo(2);
        assertThat(o.get("guilds").asLong()).isEqualTo(1234);
        assertThat(o.get("uptime_seconds").asLong()).isEqualTo(3725);
        assertThat(o.get("interactions_total").asLong()).isEqualTo(42);
        assertThat(o.get("commands_total").asLong()).isEqualTo(20);
        assertThat(o.get("command_errors_total").asLong()).isEqualTo(1);
        assertThat(o.get("gateway_events_total").asLong()).isEqualTo(7);
        assertThat(o.get("rest_ratelimits_total").asLong()).isEqualTo(3);
        // This instance has no analytics configured: its sink is off (null), whatever the gauge says.
        assertThat(o.get("sink_up").isNull()).isTrue();
        assertThat(s.get("subsystems").get("sink").get("state").asText()).isEqualTo("off");
        assertThat(s.get("subsystems").get("server").get("state").asText()).isEqualTo("up");
        // 90 of 100 at 20 ms: p50 inside the 10-25 ms bucket, p95 inside 250-500 ms.
        assertThat(o.get("command_p50_ms").asDouble()).isBetween(10.0, 25.0);
        assertThat(o.get("command_p95_ms").asDouble()).isBetween(250.0, 500.0);
        JsonNode families = s.get("families");
        assertThat(families.isArray()).isTrue();
        JsonNode hist = null;
        for (JsonNode f : families) {
            if (f.get("name").asText().equals("discord_app_command_duration_seconds")) {
                hist = f;
            }
        }
        assertThat(hist).isNotNull();
        assertThat(hist.get("type").asText()).isEqualTo("histogram");
        JsonNode p = hist.get("points").get(0);
        assertThat(p.get("labels").get("command").asText()).isEqualTo("ping");
        assertThat(p.get("labels").get("cluster").asText()).isEqualTo("test");
        assertThat(p.get("count").asLong()).isEqualTo(100);
        assertThat(p.get("bounds").get(p.get("bounds").size() - 1).isNull()).as("+Inf as null").isTrue();
    }

    @Test
    void everyResponseCarriesSecurityHeadersAndNoServerBanner() {
        for (String path : new String[] {"/api/config", "/api/snapshot", "/", "/assets/app.js", "/nope"}) {
            WebFixture.Resp r = web.get(path);
            assertThat(r.header("content-security-policy")).as(path).isPresent();
            assertThat(r.header("content-security-policy").get()).contains("script-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.header("x-content-type-options")).as(path).hasValue("nosniff");
            assertThat(r.header("server")).as(path).isEmpty();
        }
    }

    @Test
    void apisAreGetOnly() {
        for (String path : new String[] {"/api/config", "/api/snapshot", "/api/stream", "/"}) {
            assertThat(web.send("POST", path).status()).as(path).isEqualTo(405);
            assertThat(web.send("DELETE", path).status()).as(path).isEqualTo(405);
        }
    }

    @Test
    void snapshotIsSharedWithinAnInterval() throws Exception {
        String a = web.get("/api/snapshot").body();
        web.interactions.labels("slash_command", "acknowledged").inc();
        String b = web.get("/api/snapshot").body();
        // Polls within one interval share one build: polling cannot multiply registry work.
        assertThat(JSON.readTree(b).get("ts").asLong()).isEqualTo(JSON.readTree(a).get("ts").asLong());
    }
}
