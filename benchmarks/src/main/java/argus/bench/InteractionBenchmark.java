package argus.bench;

import argus.api.sink.EventSink;
import argus.core.jda.ArgusEventManager;
import argus.core.registry.MetricRegistry;
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

import java.util.concurrent.TimeUnit;

/**
 * One slash-command interaction through Argus' real path: {@link ArgusEventManager#handle} of the
 * {@code SlashCommandInteractionEvent} (receipt: the in-flight entry is created) and then of the
 * {@code HttpRequestEvent} of its reply (the interaction callback: acknowledged, the command counted
 * and timed, the entry removed), with Argus' hooks bound and one no-op bot listener. One op = the two
 * events = the full per-interaction cost. Compare with {@link BaselineBenchmark}.
 *
 * <p>{@code analytics=off} is the default configuration (no sink bound, the NullSink path): the hot
 * path must not build an AnalyticsEvent, so {@code gc.alloc.rate.norm} (with {@code -prof gc}) shows
 * only what the in-flight entry costs. {@code analytics=recording} binds an always-enabled sink, so
 * two events (interaction + app_command) and their queue nodes appear in the allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class InteractionBenchmark {
    @Param({"off", "recording"})
    public String analytics;

    private BenchBot bot;
    private ArgusEventManager manager;
    private SlashCommandInteractionEvent command;
    private HttpRequestEvent reply;
    private long commandsBefore;

    @Setup(Level.Trial)
    public void setUp() {
        bot = BenchBot.observed("recording".equals(analytics));
        try {
            BenchBot.Interaction i = bot.captureSlashCommand("ping");
            command = i.command();
            reply = i.reply();
            bot.onlyNoopListener();
            manager = bot.argusManager();
            commandsBefore = commands();
            // The re-dispatched pair must be matched (start, then completion by interaction id), never evicted.
            manager.handle(command);
            manager.handle(reply);
            if (commands() != commandsBefore + 1 || manager.boundHooks().inFlight() != 0) {
                throw new IllegalStateException("the captured interaction did not complete through the hooks");
            }
        } catch (RuntimeException | Error e) {
            bot.close(); // JMH skips @TearDown when @Setup fails: no JDA thread may outlive the fork
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
            MetricRegistry r = bot.argus().registry();
            long completed = commands() - commandsBefore;
            double evicted = r.value("argus_timers_evicted", "capacity");
            long recorded = bot.argus().sink().map(EventSink::stats).map(s -> s.offered()).orElse(0L);
            System.out.printf("%n[check] analytics=%s: %d interactions completed, %d in flight, evicted %s, "
                            + "hook errors %d, analytics events recorded %d%n", analytics, completed,
                    manager.boundHooks().inFlight(), Double.isNaN(evicted) ? "0" : evicted,
                    r.errorCount("event"), recorded);
            if (completed < 1000 || ("recording".equals(analytics) != (recorded > 0))) {
                throw new IllegalStateException("benchmark did not exercise the intended path");
            }
        } finally {
            bot.close();
        }
    }

    private long commands() {
        double v = bot.argus().registry().value("discord_app_commands", "ping", "success");
        return Double.isNaN(v) ? 0 : (long) v;
    }
}
