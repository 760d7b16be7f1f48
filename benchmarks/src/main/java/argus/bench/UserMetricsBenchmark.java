package argus.bench;

import argus.api.instrument.Counter;
import argus.api.instrument.Instrumentation;
import argus.api.instrument.Sample;
import argus.api.metrics.Labels;
import argus.core.instrument.UserMetrics;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The hot path of the instrumentation API ({@code argus.instrumentation()}) next to what Argus' own
 * hooks do per observation and to Micrometer's timer and counter (Prometheus registry), in one run:
 * <ul>
 *   <li>{@code userTimer_tryWithResources}: {@code try (var t = metrics.timer("db_query")) {}}, i.e. a
 *       name lookup, two {@code nanoTime} calls and a histogram observation;</li>
 *   <li>{@code builtInHistogram_timed}: the same two {@code nanoTime} calls and observation on a cached
 *       registry child, as the command-duration hook records;</li>
 *   <li>{@code micrometerTimer_sample}: {@code Timer.start(registry)} ... {@code sample.stop(timer)};</li>
 *   <li>{@code userTimer_refusedName}: a timer whose name the API refuses on every call (an id in it);</li>
 *   <li>counters: the API with {@code labels(..)} on every call and with the child cached, the
 *       registry's own child, and Micrometer's {@code Counter.increment()}.</li>
 * </ul>
 * Single-threaded; {@code ContentionBenchmark} covers many threads for the registry underneath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class UserMetricsBenchmark {
    private Instrumentation metrics;
    private Counter userCounter;
    private Counter.Child userChild;
    private Histogram.Child builtInHistogram;
    private argus.core.registry.Counter.Child builtInCounter;
    private PrometheusMeterRegistry micrometer;
    private Timer micrometerTimer;
    private io.micrometer.core.instrument.Counter micrometerCounter;

    @Setup
    public void setUp() {
        MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "bench"));
        metrics = new UserMetrics(registry, "discord");
        userCounter = metrics.counter("jobs", "Jobs by outcome", "outcome");
        userChild = userCounter.labels("ok");
        metrics.timer("db_query").close(); // defined before measuring, as after a bot's first call
        builtInHistogram = registry.histogram("discord_app_command_duration_seconds", "built-in", "seconds",
                new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900}, "command")
                .labels("ping");
        builtInCounter = registry.counter("discord_app_commands", "built-in", "command", "outcome")
                .labels("ping", "success");
        micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        micrometerTimer = Timer.builder("db_query").register(micrometer);
        micrometerCounter = io.micrometer.core.instrument.Counter.builder("jobs").tag("outcome", "ok")
                .register(micrometer);
    }

    @Benchmark
    @SuppressWarnings("try") // the timer is only opened and closed: that is what this measures
    public void userTimer_tryWithResources() {
        try (Sample t = metrics.timer("db_query")) {
            // the bot's work would be here
        }
    }

    /** A misuse the API refuses on every call (an id in the name): nothing recorded, the error counted. */
    @Benchmark
    @SuppressWarnings("try")
    public void userTimer_refusedName() {
        try (Sample t = metrics.timer("query_123456789012345678")) {
            // the bot's work would be here
        }
    }

    @Benchmark
    public void builtInHistogram_timed() {
        long start = System.nanoTime();
        builtInHistogram.observe((System.nanoTime() - start) / 1e9);
    }

    @Benchmark
    public void micrometerTimer_sample() {
        Timer.Sample s = Timer.start(micrometer);
        s.stop(micrometerTimer);
    }

    @Benchmark
    public void userCounter_labels() {
        userCounter.labels("ok").inc();
    }

    @Benchmark
    public void userCounter_cachedChild() {
        userChild.inc();
    }

    @Benchmark
    public void builtInCounter_cachedChild() {
        builtInCounter.inc();
    }

    @Benchmark
    public void micrometerCounter_increment() {
        micrometerCounter.increment();
    }
}
