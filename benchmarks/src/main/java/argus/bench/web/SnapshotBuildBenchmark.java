package argus.bench.web;

import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import argus.core.registry.MetricRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What {@code /api/stream} pays once per interval before serialising: {@code registry.snapshot()} of
 * the {@link RealisticBot} registry (16 shards, 50 commands x 2 outcomes, REST routes, histograms),
 * the registry obtained from the public {@code Argus#registry()}. Run with {@code -prof gc} for B/op
 * (scripts/bench-web.sh does).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SnapshotBuildBenchmark {
    private RealisticBot bot;
    private MetricRegistry registry;

    @Setup(Level.Trial)
    public void setUp() {
        bot = RealisticBot.start(b -> b.dashboard(false));
        try {
            registry = bot.argus().registry();
            MetricsSnapshot s = registry.snapshot();
            int points = 0;
            int histograms = 0;
            for (MetricFamily f : s.families()) {
                points += f.points().size();
                if (f.type().name().contains("HISTOGRAM")) {
                    histograms += f.points().size();
                }
            }
            System.out.printf("%n[check] registry: %d families, %d points (%d histogram series), %d shards%n",
                    s.families().size(), points, histograms, RealisticBot.SHARDS);
        } catch (RuntimeException | Error e) {
            bot.close(); // JMH skips @TearDown when @Setup fails
            throw e;
        }
    }

    @Benchmark
    public MetricsSnapshot snapshot() {
        return registry.snapshot();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bot.close();
    }
}
