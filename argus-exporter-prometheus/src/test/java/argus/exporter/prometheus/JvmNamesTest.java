package argus.exporter.prometheus;

import argus.api.metrics.Labels;
import argus.core.jvm.JvmMetrics;
import argus.core.registry.MetricRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argus' JVM and process families against the reference, client_java's own
 * {@code prometheus-metrics-instrumentation-jvm} in the same JVM: every family Argus serves exists there
 * with the same name, type and label names, so dashboards and alerts written for client_java work.
 */
class JvmNamesTest {
    /** Argus' one deliberate difference: a summary without quantiles, typed histogram with only +Inf. */
    private static final Map<String, String> TYPE_EXCEPTIONS = Map.of("jvm_gc_collection_seconds", "SummarySnapshot");

    @Test
    void everyJvmAndProcessFamilyHasClientJavasNameTypeAndLabels() {
        PrometheusRegistry reference = new PrometheusRegistry();
        io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().register(reference);
        Map<String, String> expected = shapes(reference.scrape());

        MetricRegistry registry = new MetricRegistry(200, Labels.EMPTY);
        JvmMetrics.register(registry);
        Map<String, String> ours = shapes(ClientJavaSnapshots.convert(registry.snapshot()));
        ours.keySet().removeIf(name -> name.startsWith("argus_")); // the registry's own self-metrics

        assertThat(ours).hasSizeGreaterThanOrEqualTo(25);
        Map<String, String> differ = new TreeMap<>();
        ours.forEach((name, shape) -> {
            String want = expected.get(name);
            String type = TYPE_EXCEPTIONS.get(name);
            if (type != null && want != null && want.startsWith(type)) {
                want = shape.substring(0, shape.indexOf(' ')) + want.substring(want.indexOf(' '));
            }
            if (!shape.equals(want)) {
                differ.put(name, "argus " + shape + " / client_java " + want);
            }
        });
        assertThat(differ).as("families whose name, type or labels differ from client_java's").isEmpty();

        // What Argus leaves out of client_java's set is what the README lists, and nothing more.
        Set<String> leftOut = new TreeSet<>(expected.keySet());
        leftOut.removeAll(ours.keySet());
        assertThat(leftOut).isSubsetOf("jvm_compilation_time_seconds", "jvm_memory_pool_allocated_bytes",
                "jvm_memory_pool_init_bytes", "jvm_memory_pool_collection_committed_bytes",
                "jvm_memory_pool_collection_init_bytes", "jvm_memory_pool_collection_max_bytes",
                "jvm_memory_pool_collection_used_bytes", "jvm_threads_deadlocked_monitor");
    }

    /** Family name (as exported, without _total) to "type [label names]". */
    private static Map<String, String> shapes(MetricSnapshots snapshots) {
        Map<String, String> out = new TreeMap<>();
        for (MetricSnapshot s : snapshots) {
            Set<String> labels = new TreeSet<>();
            for (DataPointSnapshot p : s.getDataPoints()) {
                p.getLabels().forEach(l -> labels.add(l.getName()));
            }
            out.put(s.getMetadata().getPrometheusName(), s.getClass().getSimpleName() + " " + labels);
        }
        return out;
    }
}
