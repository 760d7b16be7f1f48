package argus.http.server;

import argus.api.health.Health;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** {@code /healthz}: JSON, 200 while the core runs (degraded when another subsystem is down), 503 otherwise. */
class HealthEndpointTest extends ServerTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestContext context = new TestContext();

    @Test
    void allUp_is200WithStatusUpAndEverySubsystem() throws Exception {
        context.health.put("sink", Health.up("null sink"));
        int port = startOnFreePort(context);

        Http.Response r = Http.get(port, "/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Content-Type")).get().asString().startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("up");
        assertThat(body.at("/subsystems/core/up").asBoolean()).isTrue();
        assertThat(body.at("/subsystems/core/detail").asText()).isEqualTo("attached");
        assertThat(body.at("/subsystems/sink/up").asBoolean()).isTrue();
    }

    @Test
    void coreDown_is503WithStatusDown() throws Exception {
        context.health.put("core", Health.down("detached"));
        int port = startOnFreePort(context);

        Http.Response r = Http.get(port, "/healthz");

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("down");
        assertThat(body.at("/subsystems/core/up").asBoolean()).isFalse();
        assertThat(body.at("/subsystems/core/detail").asText()).isEqualTo("detached");
    }

    @Test
    void coreMissing_is503() throws Exception {
        context.health.remove("core");
        int port = startOnFreePort(context);

        assertThat(Http.get(port, "/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    void otherSubsystemDown_is200Degraded() throws Exception {
        context.health.put("sink", Health.down("clickhouse unreachable"));
        int port = startOnFreePort(context);

        Http.Response r = Http.get(port, "/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("degraded");
    }

    @Test
    void withATokenConfigured_theDetailsNeedIt_theStatusDoesNot() throws Exception {
        TestContext protectedContext = new TestContext(java.util.Map.of("dashboard_auth_token", "dash-secret",
                "metrics_auth_token", "scrape-secret"));
        protectedContext.health.put("sink", Health.down("ClickHouse http://argus@ch.internal:8123/analytics: Code: 516"));
        int port = startOnFreePort(protectedContext);

        Http.Response anonymous = Http.get(port, "/healthz");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).doesNotContain("ch.internal").doesNotContain("516").doesNotContain("attached");
        JsonNode body = JSON.readTree(anonymous.body());
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.at("/subsystems/sink/up").asBoolean()).isFalse();
        assertThat(body.get("details").asText()).contains("token");

        for (String token : new String[] {"dash-secret", "scrape-secret"}) {
            Http.Response withToken = Http.get(port, "/healthz", "Authorization", "Bearer " + token);
            assertThat(JSON.readTree(withToken.body()).at("/subsystems/sink/detail").asText()).contains("ch.internal");
        }
        assertThat(Http.get(port, "/healthz", "Authorization", "Bearer wrong").body()).doesNotContain("ch.internal");
    }

    @Test
    void healthIsReadLive_onEveryRequest() throws Exception {
        int port = startOnFreePort(context);
        assertThat(Http.get(port, "/healthz").statusCode()).isEqualTo(200);

        context.health.put("core", Health.down("detached"));

        assertThat(Http.get(port, "/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    void serverReportsItselfUp_withTheBoundPort() {
        var server = start(context);

        assertThat(server.health().up()).isTrue();
        assertThat(server.health().detail()).contains(String.valueOf(server.port()));
    }

    @Test
    void closedServer_reportsDownAndNoPort() {
        var server = start(context);

        server.close();

        assertThat(server.health().up()).isFalse();
        assertThat(server.port()).isEqualTo(-1);
    }
}
