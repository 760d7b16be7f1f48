package argus.web.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding: a token-less dashboard answers only requests addressed to an IP address, localhost or
 * a name in {@code allowed_hosts}; with a token every name is served (the token protects it), and
 * {@code /metrics} and {@code /healthz} never check the host (Prometheus scrapes by name).
 */
class HostCheckTest {
    private static WebFixture open;
    private static WebFixture allowing;
    private static WebFixture gated;

    @BeforeAll
    static void start() {
        open = WebFixture.start(WebFixture.settings(), null);
        allowing = WebFixture.start(WebFixture.settings("allowed_hosts", "bot.example.com, Dash.Internal"), null);
        gated = WebFixture.start(WebFixture.settings("dashboard_auth_token", WebFixture.TOKEN), null);
    }

    @AfterAll
    static void stop() throws Exception {
        open.close();
        allowing.close();
        gated.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:9191", "localhost", "localhost:9191", "LOCALHOST.", "10.1.2.3:80",
            "[::1]:9191"})
    void addressesAndLocalhostAreServedWithoutAToken(String host) throws Exception {
        assertThat(open.rawTo(host, "/api/config").status()).isEqualTo(200);
        assertThat(open.rawTo(host, "/").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example", "attacker.example:9191", "127.0.0.1.nip.io", "localhost.evil.com"})
    void anyOtherNameIsRefusedWithoutAToken(String host) throws Exception {
        for (String route : new String[] {"/", "/api/config", "/api/snapshot", "/api/stream"}) {
            WebFixture.RawResponse r = open.rawTo(host, route);
            assertThat(r.status()).as("%s addressed to %s", route, host).isEqualTo(403);
            assertThat(r.body()).contains("allowed_hosts");
        }
    }

    @Test
    void namesInAllowedHostsAreServed_caseInsensitively() throws Exception {
        assertThat(allowing.rawTo("bot.example.com:9191", "/api/config").status()).isEqualTo(200);
        assertThat(allowing.rawTo("DASH.internal", "/api/config").status()).isEqualTo(200);
        assertThat(allowing.rawTo("other.example.com", "/api/config").status()).isEqualTo(403);
    }

    @Test
    void withATokenEveryNameIsServedToTheTokenAndNoneWithoutIt() throws Exception {
        assertThat(gated.rawTo("attacker.example", "/api/config", "Authorization: Bearer " + WebFixture.TOKEN).status())
                .isEqualTo(200);
        assertThat(gated.rawTo("attacker.example", "/api/config").status()).isEqualTo(401);
    }

    @Test
    void metricsAndHealthzDoNotCheckTheHost() throws Exception {
        assertThat(open.rawTo("prometheus-target.internal", "/healthz").status()).isEqualTo(200);
        assertThat(open.rawTo("prometheus-target.internal", "/metrics").status()).isEqualTo(200);
    }
}
