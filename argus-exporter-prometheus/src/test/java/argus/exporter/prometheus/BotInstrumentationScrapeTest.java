package argus.exporter.prometheus;

import argus.api.config.ArgusConfig;
import argus.api.instrument.Counter;
import argus.api.instrument.Instrumentation;
import argus.api.instrument.Sample;
import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real JDA bot, connected to a local Discord, that times and counts its own command handling through
 * {@code argus.instrumentation()}; its metrics are read back from what {@code /metrics} serves (this
 * exporter's Prometheus text), next to Argus' Discord metrics, in one scrape.
 */
class BotInstrumentationScrapeTest {
    private static final Duration T = Duration.ofSeconds(20);

    private LocalDiscord discord;
    private JDA jda;
    private Argus argus;

    @AfterEach
    void close() {
        if (argus != null) {
            argus.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    /** The bot: its handler is instrumented the way a bot author would write it. */
    static final class Bot extends ListenerAdapter {
        volatile Instrumentation metrics = Instrumentation.noop();
        volatile Counter lookups;
        final AtomicInteger queued = new AtomicInteger();

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            try (Sample t = metrics.timer("db_query")) {
                lookups.labels(event.getName()).inc();
            }
            try {
                metrics.countExceptions("lookup", () -> {
                    if (event.getName().equals("broken")) {
                        throw new IllegalStateException("no such row");
                    }
                });
            } catch (IllegalStateException expected) {
                // the bot handles its own failure; Argus only counted it
            }
            queued.incrementAndGet();
            event.reply("pong").queue();
        }
    }

    @Test
    void theBotsOwnMetricsAreServedWithTheDiscordOnes() throws IOException {
        Bot bot = new Bot();
        discord = LocalDiscord.start();
        jda = discord.jda().listeners(bot).connect();
        argus = Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).start();
        bot.metrics = argus.instrumentation();
        bot.lookups = bot.metrics.counter("lookups", "Lookups by command", "command");
        bot.metrics.gauge("queue_depth", "Replies queued by the bot", bot.queued::get);

        for (String command : List.of("ping", "ping", "broken")) {
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command));
        }
        // Completions arrive on JDA's REST threads in any order: wait for all three.
        LocalDiscord.waitUntil(() -> scrapeValue("discord_app_commands_total{cluster=\"default\",command=\"broken\",status=\"success\"}") == 1
                        && scrapeValue("discord_app_commands_total{cluster=\"default\",command=\"ping\",status=\"success\"}") == 2,
                T, () -> "commands not completed:\n" + scrape());

        String text = scrape();
        List<String> lines = Arrays.asList(text.split("\n"));
        assertThat(lines).contains(
                "# TYPE discord_lookups_total counter",
                "# HELP discord_lookups_total Lookups by command",
                "discord_lookups_total{cluster=\"default\",command=\"broken\"} 1.0",
                "discord_lookups_total{cluster=\"default\",command=\"ping\"} 2.0",
                "# TYPE discord_db_query_seconds histogram",
                "discord_db_query_seconds_count{cluster=\"default\"} 3",
                "discord_db_query_seconds_bucket{cluster=\"default\",le=\"+Inf\"} 3",
                "discord_lookup_exceptions_total{cluster=\"default\",exception=\"IllegalStateException\"} 1.0",
                "discord_queue_depth{cluster=\"default\"} 3.0",
                // the Discord metrics of the same traffic, in the same scrape
                "discord_app_commands_total{cluster=\"default\",command=\"ping\",status=\"success\"} 2.0");
        assertThat(text).doesNotContain("hook=\"user_metrics\"");
        assertThat(argus.services().customMetrics()).containsExactly( // in the order the bot defined them
                "discord_lookups", "discord_queue_depth", "discord_db_query_seconds", "discord_lookup_exceptions");
    }

    /**
     * Where nothing can scrape the bot, {@code pushgateway_url} pushes every metric: the bot's own (timer,
     * counter, gauge, histogram) and the JVM and process families arrive at a real Pushgateway.
     */
    @Test
    void theBotsOwnAndTheJvmMetricsArePushedToAPushgateway() throws Exception {
        try (PushgatewayServer pgw = PushgatewayServer.start()) {
            discord = LocalDiscord.start();
            jda = discord.jda().connect();
            argus = Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).clusterId("panel-1")
                    .set("pushgateway_url", pgw.uri("").toString()).set("pushgateway_job", "mybot")
                    .set("push_interval_ms", 1000).start();
            Instrumentation metrics = argus.instrumentation();
            metrics.counter("jobs", "Jobs by outcome", "outcome").labels("ok").inc(3);
            metrics.timer("db_query").close();
            metrics.gauge("queue_depth", "Jobs waiting", () -> 5);
            metrics.histogram("upload_bytes", "Upload sizes", new double[] {1e3, 1e6}).observe(2e3);

            String group = "cluster=\"panel-1\",instance=\"\",job=\"mybot\"";
            List<String> expected = List.of(
                    "discord_jobs_total{" + group + ",outcome=\"ok\"} 3",
                    "discord_db_query_seconds_count{" + group + "} 1",
                    "discord_queue_depth{" + group + "} 5",
                    "discord_upload_bytes_bucket{" + group + ",le=\"+Inf\"} 1",
                    "jvm_memory_used_bytes{area=\"heap\"," + group + "} ",
                    "jvm_threads_current{" + group + "} ",
                    "process_cpu_seconds_total{" + group + "} ",
                    "process_open_fds{" + group + "} ");
            String[] last = {""};
            LocalDiscord.waitUntil(() -> {
                try {
                    last[0] = pgw.scrape();
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return expected.stream().allMatch(last[0]::contains);
            }, T, () -> "missing at the Pushgateway: " + expected.stream().filter(e -> !last[0].contains(e)).toList());
            assertThat(last[0]).contains("jvm_gc_collection_seconds_count{").contains("jvm_runtime_info{");
        }
    }

    /**
     * What the JVM and process families (on by default) add to a small bot's scrape, printed as a
     * figure (grep FIGURES); {@code jvm_metrics=false}, applied in place, takes every one of them away
     * and leaves every other series.
     */
    @Test
    void theJvmFamiliesSeriesAndScrapeSizeAndTheirSwitch() {
        Bot bot = new Bot();
        discord = LocalDiscord.start();
        jda = discord.jda().listeners(bot).connect();
        argus = Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).start();
        bot.metrics = argus.instrumentation();
        bot.lookups = bot.metrics.counter("lookups", "Lookups by command", "command");
        for (String command : List.of("ping", "ping", "broken")) {
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command));
        }
        LocalDiscord.waitUntil(() -> argus.registry().value("discord_app_commands", "ping", "success") == 2
                && argus.registry().value("discord_app_commands", "broken", "success") == 1
                && argus.registry().value("argus_timers_in_flight") == 0, T, () -> "commands not completed");

        String on = scrape();
        argus.reconfigure(ArgusConfig.resolve(Map.of("jvm_metrics", "false"), Map.of()));
        String off = scrape();

        List<String> jvmSamples = series(on).stream().filter(BotInstrumentationScrapeTest::isJvm).toList();
        long jvmFamilies = Arrays.stream(on.split("\n")).filter(l -> l.startsWith("# TYPE ") && isJvm(l.substring(7)))
                .count();
        assertThat(jvmSamples).hasSizeGreaterThan(30);
        assertThat(series(off)).noneMatch(BotInstrumentationScrapeTest::isJvm);
        assertThat(series(off)).containsExactlyElementsOf(series(on).stream().filter(k -> !isJvm(k)).toList());
        int bytesOn = on.getBytes(StandardCharsets.UTF_8).length;
        int bytesOff = off.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("FIGURES jvm_metrics: %d families, %d samples (of %d); scrape %d -> %d bytes (+%.0f %%)%n",
                jvmFamilies, jvmSamples.size(), series(on).size(), bytesOff, bytesOn, 100.0 * (bytesOn - bytesOff) / bytesOff);
    }

    private static boolean isJvm(String series) {
        return series.startsWith("jvm_") || series.startsWith("process_");
    }

    /** The sample lines' series (name and labels), in scrape order. */
    private static List<String> series(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
    }

    private String scrape() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusFormat format = new PrometheusFormat();
            format.write(out, argus.registry().snapshot(), format.negotiate(null));
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The value of the sample written exactly as {@code series} (name and labels), or NaN. */
    private double scrapeValue(String series) {
        for (String line : scrape().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return Double.NaN;
    }
}
