package argus.core.registry;

import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-thread single-writer cells behind counters and histograms: every update counted exactly,
 * whether its thread is alive, has ended (folded into the retired totals) or had no cells of its own
 * (the shared atomic fallback); reads never go backwards while threads record, grow and end.
 */
class CellsTest {
    private static final int PER_THREAD = 50_000;

    private static Counter counter(Cells cells, String name) {
        return new Counter(name, "c", List.of("k"), () -> 100, () -> { }, cells);
    }

    private static Histogram histogram(Cells cells) {
        return new Histogram("h_seconds", "h", "seconds", new double[] {1, 2}, List.of("k"), () -> 100, () -> { }, cells);
    }

    /** Runs {@code work} on {@code n} fresh threads at once and waits until every one has ended. */
    private static void onThreads(int n, Runnable work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    work.run();
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failed.get()).isNull();
    }

    @Test
    @Timeout(60)
    void valuesOfEndedThreads_areFoldedExactly_andTheirCellsReleased() throws Exception {
        Cells cells = new Cells();
        Counter.Child c = counter(cells, "c").labels("a");
        Histogram.Child h = histogram(cells).labels("a");

        for (int batch = 1; batch <= 3; batch++) {
            onThreads(4, () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    c.inc();
                    h.observe(i % 2 == 0 ? 0.5 : 1.5);
                }
            });
            assertThat(c.value()).isEqualTo(batch * 4L * PER_THREAD);
            assertThat(h.count()).isEqualTo(batch * 4L * PER_THREAD);
            assertThat(cells.writers()).as("ended threads are folded by the read").isZero();
        }
    }

    @Test
    @Timeout(120)
    void threadsEndingWhileReadsFoldOthers_loseNothing() throws Exception {
        // Reads fold ended threads while further threads end: each writer must be folded or kept.
        Cells cells = new Cells();
        Counter.Child c = counter(cells, "c").labels("a");
        try (MonotonicReader reader = new MonotonicReader(c::value)) {
            for (int round = 0; round < 200; round++) {
                onThreads(4, () -> {
                    for (int i = 0; i < 100; i++) {
                        c.inc();
                    }
                });
            }
            reader.assertNeverWentBackwards();
        }
        assertThat(c.value()).isEqualTo(200L * 4 * 100);
        assertThat(cells.writers()).isZero();
    }

    // Three per-thread sums whose rounded total depends on the grouping (found by search):
    // (R + A) + B = 15.047632767153969, but (R + B) + A = 15.047632767153967.
    private static final double R = 13.436424411240122;
    private static final double A = 0.8474337369372327;
    private static final double B = 0.763774618976614;

    @Test
    void aSumRegroupedByAFold_isNotReportedAsADecrease() {
        double r = R;
        double a = A;
        double b = B;
        Histogram.Child h = histogram(new Cells()).labels("x"); // the first child: its sum is slot 0
        Cells.Writer wa = writerWithSum(a);
        Cells.Writer wb = writerWithSum(b);

        double before = h.sum(view(1, r, wa, wb));
        // b's thread ended and was folded into the retired total: same observations, new grouping.
        double after = h.sum(view(2, r + b, wa));
        assertThat(before).isEqualTo((r + a) + b);
        assertThat((r + b) + a).isLessThan(before);
        assertThat(after).isEqualTo(before);

        // A real decrease (negative observations) is larger than rounding and is reported as it is.
        double lower = h.sum(view(3, r));
        assertThat(lower).isEqualTo(r);
    }

    @Test
    void anOlderViewFinishingLate_doesNotLowerTheSumLaterViewsAreHeldTo() {
        double r = R;
        double b = B;
        Histogram.Child h = histogram(new Cells()).labels("x");
        Cells.Writer wa = writerWithSum(A);
        Cells.Writer wb = writerWithSum(b);

        double newer = h.sum(view(2, r, wa, wb));      // (r + a) + b, reported first
        double older = h.sum(view(1, r, wa));          // taken earlier, before b's observations: lower
        assertThat(older).isLessThan(newer);
        // The next view regroups the same observations a few ulps lower: still held to the newer report.
        assertThat(h.sum(view(3, r + b, wa))).isEqualTo(newer);
    }

    private static Cells.View view(long epoch, double retiredSum, Cells.Writer... writers) {
        return new Cells.View(new long[] {Double.doubleToRawLongBits(retiredSum)}, writers, epoch);
    }

    /** One thread per task, each kept alive after its task until closed (a live thread's cells count). */
    private static final class LiveThreads implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final List<Thread> threads = new ArrayList<>();

        /** Returns once every task has run. */
        static LiveThreads start(List<Runnable> tasks) throws InterruptedException {
            LiveThreads live = new LiveThreads();
            CountDownLatch recorded = new CountDownLatch(tasks.size());
            for (Runnable task : tasks) {
                Thread thread = new Thread(() -> {
                    task.run();
                    recorded.countDown();
                    try {
                        live.release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.start();
                live.threads.add(thread);
            }
            recorded.await();
            return live;
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** Reads a value in a loop on its own thread until closed, remembering the first time it went down. */
    private static final class MonotonicReader implements AutoCloseable {
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicReference<String> failure = new AtomicReference<>();
        private final Thread thread;

        MonotonicReader(LongSupplier value) {
            thread = new Thread(() -> {
                try {
                    long last = 0;
                    while (!done.get()) {
                        long now = value.getAsLong();
                        if (now < last) {
                            failure.compareAndSet(null, now + " after " + last);
                        }
                        last = now;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, "the reader failed: " + e);
                }
            });
            thread.start();
        }

        void assertNeverWentBackwards() throws InterruptedException {
            close();
            assertThat(failure.get()).as("a read went backwards").isNull();
        }

        @Override
        public void close() throws InterruptedException {
            done.set(true);
            thread.join();
        }
    }

    private static Cells.Writer writerWithSum(double sum) {
        Cells.Writer w = new Cells.Writer(Thread.currentThread());
        w.addDouble(0, sum);
        return w;
    }

    @Test
    @Timeout(60)
    void histogramBucketsAndSum_addUpOverLiveAndEndedThreads() throws Exception {
        Cells cells = new Cells();
        Histogram family = histogram(cells);
        Histogram.Child h = family.labels("a");
        h.observe(0.25); // this (live) thread: bucket le=1
        onThreads(3, () -> {
            for (int i = 0; i < 1_000; i++) {
                h.observe(1.5); // le=2
                h.observe(4);   // +Inf
            }
        });

        HistogramPoint p = (HistogramPoint) family.collect(Labels.EMPTY, cells.view()).points().get(0);
        assertThat(p.cumulativeCounts()).containsExactly(1, 3_001, 6_001);
        assertThat(p.count()).isEqualTo(6_001);
        assertThat(p.sum()).isEqualTo(0.25 + 3_000 * 1.5 + 3_000 * 4.0);
    }

    @Test
    @Timeout(60)
    void threadsBeyondTheWriterLimit_countThroughTheSharedCells() throws Exception {
        Cells cells = new Cells(2);
        Counter.Child c = counter(cells, "c").labels("a");
        Histogram.Child h = histogram(cells).labels("a");
        Runnable work = () -> {
            for (int i = 0; i < PER_THREAD; i++) {
                c.inc();
                h.observe(3);
            }
        };
        // Six threads alive at once, only two of them with cells of their own.
        try (LiveThreads threads = LiveThreads.start(List.of(work, work, work, work, work, work))) {
            assertThat(cells.writers()).isEqualTo(2);
            assertThat(c.value()).isEqualTo(6L * PER_THREAD);
            assertThat(h.count()).isEqualTo(6L * PER_THREAD);
        }

        // Once they have ended, a read folds them and frees the places for new threads.
        assertThat(c.value()).isEqualTo(6L * PER_THREAD);
        assertThat(cells.writers()).isZero();
        onThreads(1, c::inc);
        assertThat(c.value()).isEqualTo(6L * PER_THREAD + 1);
    }

    @Test
    @Timeout(60)
    void aThreadThatRecordsRarelyHoldsNoCells_oneThatRecordsOftenDoes_bothCountExactly() throws Exception {
        Cells cells = new Cells();
        Counter.Child c = counter(cells, "c").labels("a");
        Histogram.Child h = histogram(cells).labels("a");
        int rare = Cells.PROMOTE_AFTER / 4;
        int often = Cells.PROMOTE_AFTER * 4;
        List<Runnable> work = new ArrayList<>();
        for (int n : new int[] {rare, often}) {
            work.add(() -> {
                for (int i = 0; i < n; i++) {
                    c.inc();
                    h.observe(1.5);
                }
            });
        }
        try (LiveThreads threads = LiveThreads.start(work)) {
            assertThat(cells.writers()).isEqualTo(2);
            assertThat(cells.writersWithCells()).as("only the thread that records often has cells").isEqualTo(1);
            assertThat(c.value()).isEqualTo(rare + often);
            assertThat(h.count()).isEqualTo(rare + often);
            assertThat(h.sum(cells.view())).isEqualTo((rare + often) * 1.5);
        }
        assertThat(c.value()).isEqualTo(rare + often);
        assertThat(cells.writers()).isZero();
    }

    @Test
    @Timeout(60)
    void probationCountsUpdatesBetweenViews() throws Exception {
        Cells cells = new Cells();
        Counter.Child c = counter(cells, "c").labels("a");
        int[] withCells = new int[1];
        onThreads(1, () -> {
            // Fewer than PROMOTE_AFTER updates between any two reads: never promoted, however many in all.
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < Cells.PROMOTE_AFTER / 2; i++) {
                    c.inc();
                }
                cells.view();
            }
            withCells[0] = cells.writersWithCells();
        });
        assertThat(withCells[0]).isZero();
        assertThat(c.value()).isEqualTo(8L * (Cells.PROMOTE_AFTER / 2));
    }

    @Test
    @Timeout(120)
    void concurrentReads_neverGoBackwards_whileThreadsRecordGrowAndEnd() throws Exception {
        Cells cells = new Cells(3); // some threads use the shared cells too
        Counter family = counter(cells, "c");
        Counter.Child first = family.labels("first");
        try (MonotonicReader reader = new MonotonicReader(first::value)) {
            for (int round = 0; round < 5; round++) {
                int r = round;
                onThreads(6, () -> {
                    for (int i = 0; i < 20_000; i++) {
                        first.inc();
                        if (i % 1_000 == 0) {
                            // new children mean new slots: a thread's cells grow while the reader sums them
                            family.labels("v" + r + "-" + Thread.currentThread().getId() + "-" + i).inc();
                        }
                    }
                });
            }
            reader.assertNeverWentBackwards();
        }
        assertThat(first.value()).isEqualTo(5L * 6 * 20_000);
        Cells.View v = cells.view();
        long others = family.collect(Labels.EMPTY, v).points().stream()
                .mapToLong(p -> (long) ((argus.api.metrics.ValuePoint) p).value()).sum() - first.value();
        assertThat(others).isEqualTo(5L * 6 * 20);
    }
}
