package argus.web.api;

import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.MetricsSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/stream: one shared build per interval, identical frames for every viewer, a cap, clean ends. */
class StreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INTERVAL = Duration.ofMillis(200);

    /** Counts registry snapshots taken through it. */
    static final class CountingSource implements MetricsSource {
        final AtomicReference<MetricsSource> delegate = new AtomicReference<>();
        final AtomicInteger builds = new AtomicInteger();
        volatile boolean fail;

        @Override
        public MetricsSnapshot snapshot() {
            builds.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("registry broken");
            }
            return delegate.get().snapshot();
        }
    }

    private static WebFixture harness(CountingSource source, int maxStreams, Duration heartbeat, String... settings)
            throws Exception {
        WebFixture w = WebFixture.harness(WebFixture.settings(settings), null, source,
                new LiveOptions(INTERVAL, heartbeat, maxStreams));
        source.delegate.set(w.registry);
        return w;
    }

    @Test
    void twoViewersReceiveTheSameSnapshotBytesFromOneBuildPerInterval() throws Exception {
        CountingSource source = new CountingSource();
        try (WebFixture w = harness(source, 8, Duration.ofSeconds(15));
             WebFixture.SseClient a = w.stream("/api/stream");
             WebFixture.SseClient b = w.stream("/api/stream")) {
            assertThat(a.status).isEqualTo(200);
            assertThat(a.head).containsIgnoringCase("content-type: text/event-stream");
            assertThat(a.head).doesNotContainIgnoringCase("content-encoding");
            int buildsAtStart = source.builds.get();
            long started = System.nanoTime();
            List<WebFixture.SseEvent> fromA = new ArrayList<>();
            List<WebFixture.SseEvent> fromB = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                w.interactions.labels("slash_command", "acknowledged").inc();
                fromA.add(a.nextSnapshot());
                fromB.add(b.nextSnapshot());
            }
            long elapsedIntervals = Duration.ofNanos(System.nanoTime() - started).toMillis() / INTERVAL.toMillis();
            // Align on ids: from the first id both saw, the frames are byte-identical.
            String common = fromA.stream().map(WebFixture.SseEvent::id).filter(id ->
                    fromB.stream().anyMatch(e -> e.id().equals(id))).findFirst().orElseThrow();
            WebFixture.SseEvent ea = fromA.stream().filter(e -> e.id().equals(common)).findFirst().orElseThrow();
            WebFixture.SseEvent eb = fromB.stream().filter(e -> e.id().equals(common)).findFirst().orElseThrow();
            assertThat(ea.data()).isEqualTo(eb.data());
            assertThat(JSON.readTree(ea.data()).get("overview").has("interactions_total")).isTrue();
            // Ids grow: each event is a new build.
            for (int i = 1; i < fromA.size(); i++) {
                assertThat(Long.parseLong(fromA.get(i).id())).isGreaterThan(Long.parseLong(fromA.get(i - 1).id()));
            }
            int builds = source.builds.get() - buildsAtStart;
            // Two viewers, ~8 intervals: about one build per interval, never one per viewer.
            assertThat(builds).as("builds over %d intervals", elapsedIntervals).isLessThanOrEqualTo((int) elapsedIntervals + 2);
            assertThat(builds).isLessThan(16);
        }
    }

    @Test
    void sixtyFourViewersCostOneBuildPerInterval() throws Exception {
        CountingSource source = new CountingSource();
        try (WebFixture w = harness(source, 64, Duration.ofSeconds(15))) {
            List<WebFixture.SseClient> viewers = new ArrayList<>();
            try {
                for (int i = 0; i < 64; i++) {
                    viewers.add(w.stream("/api/stream"));
                }
                assertThat(viewers).allMatch(v -> v.status == 200);
                assertThat(w.raw("/api/stream").status()).as("the 65th").isEqualTo(503);
                for (WebFixture.SseClient v : viewers) {
                    v.nextSnapshot();   // drain the first frame
                }
                int before = source.builds.get();
                long t0 = System.nanoTime();
                String lastId = null;
                for (int round = 0; round < 5; round++) {
                    List<String> ids = new ArrayList<>();
                    for (WebFixture.SseClient v : viewers) {
                        ids.add(v.nextSnapshot().id());
                    }
                    lastId = ids.get(0);
                }
                long intervals = Duration.ofNanos(System.nanoTime() - t0).toMillis() / INTERVAL.toMillis() + 1;
                int builds = source.builds.get() - before;
                System.out.printf("64 viewers: %d builds over ~%d intervals (last id %s)%n", builds, intervals, lastId);
                assertThat(builds).isLessThanOrEqualTo((int) intervals + 1);
            } finally {
                for (WebFixture.SseClient v : viewers) {
                    v.close();
                }
            }
        }
    }

    @Test
    void numbersOnTheStreamFollowTheRegistry() throws Exception {
        CountingSource source = new CountingSource();
        try (WebFixture w = harness(source, 8, Duration.ofSeconds(15));
             WebFixture.SseClient a = w.stream("/api/stream")) {
            long first = JSON.readTree(a.nextSnapshot().data()).get("overview").get("interactions_total").asLong();
            w.interactions.labels("button", "acknowledged").inc(5);
            long later = first;
            for (int i = 0; i < 10 && later == first; i++) {
                later = JSON.readTree(a.nextSnapshot().data()).get("overview").get("interactions_total").asLong();
            }
            assertThat(later).isEqualTo(first + 5);
        }
    }

    @Test
    void noViewersMeansNoBuilds() throws Exception {
        CountingSource source = new CountingSource();
        try (WebFixture w = harness(source, 8, Duration.ofSeconds(15))) {
            Thread.sleep(INTERVAL.toMillis() * 5);
            assertThat(source.builds.get()).isZero();
        }
    }

    @Test
    void streamsBeyondTheCapGet503JsonAndAFreedSlotIsReused() throws Exception {
        CountingSource source = new CountingSource();
        try (WebFixture w = harness(source, 2, Duration.ofSeconds(15))) {
            WebFixture.SseClient a = w.stream("/api/stream");
            WebFixture.SseClient b = w.stream("/api/stream");
            assertThat(a.status).isEqualTo(200);
            assertThat(b.status).isEqualTo(200);
            WebFixture.RawResponse third = w.raw("/api/stream");
            assertThat(third.status()).isEqualTo(503);
            assertThat(third.head()).containsIgnoringCase("content-type: application/json");
            assertThat(third.body()).contains("too many dashboard streams").contains("/api/snapshot");
            // The polling fallback still answers while the streams are full.
            assertThat(w.get("/api/snapshot").status()).isEqualTo(200);
            a.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status = 503;
            while (status == 503 && System.nanoTime() < deadline) {
                Thread.sleep(INTERVAL.toMillis());
                try (WebFixture.SseClient c = w.stream("/api/stream")) {
                    status = c.status;
                }
            }
            assertThat(status).as("a closed viewer's slot is released").isEqualTo(200);
            b.close();
        }
    }

    @Test
    void aFailingBuildIsCountedAndTheStreamStaysAliveOnHeartbeats() throws Exception {
        CountingSource source = new CountingSource();
        try (WebFixture w = harness(source, 8, Duration.ZERO);
             WebFixture.SseClient a = w.stream("/api/stream")) {
            assertThat(a.nextSnapshot()).isNotNull();
            source.fail = true;
            boolean heartbeat = false;
            for (int i = 0; i < 10 && !heartbeat; i++) {
                List<String> event = a.nextEvent();
                heartbeat = event != null && event.contains(": heartbeat");
            }
            assertThat(heartbeat).isTrue();
            assertThat(w.context.errorCount("dashboard")).isPositive();
            source.fail = false;
            assertThat(a.nextSnapshot()).isNotNull();
        }
    }

    @Test
    void unmountingEndsOpenStreamsCleanlyAndLeavesOtherRoutes() throws Exception {
        CountingSource source = new CountingSource();
        try (WebFixture w = harness(source, 8, Duration.ofSeconds(15))) {
            WebFixture.SseClient a = w.stream("/api/stream");
            assertThat(a.nextSnapshot()).isNotNull();
            w.unmountDashboard();
            String rest = a.rest(); // returns at the end of the stream (EOF), or times out the test
            assertThat(rest).doesNotContain("Exception");
            a.close();
            assertThat(w.get("/api/stream").status()).isEqualTo(404);
            assertThat(w.get("/").status()).isEqualTo(404);
        }
    }

    @Test
    void theProductServerEndsStreamsWhenItCloses() throws Exception {
        WebFixture w = WebFixture.start(WebFixture.settings(), null);
        try (WebFixture.SseClient a = w.stream("/api/stream")) {
            assertThat(a.status).isEqualTo(200);
            // The first frame comes at once, not after an interval.
            assertThat(a.nextSnapshot()).isNotNull();
            long t = System.nanoTime();
            w.close();
            a.rest();
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
