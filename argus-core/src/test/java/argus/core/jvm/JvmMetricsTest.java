package argus.core.jvm;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.MetricsSnapshot;
import argus.core.registry.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM and process families: client_java's names, live values, removable. */
class JvmMetricsTest {
    private final MetricRegistry registry = new MetricRegistry(200);

    @Test
    void memoryThreadsClassesAndProcessAreReadLive() {
        JvmMetrics.register(registry);
        MetricsSnapshot s = registry.snapshot();

        assertThat(registry.value("jvm_memory_used_bytes", "heap")).isPositive();
        assertThat(registry.value("jvm_memory_committed_bytes", "heap"))
                .isGreaterThanOrEqualTo(registry.value("jvm_memory_used_bytes", "heap") * 0.5);
        assertThat(registry.value("jvm_memory_used_bytes", "nonheap")).isPositive();
        assertThat(s.family("jvm_memory_pool_used_bytes").points()).isNotEmpty();
        assertThat(registry.value("jvm_threads_current")).isGreaterThanOrEqualTo(1);
        assertThat(registry.value("jvm_threads_state", "RUNNABLE")).isGreaterThanOrEqualTo(1);
        assertThat(s.family("jvm_threads_state").points()).hasSize(Thread.State.values().length);
        assertThat(registry.value("jvm_classes_loaded")).isGreaterThan(100);
        assertThat(s.family("jvm_classes_loaded").type()).isEqualTo(MetricType.COUNTER);
        assertThat(registry.value("process_cpu_seconds")).isPositive();
        assertThat(registry.value("process_start_time_seconds")).isGreaterThan(1.6e9);
        assertThat(s.family("jvm_runtime").type()).isEqualTo(MetricType.INFO);
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertThat(registry.value("process_open_fds")).isPositive();
            assertThat(registry.value("process_max_fds")).isGreaterThanOrEqualTo(registry.value("process_open_fds"));
            assertThat(registry.value("process_resident_memory_bytes")).isGreaterThan(1 << 20);
        }
        for (String name : JvmMetrics.NAMES) {
            assertThat(s.family(name)).as(name).isNotNull();
        }
        // Nothing failed while collecting them.
        assertThat(s.family("argus_instrumentation_errors").points()).isEmpty();
    }

    @Test
    void garbageCollectionsAreCountedWithTheirTimeAsClientJavasSummaryIs() {
        JvmMetrics.register(registry);
        long before = collections(registry.snapshot());
        System.gc();
        MetricFamily gc = registry.snapshot().family("jvm_gc_collection_seconds");
        assertThat(gc.type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(gc.points()).isNotEmpty();
        for (DataPoint p : gc.points()) {
            HistogramPoint h = (HistogramPoint) p;
            assertThat(h.upperBounds()).containsExactly(Double.POSITIVE_INFINITY);
            assertThat(h.sum()).isGreaterThanOrEqualTo(0);
            assertThat(p.labels().get("gc")).isNotBlank();
        }
        assertThat(collections(registry.snapshot())).isGreaterThan(before);
    }

    private static long collections(MetricsSnapshot s) {
        long n = 0;
        for (DataPoint p : s.family("jvm_gc_collection_seconds").points()) {
            n += ((HistogramPoint) p).count();
        }
        return n;
    }

    @Test
    void removeTakesEveryFamilyAwayAndRegisterAddsThemAgain() {
        JvmMetrics.register(registry);
        JvmMetrics.remove(registry);
        assertThat(registry.snapshot().families()).noneMatch(f -> f.name().startsWith("jvm_") || f.name().startsWith("process_"));
        JvmMetrics.register(registry); // no "already defined"
        assertThat(registry.value("jvm_threads_current")).isPositive();
    }
}
