package argus.http.server;

import argus.http.Responses;
import argus.http.RouteTable;
import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Mounting and unmounting routes never exposes a half-updated table to a request in flight. */
class RouteTableTest {
    private static final Handler OK = new Handler.Abstract() {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              org.eclipse.jetty.util.Callback callback) {
            Responses.error(response, callback, 200, "ok");
            return true;
        }
    };

    @Test
    void metricsAnswers200ThroughoutAThousandMountUnmountCycles() throws Exception {
        JettyServer server = new JettyServer(TestContexts.on("127.0.0.1", 0), List.of());
        server.start(TestContexts.on("127.0.0.1", 0).config());
        assertThat(server.port()).isPositive();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong scrapes = new AtomicLong();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Runnable scrape = () -> {
            while (running.get()) {
                try {
                    Http.Response r = Http.get(server.port(), "/metrics");
                    if (r.statusCode() != 200) {
                        problems.add(r.statusCode() + ": " + r.body());
                    }
                    scrapes.incrementAndGet();
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            }
        };
        Thread a = new Thread(scrape, "scrape-a");
        Thread b = new Thread(scrape, "scrape-b");
        a.start();
        b.start();
        try {
            int cycles = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // At least 1,000 cycles, and enough of them that the scrapers really overlap with them.
            while ((cycles < 1_000 || scrapes.get() < 500) && System.nanoTime() < deadline) {
                RouteTable.Route page = server.routes().prefix("/dash/", OK);
                RouteTable.Route api = server.routes().exact("/api/snapshot", OK);
                api.close();
                page.close();
                cycles++;
                if (cycles % 50 == 0) {
                    Thread.yield();
                }
            }
            running.set(false);
            a.join(10_000);
            b.join(10_000);
            assertThat(cycles).isGreaterThanOrEqualTo(1_000);
            assertThat(scrapes.get()).as("scrapes during the cycles").isGreaterThanOrEqualTo(500);
            assertThat(problems).as("answers other than 200").isEmpty();
            assertThat(server.routes().paths()).containsExactly("/metrics", "/healthz");
        } finally {
            running.set(false);
            server.close();
        }
    }

    @Test
    void exactPathsWinOverPrefixesAndTheLongestPrefixWins() {
        RouteTable routes = new RouteTable();
        routes.prefix("/", OK);
        routes.exact("/metrics", OK);
        routes.prefix("/api/", OK);

        assertThat(routes.paths()).containsExactly("/metrics", "/api/", "/");
    }

    @Test
    void closingARouteRemovesExactlyThatRoute() {
        RouteTable routes = new RouteTable();
        RouteTable.Route first = routes.exact("/a", OK);
        routes.exact("/a", OK);   // the same path mounted twice: closing one leaves the other

        first.close();
        first.close();            // idempotent

        assertThat(routes.paths()).containsExactly("/a");
    }
}
