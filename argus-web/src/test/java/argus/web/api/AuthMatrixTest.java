package argus.web.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth matrix (README, "Dashboard and HTTP APIs", invariant 7): no token configured / token configured × no token,
 * wrong token, header, query — for the page, the live APIs, the stream and analytics.
 */
class AuthMatrixTest {
    private static final String T = WebFixture.TOKEN;
    private static WebFixture open;
    private static WebFixture gated;

    enum Presented { NONE, WRONG_HEADER, WRONG_QUERY, HEADER, QUERY }

    @BeforeAll
    static void start() {
        open = WebFixture.start(WebFixture.settings("enable_per_guild", "true", "clickhouse_dsn", "http://localhost:8123"),
                new RecordingAnalyticsQuery());
        gated = WebFixture.start(WebFixture.settings("dashboard_auth_token", T, "enable_per_guild", "true",
                "clickhouse_dsn", "http://localhost:8123"), new RecordingAnalyticsQuery());
    }

    @AfterAll
    static void stop() throws Exception {
        open.close();
        gated.close();
    }

    private static final String[] DATA_ROUTES = {"/", "/api/config", "/api/snapshot"};
    private static final String[] ANALYTICS = {
        "/api/analytics/interaction-volume?guild_id=1", "/api/analytics/top-commands?guild_id=1",
        "/api/analytics/command-stats?guild_id=1", "/api/analytics/avg-duration?guild_id=1",
        "/api/analytics/percentiles?guild_id=1", "/api/analytics/top-guilds?days=7",
        "/api/analytics/guild-name?guild_id=1"};

    private static WebFixture.Resp call(WebFixture w, String route, Presented p) {
        String sep = route.contains("?") ? "&" : "?";
        return switch (p) {
            case NONE -> w.get(route);
            case WRONG_HEADER -> w.get(route, "Authorization", "Bearer not-" + T);
            case WRONG_QUERY -> w.get(route + sep + "token=not-" + T);
            case HEADER -> w.get(route, "Authorization", "Bearer " + T);
            case QUERY -> w.get(route + sep + "token=" + T);
        };
    }

    private static int streamStatus(WebFixture w, Presented p) throws Exception {
        String target = switch (p) {
            case WRONG_QUERY -> "/api/stream?token=nope";
            case QUERY -> "/api/stream?token=" + T;
            default -> "/api/stream";
        };
        String header = switch (p) {
            case WRONG_HEADER -> "Authorization: Bearer nope";
            case HEADER -> "Authorization: Bearer " + T;
            default -> "X-None: 1";
        };
        try (WebFixture.SseClient c = w.stream(target, header)) {
            return c.status;
        }
    }

    @Test
    void withoutAConfiguredTokenPageAndLiveApisAreOpen() throws Exception {
        for (String route : DATA_ROUTES) {
            for (Presented p : Presented.values()) {
                assertThat(call(open, route, p).status()).as(route + " " + p).isEqualTo(200);
            }
        }
        for (Presented p : Presented.values()) {
            assertThat(streamStatus(open, p)).as("stream " + p).isEqualTo(200);
        }
    }

    @Test
    void withoutAConfiguredTokenAnalyticsFailsClosedWith403NamingTheSetting() {
        for (String route : ANALYTICS) {
            for (Presented p : Presented.values()) {
                WebFixture.Resp r = call(open, route, p);
                assertThat(r.status()).as(route + " " + p).isEqualTo(403);
                assertThat(r.body()).contains("dashboard_auth_token");
                assertThat(r.header("content-type")).hasValue("application/json");
            }
        }
    }

    @Test
    void withATokenEveryDashboardRouteNeedsIt() throws Exception {
        List<String> routes = new ArrayList<>(List.of(DATA_ROUTES));
        routes.addAll(List.of(ANALYTICS));
        for (String route : routes) {
            for (Presented p : Presented.values()) {
                WebFixture.Resp r = call(gated, route, p);
                int expected = p == Presented.HEADER || p == Presented.QUERY ? 200 : 401;
                assertThat(r.status()).as(route + " " + p).isEqualTo(expected);
                if (expected == 401) {
                    assertThat(r.header("www-authenticate")).as(route).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                    assertThat(r.body()).doesNotContain(T);
                }
            }
        }
        for (Presented p : Presented.values()) {
            int expected = p == Presented.HEADER || p == Presented.QUERY ? 200 : 401;
            assertThat(streamStatus(gated, p)).as("stream " + p).isEqualTo(expected);
        }
    }

    @Test
    void theUnauthorizedPageStillServesTheShellThatAsksForTheToken() {
        WebFixture.Resp r = gated.get("/");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("content-type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("id=\"auth\"").contains("app.js");
    }

    @Test
    void healthzAndMetricsAreNotGatedByTheDashboardToken() {
        assertThat(gated.get("/healthz").status()).isEqualTo(200);
        assertThat(gated.get("/metrics").status()).isEqualTo(200);
        // Static files hold no data and must load before the token is known.
        assertThat(gated.get("/assets/app.js").status()).isEqualTo(200);
    }

    @Test
    void metricsKeepTheirOwnTokenIndependentOfTheDashboardOne() throws Exception {
        try (WebFixture w = WebFixture.start(WebFixture.settings("dashboard_auth_token", T,
                "metrics_auth_token", "m-token"), null)) {
            assertThat(w.get("/metrics").status()).isEqualTo(401);
            assertThat(w.get("/metrics", "Authorization", "Bearer " + T).status()).isEqualTo(401);
            assertThat(w.get("/metrics", "Authorization", "Bearer m-token").status()).isEqualTo(200);
            assertThat(w.get("/api/config", "Authorization", "Bearer m-token").status()).isEqualTo(401);
        }
    }

    @Test
    void analyticsIsNotMountedWithoutAnAnalyticsQuery() throws Exception {
        try (WebFixture w = WebFixture.start(WebFixture.settings("dashboard_auth_token", T), null)) {
            for (String route : ANALYTICS) {
                assertThat(w.get(route, "Authorization", "Bearer " + T).status()).as(route).isEqualTo(404);
            }
        }
    }
}
