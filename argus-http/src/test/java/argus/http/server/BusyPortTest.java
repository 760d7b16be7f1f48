package argus.http.server;

import argus.api.spi.ArgusHttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** A busy port never reaches the bot: the server reports itself down instead (invariant 5). */
class BusyPortTest extends ServerTestBase {

    @Test
    void busyPort_startReturnsADownServerWithoutThrowing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            TestContext context = new TestContext(Map.of("port", String.valueOf(taken.getLocalPort())));

            ArgusHttpServer[] server = new ArgusHttpServer[1];
            assertThatCode(() -> server[0] = start(context)).doesNotThrowAnyException();

            assertThat(server[0]).isNotNull();
            assertThat(server[0].health().up()).isFalse();
            assertThat(server[0].health().detail()).contains("could not listen").contains(String.valueOf(taken.getLocalPort()));
            assertThat(server[0].port()).isEqualTo(-1);
        }
    }

    @Test
    void downServer_canBeClosedHarmlessly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ArgusHttpServer server = start(new TestContext(Map.of("port", String.valueOf(taken.getLocalPort()))));

            assertThatCode(server::close).doesNotThrowAnyException();
            assertThat(server.port()).isEqualTo(-1);
        }
    }

    @Test
    void portZero_picksAFreePort() {
        ArgusHttpServer a = start(new TestContext());
        ArgusHttpServer b = start(new TestContext());

        assertThat(a.port()).isPositive();
        assertThat(b.port()).isPositive().isNotEqualTo(a.port());
    }
}
