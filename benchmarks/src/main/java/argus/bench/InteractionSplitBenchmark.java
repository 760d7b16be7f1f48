package argus.bench;

import argus.core.jda.ArgusEventManager;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
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
 * The two halves of {@link InteractionBenchmark} (analytics off), each timed alone: the other half
 * runs in a {@code Level.Invocation} fixture, outside the timed region, so every receipt is matched
 * by a completion and nothing is evicted. Invocation fixtures cost one {@code System.nanoTime()} pair
 * per op (tens of ns of bias, fine next to the sizes measured here), and {@code -prof gc} counts the
 * fixture's allocation too: read allocation from {@link InteractionBenchmark}, time from here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class InteractionSplitBenchmark {

    /** The bot and the captured pair, shared by both halves. */
    @State(Scope.Benchmark)
    public static class Bot {
        BenchBot bot;
        ArgusEventManager manager;
        SlashCommandInteractionEvent command;
        HttpRequestEvent reply;

        @Setup(Level.Trial)
        public void setUp() {
            bot = BenchBot.observed(false);
            try {
                BenchBot.Interaction i = bot.captureSlashCommand("ping");
                command = i.command();
                reply = i.reply();
                bot.onlyNoopListener();
                manager = bot.argusManager();
            } catch (RuntimeException | Error e) {
                bot.close();
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                if (manager.boundHooks().inFlight() != 0) {
                    throw new IllegalStateException(manager.boundHooks().inFlight() + " interactions left in flight");
                }
            } finally {
                bot.close();
            }
        }
    }

    /** Completes the interaction after each timed receipt. */
    @State(Scope.Thread)
    public static class CompleteAfter {
        @TearDown(Level.Invocation)
        public void complete(Bot b) {
            b.manager.handle(b.reply);
        }
    }

    /** Starts the interaction before each timed completion. */
    @State(Scope.Thread)
    public static class StartBefore {
        @Setup(Level.Invocation)
        public void start(Bot b) {
            b.manager.handle(b.command);
        }
    }

    /** Receipt: {@code SlashCommandInteractionEvent} through the manager (the in-flight entry is created). */
    @Benchmark
    public void slashCommand_argus_receipt(Bot b, CompleteAfter after) {
        b.manager.handle(b.command);
    }

    /** Completion: the callback's {@code HttpRequestEvent} (REST metrics, ack latency, command outcome and duration). */
    @Benchmark
    public void slashCommand_argus_completion(Bot b, StartBefore before) {
        b.manager.handle(b.reply);
    }
}
