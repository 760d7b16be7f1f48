package argus.http.server;

import argus.api.spi.ArgusHttpServer;
import argus.api.spi.ServerContext;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts real servers through the module-path entry point and closes every one after each test. */
abstract class ServerTestBase {
    private final List<ArgusHttpServer> started = new ArrayList<>();

    ArgusHttpServer start(ServerContext context) {
        ArgusHttpServer server = new JettyServerProvider().start(context);
        started.add(server);
        return server;
    }

    /** A started server on a free loopback port, failing the test if it did not come up. */
    int startOnFreePort(ServerContext context) {
        ArgusHttpServer server = start(context);
        assertThat(server.health().up()).as(server.health().detail()).isTrue();
        assertThat(server.port()).isPositive();
        return server.port();
    }

    int startOnFreePort(Map<String, ?> settings) {
        return startOnFreePort(new TestContext(settings));
    }

    @AfterEach
    void closeServers() {
        started.forEach(ArgusHttpServer::close);
    }
}
