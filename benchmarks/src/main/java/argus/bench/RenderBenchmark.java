package argus.bench;

import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import argus.core.registry.MetricRegistry;
import argus.discord.local.LocalDiscord;
import argus.exporter.prometheus.ClientJavaSnapshots;
import argus.exporter.prometheus.PrometheusFormat;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.config.EscapingScheme;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /metrics} for a bot that has used 50 slash commands, each once successfully and once
 * failing (a listener exception): {@code discord_app_commands_total} has 50 x 2 series, the duration
 * histogram 50 series, plus every default Argus family (cache gauges, REST, interactions, self
 * metrics), all produced by real interactions through a real JDA observed by {@code Argus.builder(jda)
 * .port(0).start()}.
 * <ul>
 *   <li>{@code snapshot}: {@code registry.snapshot()} (what every scrape does first);</li>
 *   <li>{@code render}: {@link PrometheusFormat#write} of a ready snapshot (text 0.0.4) into a reused
 *       buffer;</li>
 *   <li>{@code snapshotAndRender}: both, i.e. one scrape minus HTTP.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class RenderBenchmark {
    static final int COMMANDS = 50;

    /** The JVM and process families (on by default) are read from the JVM's MXBeans at every snapshot. */
    @Param({"true", "false"})
    public String jvmMetrics;

    private BenchBot bot;
    private MetricRegistry registry;
    private PrometheusFormat format;
    private String contentType;
    private MetricsSnapshot snapshot;
    private ByteArrayOutputStream out;
    private final ExpositionFormatWriter clientJava = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    /**
     * Replies to every command; the second use of a name throws after replying, so that command ends in
     * error: {@code /name} twice is one success and one error series of the same command. (A
     * subcommand would not do: Argus labels a command by its full name, {@code name sub}.)
     */
    static final class CommandBot extends ListenerAdapter {
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.reply("ok").queue();
            if (!seen.add(event.getFullCommandName())) {
                throw new IllegalStateException("bench: this command fails on purpose");
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        bot = BenchBot.observed(false, Map.of("jvm_metrics", jvmMetrics));
        try {
            bot.replaceListeners(new CommandBot());
            registry = bot.argus().registry();
            for (int c = 0; c < COMMANDS; c++) {
                String name = String.format("command_%02d", c);
                bot.discord().dispatchInteraction(BenchBot.slashCommand(name, null));
                bot.discord().dispatchInteraction(BenchBot.slashCommand(name, null));
            }
            LocalDiscord.waitUntil(this::allCompleted, bot.discord().timeout(), () -> "not every command completed");
            format = new PrometheusFormat();
            contentType = format.negotiate(null);
            out = new ByteArrayOutputStream(1 << 18);
            snapshot = registry.snapshot();
            format.write(out, snapshot, contentType);
            int series = 0;
            for (MetricFamily f : snapshot.families()) {
                series += f.points().size();
            }
            String text = out.toString(StandardCharsets.UTF_8);
            System.out.printf("%n[check] %s: %d families, %d points (histograms count once), %d lines, %d bytes%n",
                    contentType, snapshot.families().size(), series, text.split("\n").length, out.size());
        } catch (RuntimeException | Error e) {
            bot.close(); // JMH skips @TearDown when @Setup fails: no JDA thread may outlive the fork
            throw e;
        }
    }

    private boolean allCompleted() {
        for (int c = 0; c < COMMANDS; c++) {
            String name = String.format("command_%02d", c);
            if (!(registry.value("discord_app_commands", name, "success") == 1
                    && registry.value("discord_app_commands", name, "error") == 1)) {
                return false;
            }
        }
        return true;
    }

    @Benchmark
    public MetricsSnapshot snapshot() {
        return registry.snapshot();
    }

    @Benchmark
    public int render() throws IOException {
        out.reset();
        format.write(out, snapshot, contentType);
        return out.size();
    }

    @Benchmark
    public int snapshotAndRender() throws IOException {
        out.reset();
        format.write(out, registry.snapshot(), contentType);
        return out.size();
    }

    /**
     * The library way, in the same run: client_java's text writer (configured as Argus configures it)
     * on a conversion of the ready snapshot to client_java's model, which is what a scrape costs
     * without {@code TemplateRenderer}. {@code TemplateRendererTest} checks both write the same bytes.
     */
    @Benchmark
    public int render_clientJava() throws IOException {
        out.reset();
        clientJava.write(out, ClientJavaSnapshots.convert(snapshot), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.size();
    }

    @Benchmark
    public int snapshotAndRender_clientJava() throws IOException {
        out.reset();
        clientJava.write(out, ClientJavaSnapshots.convert(registry.snapshot()), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.size();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bot.close();
    }
}
