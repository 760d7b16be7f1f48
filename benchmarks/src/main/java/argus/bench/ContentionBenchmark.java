package argus.bench;

import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One series updated from two threads at once (two shards, or a shard and a REST worker, on the same
 * counter): what the registry's per-thread cells buy over one shared atomic cell. {@code shared_atomicAdd}
 * is exactly what a counter child did before the cells (one {@code getAndAdd} on one field); the
 * client_java data point (striped adders) is the library baseline. Use as many threads as cores
 * ({@code @Threads(2)} on this 2-core machine).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Threads(2)
@State(Scope.Benchmark)
public class ContentionBenchmark {
    private Counter.Child counter;
    private Histogram.Child histogram;
    private final AtomicLong shared = new AtomicLong();
    private CounterDataPoint prometheus;

    @Setup
    public void setUp() {
        MetricRegistry registry = new MetricRegistry(100);
        counter = registry.counter("bench_events", "contention", "type").labels("MESSAGE_CREATE");
        histogram = registry.histogram("bench_latency_seconds", "contention", "seconds",
                new double[] {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}, "type").labels("slash_command");
        prometheus = io.prometheus.metrics.core.metrics.Counter.builder().name("bench_events_total").help("baseline")
                .labelNames("type").register(new PrometheusRegistry()).labelValues("MESSAGE_CREATE");
    }

    /** The registry's counter child: a store into the calling thread's own cell. */
    @Benchmark
    public void argus_counter() {
        counter.inc();
    }

    /** The registry's histogram child (a bucket and the sum, both in the thread's own cells). */
    @Benchmark
    public void argus_histogram() {
        histogram.observe(0.042);
    }

    /** One shared atomic cell: what a counter child was before per-thread cells. */
    @Benchmark
    public long shared_atomicAdd() {
        return shared.getAndIncrement();
    }

    /** client_java 1.10's counter data point, cached (no label lookup). */
    @Benchmark
    public void prometheus_cachedDataPoint() {
        prometheus.inc();
    }
}
