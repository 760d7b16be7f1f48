package argus.http.server;

import argus.api.health.Health;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** README, "Dashboard and HTTP APIs": security headers on every response, whatever its status, and no version banner. */
class SecurityHeadersTest extends ServerTestBase {
    private int port;
    private TestContext context;

    @BeforeEach
    void startWithAMetricsToken() {
        context = new TestContext(Map.of("metrics_auth_token", "tok"));
        port = startOnFreePort(context);
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("200 metrics", "GET", "/metrics", 200),
                Arguments.of("200 healthz", "GET", "/healthz", 200),
                Arguments.of("401 metrics without token", "GET", "/metrics", 401),
                Arguments.of("404 unknown path", "GET", "/no/such/page", 404),
                Arguments.of("405 POST metrics", "POST", "/metrics", 405),
                Arguments.of("405 DELETE healthz", "DELETE", "/healthz", 405));
    }

    /** Every request but the one that tests the 401 carries the metrics token (a header: the only form it takes). */
    private Http.Response send(String label, String method, String path) throws Exception {
        return label.contains("without token") ? Http.send(method, port, path)
                : Http.send(method, port, path, "Authorization", "Bearer tok");
    }

    private static void assertSecurityHeaders(Http.Response h) {
        String csp = h.header("Content-Security-Policy").orElseThrow(() -> new AssertionError("no CSP"));
        assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'self'").contains("object-src 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(h.header("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(h.header("X-Frame-Options")).hasValue("DENY");
        assertThat(h.header("Referrer-Policy")).hasValue("no-referrer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void everyResponse_carriesTheSecurityHeaders(String label, String method, String path, int status) throws Exception {
        Http.Response r = send(label, method, path);

        assertThat(r.statusCode()).isEqualTo(status);
        assertSecurityHeaders(r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void noResponse_revealsTheServerSoftware(String label, String method, String path, int status) throws Exception {
        Http.Response r = send(label, method, path);

        assertThat(r.header("Server")).isEmpty();
        assertThat(r.header("X-Powered-By")).isEmpty();
        assertThat(r.body()).doesNotContainIgnoringCase("jetty");
    }

    @Test
    void unhealthy503_carriesTheSecurityHeaders() throws Exception {
        context.health.put("core", Health.down("detached"));

        Http.Response r = Http.get(port, "/healthz");

        assertThat(r.statusCode()).isEqualTo(503);
        assertSecurityHeaders(r);
    }
}
