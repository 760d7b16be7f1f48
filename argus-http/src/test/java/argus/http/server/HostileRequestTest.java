package argus.http.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.assertj.core.api.Assertions.assertThat;

/** Malformed and malicious requests are refused as client errors, never as server errors. */
class HostileRequestTest extends ServerTestBase {
    private int port;

    @BeforeEach
    void startServer() {
        port = startOnFreePort(new TestContext());
    }

    private Http.RawResponse rawGet(String target, String... extraHeaderLines) throws Exception {
        StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : extraHeaderLines) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        return Http.raw(port, req.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics/../etc/passwd", "/../../etc/passwd", "/metrics/%2e%2e/%2e%2e/etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/metrics/..%2f..%2fetc%2fpasswd",
            "/metrics/..;/healthz", "/metrics%00", "/metrics%2f..%2fhealthz", "//etc/passwd", "/%252e%252e/etc/passwd",
            "/.%2e/.%2e/etc/passwd", "/metrics/./../healthz", "/..\\..\\etc\\passwd", "/%c0%ae%c0%ae/etc/passwd"})
    void pathTraversalAttempt_isAClientErrorOrANormalisedRoute_neverA5xx(String target) throws Exception {
        Http.RawResponse r = rawGet(target);

        assertThat(r.status()).as("%s -> %s", target, r.text()).isBetween(200, 499);
        assertThat(r.text()).doesNotContain("root:");
    }

    @Test
    void traversalOutOfTheMetricsPath_neverServesMetricsUnauthenticated() throws Exception {
        int gated = startOnFreePort(java.util.Map.of("metrics_auth_token", "tok"));

        for (String target : new String[] {"/healthz/../metrics", "/x/%2e%2e/metrics", "/metrics;x", "/metrics/.",
                "/./metrics", "//metrics"}) {
            Http.RawResponse r = Http.raw(gated, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(r.status()).as(target).isNotEqualTo(200).isLessThan(500);
        }
    }

    @Test
    void oversizedHeaders_areRejectedWith431() throws Exception {
        Http.Response r = Http.get(port, "/metrics", "X-Padding", "a".repeat(16 * 1024));

        assertThat(r.statusCode()).isEqualTo(431);
    }

    @Test
    void manyHeadersTogetherOverTheLimit_areRejectedWith431() throws Exception {
        String[] headers = new String[40];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "X-H" + i + ": " + "b".repeat(400);
        }

        assertThat(rawGet("/metrics", headers).status()).isEqualTo(431);
    }

    @Test
    void oversizedRequestLine_isAClientError() throws Exception {
        assertThat(rawGet("/metrics?q=" + "c".repeat(16 * 1024)).status()).isBetween(400, 499);
    }

    @Test
    void headerInjectionThroughTheQuery_addsNoResponseHeader() throws Exception {
        Http.RawResponse r = rawGet("/metrics?token=%0d%0aSet-Cookie:%20evil=1");

        assertThat(r.status()).isLessThan(500);
        assertThat(r.header("Set-Cookie")).isNull();
    }

    @Test
    void malformedRequestLine_isAClientError() throws Exception {
        assertThat(Http.raw(port, "GARBAGE\r\n\r\n").status()).isBetween(400, 499);
    }

    @Test
    void requestWithControlCharactersInAHeader_isAClientErrorOrIgnored() throws Exception {
        assertThat(rawGet("/metrics", "X-Test: a\u0001b").status()).isLessThan(500);
    }

    @Test
    void responsesJettyRejectsBeforeRouting_carryTheSecurityHeadersToo() throws Exception {
        Http.RawResponse[] rejected = {
                rawGet("/metrics", "X-Padding: " + "a".repeat(16 * 1024)), // 431
                rawGet("/metrics?q=" + "c".repeat(16 * 1024)),             // 414
                rawGet("/%2e%2e/%2e%2e/etc/passwd"),                          // 400 ambiguous path
                Http.raw(port, "GARBAGE\r\n\r\n")};                          // 400 bad request line

        for (Http.RawResponse r : rejected) {
            assertThat(r.status()).isBetween(400, 499);
            assertThat(r.header("Content-Security-Policy")).as(r.text()).contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Server")).isNull();
            assertThat(r.text()).doesNotContainIgnoringCase("jetty");
        }
    }
}
