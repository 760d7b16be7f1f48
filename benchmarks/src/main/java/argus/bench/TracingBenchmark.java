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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What tracing costs per interaction on the bot's thread: the same op as
 * {@link InteractionBenchmark#slashCommand_argus} (a slash command's receipt and its reply's callback
 * through Argus' real event manager), with {@code tracing=false} (the default: no observer bound) and
 * {@code tracing=true} (one span built and handed to the SDK's batch processor per interaction, its
 * export thread sending batches to a loopback receiver). Both have {@code otlp_endpoint} set and
 * {@code otlp_metrics=false}, so the only difference is the tracer. At this rate the batch queue (2048)
 * is full most of the time and most spans are dropped at the queue, as designed: the figure is the
 * bot thread's cost, not the export's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class TracingBenchmark {
    @Param({"false", "true"})
    public String tracing;

    private OtlpSink sink;
    private BenchBot bot;
    private ArgusEventManager manager;
    private SlashCommandInteractionEvent command;
    private HttpRequestEvent reply;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        sink = new OtlpSink();
        bot = BenchBot.observed(false, Map.of("otlp_endpoint", sink.endpoint(), "otlp_metrics", "false",
                "tracing", tracing));
        try {
            BenchBot.Interaction i = bot.captureSlashCommand("ping");
            command = i.command();
            reply = i.reply();
            bot.onlyNoopListener();
            manager = bot.argusManager();
            manager.handle(command);
            manager.handle(reply);
            if (manager.boundHooks().inFlight() != 0 || (manager.boundHooks().observer() != null) != Boolean.parseBoolean(tracing)) {
                throw new IllegalStateException("tracing=" + tracing + " but observer " + manager.boundHooks().observer());
            }
        } catch (RuntimeException | Error e) {
            bot.close();
            sink.close();
            throw e;
        }
    }

    @Benchmark
    public void slashCommand_argus() {
        manager.handle(command);
        manager.handle(reply);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            bot.close(); // flushes what is queued
            System.out.printf("%n[check] tracing=%s: %d OTLP requests, %d bytes received; hook errors %d%n", tracing,
                    sink.requests.get(), sink.bytes.get(), bot.argus().registry().errorCount("interaction_observer"));
            if (Boolean.parseBoolean(tracing) != (sink.requests.get() > 0)) {
                throw new IllegalStateException("benchmark did not exercise the intended path");
            }
        } finally {
            sink.close();
        }
    }
}
