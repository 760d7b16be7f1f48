package argus.bench;

import argus.core.jda.ArgusEventManager;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole hot path across threads: each JMH thread (a shard's gateway thread, or a REST worker)
 * dispatches its own stream through Argus' event manager: a slash command's receipt, its reply's
 * callback (completion) and a gateway dispatch, with interaction ids of its own, so the in-flight
 * index's stripes, the registry's cells and, with {@code analytics=recording}, the sink's
 * {@code record()} see what N shards would give them. Throughput per thread is the figure: run with
 * {@code -t 1}, {@code -t 2}, ... {@code -t 16} (on a machine with that many cores) and compare.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)" org.openjdk.jmh.Main \
 *     HotPathScalingBenchmark -t 2 -f 1 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class HotPathScalingBenchmark {
    /** Distinct interactions per thread, for up to this many threads. */
    static final int PER_THREAD = 4;
    static final int MAX_THREADS = 16;

    /** The bot, and interactions captured through it (each a real slash command and its reply). */
    @State(Scope.Benchmark)
    public static class Bot {
        @Param({"off", "recording"})
        public String analytics;

        BenchBot bot;
        ArgusEventManager manager;
        BenchBot.Interaction[] pairs;
        RawGatewayEvent gateway;
        final AtomicInteger nextThread = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() {
            bot = BenchBot.observed("recording".equals(analytics));
            try {
                pairs = new BenchBot.Interaction[PER_THREAD * MAX_THREADS];
                for (int i = 0; i < pairs.length; i++) {
                    pairs[i] = bot.captureSlashCommand("ping");
                }
                bot.onlyNoopListener();
                manager = bot.argusManager();
                gateway = GatewayBenchmark.messageCreate(bot.jda());
            } catch (RuntimeException | Error e) {
                bot.close(); // JMH skips @TearDown when @Setup fails: no JDA thread may outlive the fork
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                int left = manager.boundHooks().inFlight();
                if (left != 0) {
                    throw new IllegalStateException(left + " interactions left in flight: a pair did not complete");
                }
            } finally {
                bot.close();
            }
        }
    }

    /** One thread's own interactions. */
    @State(Scope.Thread)
    public static class Stream {
        BenchBot.Interaction[] mine;
        int next;

        @Setup(Level.Trial)
        public void setUp(Bot bot) {
            int t = bot.nextThread.getAndIncrement();
            if (t >= MAX_THREADS) {
                throw new IllegalStateException("more than " + MAX_THREADS + " threads");
            }
            mine = new BenchBot.Interaction[PER_THREAD];
            System.arraycopy(bot.pairs, t * PER_THREAD, mine, 0, PER_THREAD);
        }
    }

    /** One op: a receipt, its completion and a gateway dispatch (three events). */
    @Benchmark
    public void interactionAndGatewayEvent(Bot bot, Stream stream) {
        BenchBot.Interaction i = stream.mine[stream.next];
        stream.next = (stream.next + 1) & (PER_THREAD - 1);
        bot.manager.handle(i.command());
        bot.manager.handle(i.reply());
        bot.manager.handle(bot.gateway);
    }
}
