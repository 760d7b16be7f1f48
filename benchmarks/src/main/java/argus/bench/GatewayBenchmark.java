package argus.bench;

import argus.core.jda.ArgusEventManager;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.utils.data.DataObject;
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
 * One gateway dispatch ({@link RawGatewayEvent}, what {@code Argus.instrument} enables: counted by
 * dispatch type) through {@link ArgusEventManager} with Argus' hooks bound and a no-op bot listener.
 * The baseline is {@link BaselineBenchmark#gateway_interfaced()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class GatewayBenchmark {
    private BenchBot bot;
    private ArgusEventManager manager;
    private RawGatewayEvent raw;
    private double before;

    /** A MESSAGE_CREATE frame as the gateway sends it, wrapped the way JDA wraps raw dispatches. */
    static RawGatewayEvent messageCreate(JDA jda) {
        DataObject frame = DataObject.fromJson("""
                {"op":0,"s":42,"t":"MESSAGE_CREATE","d":{"id":"1500000000000000001","channel_id":"1200000000000000002",
                 "guild_id":"1200000000000000001","content":"hello","type":0,"tts":false,"mention_everyone":false,
                 "author":{"id":"1300000000000000001","username":"alice","discriminator":"0000","avatar":null}}}""");
        return new RawGatewayEvent(jda, 42, frame);
    }

    @Setup(Level.Trial)
    public void setUp() {
        bot = BenchBot.observed(false);
        try {
            bot.onlyNoopListener();
            manager = bot.argusManager();
            raw = messageCreate(bot.jda());
            before = count();
            manager.handle(raw);
            if (count() != before + 1) {
                throw new IllegalStateException("the raw event was not counted");
            }
        } catch (RuntimeException | Error e) {
            bot.close(); // JMH skips @TearDown when @Setup fails: no JDA thread may outlive the fork
            throw e;
        }
    }

    @Benchmark
    public void gateway_argus() {
        manager.handle(raw);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            System.out.printf("%n[check] discord_gateway_events_total{type=\"MESSAGE_CREATE\"} grew by %.0f%n",
                    count() - before);
        } finally {
            bot.close();
        }
    }

    private double count() {
        double v = bot.argus().registry().value("discord_gateway_events", "MESSAGE_CREATE");
        return Double.isNaN(v) ? 0 : v;
    }
}
