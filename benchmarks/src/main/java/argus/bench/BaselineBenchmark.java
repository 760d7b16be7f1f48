package argus.bench;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.InterfacedEventManager;
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
 * What a bot pays without Argus, for the same events as {@link InteractionBenchmark} and
 * {@link GatewayBenchmark}:
 * <ul>
 *   <li>(a) JDA's own {@link InterfacedEventManager} dispatching the same real events to the same
 *       no-op listener ({@code *_interfaced}); {@code slashCommand_interfacedListenerAdapter} does the
 *       same with a no-op {@code ListenerAdapter}, the listener shape most bots use;</li>
 *   <li>(b) a Prometheus client_java counter increment with one label, the way instrumentation code
 *       writes it ({@code labelValues(..).inc()}), and with the data point cached.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class BaselineBenchmark {
    private BenchBot bot;
    private InterfacedEventManager noop;
    private InterfacedEventManager adapter;
    private SlashCommandInteractionEvent command;
    private HttpRequestEvent reply;
    private RawGatewayEvent raw;
    private Counter counter;
    private CounterDataPoint cached;

    @Setup(Level.Trial)
    public void setUp() {
        bot = BenchBot.plain();
        try {
            BenchBot.Interaction i = bot.captureSlashCommand("ping");
            command = i.command();
            reply = i.reply();
            raw = GatewayBenchmark.messageCreate(bot.jda());
            noop = new InterfacedEventManager();
            noop.register(BenchBot.NOOP);
            adapter = new InterfacedEventManager();
            adapter.register(new BenchBot.NoopAdapter());
            counter = Counter.builder().name("bench_app_commands_total").help("baseline").labelNames("command")
                    .register(new PrometheusRegistry());
            cached = counter.labelValues("ping");
        } catch (RuntimeException | Error e) {
            bot.close(); // JMH skips @TearDown when @Setup fails: no JDA thread may outlive the fork
            throw e;
        }
    }

    @Benchmark
    public void slashCommand_interfaced() {
        noop.handle(command);
        noop.handle(reply);
    }

    @Benchmark
    public void slashCommand_interfacedListenerAdapter() {
        adapter.handle(command);
        adapter.handle(reply);
    }

    @Benchmark
    public void gateway_interfaced() {
        noop.handle(raw);
    }

    @Benchmark
    public void prometheusCounter_labelValues() {
        counter.labelValues("ping").inc();
    }

    @Benchmark
    public void prometheusCounter_cachedDataPoint() {
        cached.inc();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bot.close();
    }
}
