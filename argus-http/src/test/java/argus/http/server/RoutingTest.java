package argus.http.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.assertj.core.api.Assertions.assertThat;

/** Unknown paths are 404, known paths refuse anything but GET/HEAD with 405 and {@code Allow}. */
class RoutingTest extends ServerTestBase {
    private int port;

    @BeforeEach
    void startServer() {
        port = startOnFreePort(new TestContext());
    }

    private Http.Response send(String method, String path) throws Exception {
        return Http.send(method, port, path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/metrics/", "/metricsx", "/Metrics", "/healthz/x", "/no/such/page"})
    void unknownPath_is404WithAJsonError(String path) throws Exception {
        Http.Response r = Http.get(port, path);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.header("Content-Type")).get().asString().startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"error\":\"not found\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void nonGetMethodOnMetrics_is405WithAllow(String method) throws Exception {
        Http.Response r = send(method, "/metrics");

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.header("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void postToHealthz_is405WithAllow() throws Exception {
        Http.Response r = send("POST", "/healthz");

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.header("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void postToAnUnknownPath_is404() throws Exception {
        assertThat(send("POST", "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void headOnMetrics_is200WithoutABody() throws Exception {
        Http.Response r = Http.send("HEAD", port, "/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }
}
