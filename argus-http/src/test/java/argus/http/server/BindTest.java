package argus.http.server;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** A busy port is retried off the caller's thread and bound once it frees; a port move rebinds in place. */
class BindTest {

    @Test
    void aBusyPortIsReportedDownThenBoundWithinSecondsOfFreeing() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        int busy = squatter.getLocalPort();
        JettyServer server = new JettyServer(TestContexts.on("127.0.0.1", busy), List.of());
        try {
            long t0 = System.nanoTime();
            server.start(TestContexts.on("127.0.0.1", busy).config());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("start never waits for the port")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(server.port()).isEqualTo(-1);
            Health down = server.health();
            assertThat(down.up()).isFalse();
            assertThat(down.detail()).contains("127.0.0.1:" + busy).contains("retrying");
            assertThat(server.routes().listening()).isEmpty();

            Thread.sleep(1_500);   // a retry or two fail meanwhile
            assertThat(server.health().up()).isFalse();
            squatter.close();
            long freed = System.nanoTime();
            await(() -> server.port() == busy, Duration.ofSeconds(40));   // default backoff: at most 30 s apart
            long rebindMillis = (System.nanoTime() - freed) / 1_000_000;

            assertThat(server.health().up()).isTrue();
            assertThat(server.health().detail()).isEqualTo("listening on 127.0.0.1:" + busy);
            assertThat(server.routes().listening()).contains("http://127.0.0.1:" + busy);
            assertThat(Http.get(busy, "/metrics").statusCode()).isEqualTo(200);
            assertThat(Http.get(busy, "/healthz").body()).contains("\"server\"").contains("listening on");
            System.out.printf("BIND: port %d freed -> listening in %d ms (default backoff 1 s doubling to 30 s)%n",
                    busy, rebindMillis);
        } finally {
            squatter.close();
            server.close();
        }
    }

    @Test
    void closingWhileRetryingStopsTheRetries() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int busy = squatter.getLocalPort();
            JettyServer server = new JettyServer(TestContexts.on("127.0.0.1", busy), List.of(),
                    Duration.ofMillis(50), Duration.ofMillis(100));
            server.start(TestContexts.on("127.0.0.1", busy).config());
            server.close();
            squatter.close();
            Thread.sleep(500);   // several retry periods

            assertThat(server.port()).isEqualTo(-1);
            assertThat(server.health().detail()).isEqualTo("stopped");
            try (ServerSocket again = new ServerSocket(busy, 50, InetAddress.getByName("127.0.0.1"))) {
                assertThat(again.getLocalPort()).as("nothing took the port back").isEqualTo(busy);
            }
        }
    }

    @Test
    void aPortMoveRebindsAndKeepsMountedRoutes() throws Exception {
        ArgusConfig first = TestContexts.on("127.0.0.1", 0).config();
        JettyServer server = new JettyServer(TestContexts.on("127.0.0.1", 0), List.of());
        try {
            server.start(first);
            int before = server.port();
            server.routes().exact("/dash", new HealthHandler(() -> Map.of("core", Health.up("x"))));
            int target = freePort();
            ArgusConfig moved = ArgusConfig.resolve(Map.of("host", "127.0.0.1", "port", Integer.toString(target),
                    "metrics_path", "/prom"), Map.of());

            server.reconfigure(first, moved);

            assertThat(server.port()).isEqualTo(target);
            assertThat(Http.get(target, "/prom").statusCode()).isEqualTo(200);
            assertThat(Http.get(target, "/metrics").statusCode()).as("the old path left").isEqualTo(404);
            assertThat(Http.get(target, "/dash").statusCode()).as("mounted routes stay").isEqualTo(200);
            assertThat(before).isNotEqualTo(target);
        } finally {
            server.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
