package argus.bench;

import argus.core.registry.MetricRegistry;
import argus.discord.local.LocalDiscord;
import argus.exporter.otlp.OtlpMetricsPusher;
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

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One OTLP push cycle on the push thread, for {@link RenderBenchmark}'s registry (50 slash commands x 2
 * outcomes through a real JDA, plus every default family): {@code registry.snapshot()}, the conversion
 * to OTLP metric data, protobuf encoding and the HTTP/1.1 POST to a loopback receiver, waiting for its
 * answer. {@code -prof gc} gives the allocation of a cycle (all threads: the JDK HTTP client's too).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class OtlpPushBenchmark {
    private OtlpSink sink;
    private BenchBot bot;
    private OtlpMetricsPusher pusher;
    private Method pushOnce;
    private long requestsBefore;
    private long bytesBefore;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        sink = new OtlpSink();
        bot = BenchBot.observed(false);
        try {
            bot.replaceListeners(new RenderBenchmark.CommandBot());
            MetricRegistry registry = bot.argus().registry();
            for (int c = 0; c < RenderBenchmark.COMMANDS; c++) {
                String name = String.format("command_%02d", c);
                bot.discord().dispatchInteraction(BenchBot.slashCommand(name, null));
                bot.discord().dispatchInteraction(BenchBot.slashCommand(name, null));
            }
            LocalDiscord.waitUntil(() -> registry.value("discord_app_commands", "command_49", "error") == 1,
                    bot.discord().timeout(), () -> "not every command completed");
            // The pusher's own schedule pushes once at start; the benchmark then drives its push method.
            pusher = OtlpMetricsPusher.start(URI.create(sink.endpoint()), Map.of(), "argus", "default", registry,
                    Duration.ofHours(1));
            pushOnce = OtlpMetricsPusher.class.getDeclaredMethod("pushOnce");
            pushOnce.setAccessible(true);
            LocalDiscord.waitUntil(() -> pusher.health().up(), Duration.ofSeconds(30), () -> "first push: " + pusher.health());
            requestsBefore = sink.requests.get();
            bytesBefore = sink.bytes.get();
        } catch (Exception | Error e) {
            bot.close();
            sink.close();
            throw e;
        }
    }

    @Benchmark
    public void pushCycle() throws Exception {
        pushOnce.invoke(pusher);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            long n = sink.requests.get() - requestsBefore;
            System.out.printf("%n[check] %d pushes, %d bytes each on average; health %s%n", n,
                    n == 0 ? 0 : (sink.bytes.get() - bytesBefore) / n, pusher.health());
            if (n < 100 || !pusher.health().up()) {
                throw new IllegalStateException("the pushes did not go through");
            }
            pusher.close();
        } finally {
            bot.close();
            sink.close();
        }
    }
}
