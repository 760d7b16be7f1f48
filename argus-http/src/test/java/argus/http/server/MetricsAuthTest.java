package argus.http.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code metrics_auth_token}: /metrics behind a bearer token, compared in constant time. */
class MetricsAuthTest extends ServerTestBase {
    private static final String TOKEN = "s3cr3t-metrics-token";

    private int port;

    @BeforeEach
    void startWithToken() {
        port = startOnFreePort(new TestContext(Map.of("metrics_auth_token", TOKEN)));
    }

    @Test
    void noCredentials_get401WithABearerChallenge() throws Exception {
        Http.Response r = Http.get(port, "/metrics");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(r.body()).doesNotContain("discord_app_commands").doesNotContain(TOKEN);
    }

    @Test
    void wrongBearerToken_gets401() throws Exception {
        Http.Response r = Http.get(port, "/metrics", "Authorization", "Bearer wrong-token");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isPresent();
        assertThat(r.body()).doesNotContain("discord_app_commands");
    }

    @Test
    void prefixOfTheToken_gets401() throws Exception {
        assertThat(Http.get(port, "/metrics", "Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void tokenWithExtraCharacters_gets401() throws Exception {
        assertThat(Http.get(port, "/metrics", "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
    }

    @Test
    void wrongQueryToken_gets401() throws Exception {
        assertThat(Http.get(port, "/metrics?token=wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void tokenSentAsBasicAuth_gets401() throws Exception {
        assertThat(Http.get(port, "/metrics", "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void rightBearerToken_gets200WithMetrics() throws Exception {
        Http.Response r = Http.get(port, "/metrics", "Authorization", "Bearer " + TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(TestContext.BODY);
    }

    /** A scraper can always send the header; a token in the query would end up in access logs and proxies. */
    @Test
    void rightTokenInTheQuery_gets401_onlyTheHeaderCounts() throws Exception {
        assertThat(Http.get(port, "/metrics?token=" + TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void healthz_isNeverGatedByTheMetricsToken() throws Exception {
        assertThat(Http.get(port, "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAConfiguredToken_metricsAreOpen() throws Exception {
        int open = startOnFreePort(Map.of());

        assertThat(Http.get(open, "/metrics").statusCode()).isEqualTo(200);
        assertThat(Http.get(open, "/metrics", "Authorization", "Bearer anything").statusCode()).isEqualTo(200);
    }
}
