package argus.core.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** JDA dispatches from many threads at once; no increment may be lost. */
class CounterConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 100_000;

    private static void runConcurrently(Runnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    work.run();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void eightThreadsIncrementingTheSameChild_loseNoIncrement() throws Exception {
        MetricRegistry registry = new MetricRegistry(200);
        Counter.Child child = registry.counter("discord_interactions", "I", "type", "status")
                .labels("slash_command", "acknowledged");

        runConcurrently(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
                child.inc();
            }
        });

        assertThat(child.value()).isEqualTo((long) THREADS * PER_THREAD);
        assertThat(registry.value("discord_interactions", "slash_command", "acknowledged"))
                .isEqualTo((double) THREADS * PER_THREAD);
    }

    @Test
    @Timeout(60)
    void eightThreadsLookingUpTheSameLabels_shareOneChild() throws Exception {
        MetricRegistry registry = new MetricRegistry(200);
        Counter counter = registry.counter("discord_interactions", "I", "type", "status");

        runConcurrently(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
                counter.labels("button", i % 2 == 0 ? "acknowledged" : "failed").inc();
            }
        });

        assertThat(registry.value("discord_interactions", "button", "acknowledged")).isEqualTo(THREADS * PER_THREAD / 2.0);
        assertThat(registry.value("discord_interactions", "button", "failed")).isEqualTo(THREADS * PER_THREAD / 2.0);
        assertThat(registry.snapshot().family("discord_interactions").points()).hasSize(2);
    }

    @Test
    @Timeout(60)
    void concurrentFirstSightings_respectTheCapExactly() throws Exception {
        MetricRegistry registry = new MetricRegistry(50);
        Counter counter = registry.counter("discord_commands", "C", "command");

        runConcurrently(() -> {
            for (int i = 0; i < 1_000; i++) {
                counter.labels("cmd" + i).inc();
            }
        });

        var points = registry.snapshot().family("discord_commands").points();
        assertThat(points).hasSize(51); // 50 admitted + other
        assertThat(points.stream().mapToDouble(p -> ((argus.api.metrics.ValuePoint) p).value()).sum())
                .isEqualTo(THREADS * 1_000.0);
        assertThat(registry.value("argus_label_overflow", "discord_commands"))
                .isEqualTo(registry.value("discord_commands", "other"));
    }

    @Test
    @Timeout(60)
    void histogramObservationsFromEightThreads_areAllCounted() throws Exception {
        MetricRegistry registry = new MetricRegistry(200);
        Histogram.Child child = registry.histogram("discord_d_seconds", "D", "seconds", new double[] {1}, "type")
                .labels("button");

        runConcurrently(() -> {
            for (int i = 0; i < PER_THREAD; i++) {
                child.observe(i % 2 == 0 ? 0.5 : 2);
            }
        });

        assertThat(child.count()).isEqualTo((long) THREADS * PER_THREAD);
    }
}
