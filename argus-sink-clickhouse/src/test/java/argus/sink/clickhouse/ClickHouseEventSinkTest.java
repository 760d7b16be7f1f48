package argus.sink.clickhouse;

import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.SinkStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink's queue, batching, breaker and accounting, with a scripted writer in place of ClickHouse. */
class ClickHouseEventSinkTest {
    private final List<ClickHouseEventSink> sinks = new ArrayList<>();

    @AfterEach
    void close() {
        sinks.forEach(s -> s.close(Duration.ofSeconds(1)));
    }

    /** A writer whose availability the test controls. */
    static final class ScriptedWriter implements BatchWriter {
        final List<List<AnalyticsEvent>> batches = new CopyOnWriteArrayList<>();
        final AtomicInteger prepares = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger probes = new AtomicInteger();
        volatile boolean down;
        volatile long writeMillis;
        volatile boolean rejectData;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void prepare() throws Exception {
            prepares.incrementAndGet();
            if (down) {
                throw new java.net.ConnectException("Connection refused");
            }
        }

        @Override
        public void write(List<AnalyticsEvent> batch) throws Exception {
            gate.await();
            writes.incrementAndGet();
            if (writeMillis > 0) {
                Thread.sleep(writeMillis);
            }
            if (down) {
                throw new java.net.ConnectException("Connection refused");
            }
            if (rejectData) {
                throw new IllegalArgumentException("Code: 27. Cannot parse input");
            }
            batches.add(List.copyOf(batch));
        }

        @Override
        public boolean reachable() {
            probes.incrementAndGet();
            return !down;
        }

        @Override
        public void close() {
        }

        long written() {
            return batches.stream().mapToLong(List::size).sum();
        }
    }

    private ClickHouseEventSink sink(ScriptedWriter w, int capacity, int batch, long flushMs) {
        ClickHouseEventSink s = new ClickHouseEventSink(w, capacity, batch, Duration.ofMillis(flushMs), "test");
        sinks.add(s);
        return s;
    }

    private ClickHouseEventSink sink(ScriptedWriter w, int capacity, int batch, long flushMs, long requestTimeoutMs) {
        ClickHouseEventSink s = new ClickHouseEventSink(w, capacity, batch, Duration.ofMillis(flushMs),
                Duration.ofMillis(requestTimeoutMs), "test");
        sinks.add(s);
        return s;
    }

    private static AnalyticsEvent event(int i) {
        return new AnalyticsEvent(1_700_000_000_000L + i, EventKind.APP_COMMAND, 42, "slash_command", "ping", i,
                "success", "", 0, "default");
    }

    @Test
    void writesFullBatchesWithoutWaitingForTheInterval() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        ClickHouseEventSink s = sink(w, 1_000, 10, 60_000);
        for (int i = 0; i < 30; i++) {
            assertThat(s.record(event(i))).isTrue();
        }
        await(() -> w.written() == 30);
        assertThat(w.batches).allSatisfy(b -> assertThat(b).hasSize(10));
    }

    @Test
    void flushesAPartialBatchAfterTheInterval() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        ClickHouseEventSink s = sink(w, 1_000, 1_000, 100);
        s.record(event(1));
        await(() -> w.written() == 1);
        assertThat(s.stats()).isEqualTo(new SinkStats(1, 1, 0, 1, 0, 0));
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        w.gate = new CountDownLatch(1);            // the store hangs: nothing leaves the worker
        ClickHouseEventSink s = sink(w, 100, 10, 10);
        await(() -> true);
        int accepted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (s.record(event(i))) {
                accepted++;
            }
        }
        // Exactly the capacity: the batch the worker took before it hung counts against it too.
        assertThat(accepted).isEqualTo(100);
        SinkStats st = s.stats();
        assertThat(st.offered()).isEqualTo(1_000);
        assertThat(st.dropped()).isEqualTo(1_000 - accepted);
        w.gate.countDown();
        await(() -> s.stats().written() == st.accepted());
    }

    @Test
    void anOutageOpensTheBreakerKeepsTheBatchAndRecoversByItself() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        w.down = true;
        ClickHouseEventSink s = sink(w, 1_000, 5, 10);
        for (int i = 0; i < 5; i++) {
            s.record(event(i));
        }
        await(() -> !s.health().up());
        assertThat(s.health().detail()).startsWith("refused: ClickHouse cannot be reached (ConnectException")
                .contains("5 events pending");
        assertThat(s.stats().failed()).isZero();
        w.down = false;
        await(() -> s.health().up() && w.written() == 5);
        assertThat(s.stats()).isEqualTo(new SinkStats(5, 5, 0, 5, 0, 0));
    }

    @Test
    void aBatchTheReachableStoreKeepsRefusingIsGivenUpAndCounted() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        w.rejectData = true;
        ClickHouseEventSink s = sink(w, 1_000, 3, 10);
        for (int i = 0; i < 3; i++) {
            s.record(event(i));
        }
        await(() -> s.stats().failed() == 3);
        assertThat(w.writes.get()).isEqualTo(ClickHouseEventSink.MAX_ATTEMPTS_WHILE_REACHABLE);
        w.rejectData = false;
        s.record(event(9));
        await(() -> w.written() == 1);
        assertThat(s.stats()).isEqualTo(new SinkStats(4, 4, 0, 1, 3, 0));
    }

    /**
     * The bound covers the queue, the batch in hand and the one in flight: with a batch size above the
     * capacity the worker takes everything queued into its batch on every retry, which used to let the
     * queue fill again beside it (capacity + batch size held).
     */
    @Test
    void eventsHeldNeverExceedTheCapacityDuringAnOutage_batchInHandIncluded() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        w.down = true;
        ClickHouseEventSink s = sink(w, 300, 1_000, 10);
        long peak = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); // three probe rounds at least
        int offered = 0;
        while (System.nanoTime() < deadline) {
            s.record(event(offered++));
            // Read on the only producer's thread while nothing is written: pending is exactly what is held.
            peak = Math.max(peak, s.stats().pending());
            if (offered % 20 == 0) {
                Thread.sleep(1);
            }
        }
        assertThat(w.prepares.get()).as("the worker had a batch in hand and tried it").isPositive();
        assertThat(peak).as("peak events held, capacity 300").isEqualTo(300);
        SinkStats during = s.stats();
        assertThat(during.accepted()).isEqualTo(300);
        assertThat(during.dropped()).isEqualTo(offered - 300L);
        w.down = false;
        await(() -> s.stats().written() == 300);
        assertThat(s.stats()).isEqualTo(new SinkStats(offered, 300, offered - 300L, 300, 0, 0));
    }

    @Test
    void anUnreachableStoreIsProbedNotSentTheBatchAgain_andTheBatchGoesAtOnceWhenItAnswers() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        w.down = true;
        ClickHouseEventSink s = sink(w, 1_000, 10, 10);
        for (int i = 0; i < 10; i++) {
            s.record(event(i));
        }
        await(() -> w.probes.get() >= 4);
        assertThat(w.prepares.get() + w.writes.get()).as("heavy attempts while unreachable").isEqualTo(1);
        w.down = false;
        long back = System.nanoTime();
        await(() -> w.written() == 10);
        assertThat(System.nanoTime() - back).as("resumed within a probe interval (generous bound)")
                .isLessThan(TimeUnit.SECONDS.toNanos(3));
        assertThat(s.health().up()).isTrue();
    }

    @Test
    void aHungWriteIsReportedDownWithinTheBound_andRecordNeverWaits() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        ClickHouseEventSink s = sink(w, 1_000, 10, 10, 1_000); // hang bound: the 1 s request timeout
        s.record(event(0));
        await(() -> w.written() == 1);
        w.gate = new CountDownLatch(1);  // the next insert gets no answer, whatever its deadline
        long hungAt = System.nanoTime();
        long slowestRecord = 0;
        for (int i = 1; i <= 340; i++) {
            long t0 = System.nanoTime();
            s.record(event(i));
            slowestRecord = Math.max(slowestRecord, System.nanoTime() - t0);
        }
        await(() -> !s.health().up());
        long toDown = System.nanoTime() - hungAt;
        assertThat(s.health().detail()).startsWith("hung: an insert has waited").contains("340 events pending");
        assertThat(toDown).as("down within the bound plus slack").isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(slowestRecord).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        w.gate.countDown();
        await(() -> s.health().up() && s.stats().written() == 341);
    }

    @Test
    void insertsThatSucceedSlowlyShowAsSlowButUp() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        w.writeMillis = 600;             // a quarter of the 1 s request timeout is 250 ms
        ClickHouseEventSink s = sink(w, 1_000, 10, 10, 1_000);
        for (int i = 0; i < 10; i++) {
            s.record(event(i));
        }
        await(() -> w.written() == 10);
        assertThat(s.health().up()).isTrue();
        assertThat(s.health().detail()).startsWith("slow: ");
    }

    @Test
    void closeDrainsEverythingAccepted() {
        ScriptedWriter w = new ScriptedWriter();
        ClickHouseEventSink s = sink(w, 100_000, 1_000, 60_000);
        for (int i = 0; i < 50_000; i++) {
            s.record(event(i));
        }
        s.close(Duration.ofSeconds(10));
        assertThat(w.written()).isEqualTo(50_000);
        assertThat(s.stats()).isEqualTo(new SinkStats(50_000, 50_000, 0, 50_000, 0, 0));
        assertThat(s.health().up()).isFalse();
        assertThat(s.record(event(1))).as("closed sinks refuse and count").isFalse();
        assertThat(s.stats().dropped()).isEqualTo(1);
    }

    /**
     * An event recorded just before {@code close()} is written, whatever the worker was doing: it used to
     * stop when it saw the close with an empty batch, even if the event had reached the queue after its
     * last look (seen once in four runs of the integration tests: "closed with 1 accepted events unwritten").
     * A new sink's worker is at that look right after it starts, so many short lives hit the window.
     */
    @Test
    void anEventRecordedJustBeforeCloseIsWritten_notCountedAsFailed() {
        int lost = 0;
        for (int i = 0; i < 300; i++) {
            ScriptedWriter w = new ScriptedWriter();
            ClickHouseEventSink s = new ClickHouseEventSink(w, 100, 10, Duration.ofMillis(60_000), "test");
            s.record(event(i));
            s.close(Duration.ofSeconds(10));
            if (w.written() != 1) {
                lost++;
            }
            assertThat(s.stats().offered()).isEqualTo(1);
        }
        assertThat(lost).as("sinks (of 300) that failed an event recorded before close()").isZero();
    }

    @Test
    void closeCountsWhatItCouldNotWriteBeforeTheDeadlineAsFailed() {
        ScriptedWriter w = new ScriptedWriter();
        w.down = true;
        ClickHouseEventSink s = sink(w, 1_000, 10, 10);
        for (int i = 0; i < 25; i++) {
            s.record(event(i));
        }
        s.close(Duration.ofMillis(300));
        assertThat(s.stats()).isEqualTo(new SinkStats(25, 25, 0, 0, 25, 0));
    }

    @Test
    void accountingStaysExactUnderConcurrentProducers() throws Exception {
        ScriptedWriter w = new ScriptedWriter();
        ClickHouseEventSink s = sink(w, 5_000, 500, 5);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread p = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    s.record(event(i));
                }
            });
            producers.add(p);
            p.start();
        }
        for (Thread p : producers) {
            p.join();
        }
        s.close(Duration.ofSeconds(10));
        SinkStats st = s.stats();
        assertThat(st.offered()).isEqualTo(200_000);
        assertThat(st.accepted() + st.dropped()).isEqualTo(200_000);
        assertThat(st.written()).isEqualTo(w.written()).isEqualTo(st.accepted());
        assertThat(st.pending()).isZero();
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
