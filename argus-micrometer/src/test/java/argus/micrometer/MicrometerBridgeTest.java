package argus.micrometer;

import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same traffic seen through Argus' {@code /metrics} and through Micrometer's own
 * {@code PrometheusMeterRegistry.scrape()} with the binder: every Argus series is there, with the same
 * name, labels and value, next to the bot's own Micrometer meters.
 */
class MicrometerBridgeTest {
    private LocalDiscord discord;
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

    static final class Pong extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.reply("pong").queue();
        }
    }

    private Argus start() {
        discord = LocalDiscord.start();
        JDA jda = discord.jda().listeners(new Pong()).connect();
        argus = Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).start();
        return argus;
    }

    @Test
    void argusSeriesAppearInMicrometersScrapeSeriesBySeries() {
        start();
        argus.instrumentation().counter("jobs", "Jobs by outcome", "outcome").labels("ok").inc(2);
        for (String command : List.of("ping", "ping", "stats")) {
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command));
        }
        // Every command completed and no timer left in flight: nothing moves between the two scrapes.
        LocalDiscord.waitUntil(() -> argus.registry().value("discord_app_commands", "stats", "success") == 1
                        && argus.registry().value("discord_app_commands", "ping", "success") == 2
                        && argus.registry().value("argus_timers_in_flight") == 0,
                Duration.ofSeconds(20), () -> "commands not completed");

        PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter own = Counter.builder("bot_orders").tag("kind", "pizza").register(micrometer);
        own.increment();
        ArgusMeterBinder binder = new ArgusMeterBinder(argus.services().metrics());
        binder.bindTo(micrometer);
        binder.bindTo(micrometer); // bound twice (Spring may): still one copy of each series

        // Counters and histograms only move with traffic, and there is none between the two scrapes.
        Map<String, String> viaArgus = TextScrape.samples(TextScrape.of(argus.registry().snapshot()));
        Map<String, String> viaMicrometer = TextScrape.samples(micrometer.scrape());

        int compared = 0;
        for (Map.Entry<String, String> e : viaArgus.entrySet()) {
            String series = e.getKey();
            if (series.startsWith("jvm_") || series.startsWith("process_") || !TextScrape.isStable(series)) {
                continue;
            }
            assertThat(viaMicrometer).as(series).containsEntry(series, e.getValue());
            compared++;
        }
        assertThat(compared).isGreaterThan(30);
        // And the other way: Micrometer serves no Argus series that Argus' /metrics does not.
        for (Map.Entry<String, String> e : viaMicrometer.entrySet()) {
            String series = e.getKey();
            if ((series.startsWith("discord_") || series.startsWith("argus_")) && TextScrape.isStable(series)) {
                assertThat(viaArgus).as(series).containsEntry(series, e.getValue());
            }
        }
        assertThat(viaMicrometer).containsEntry(
                "discord_app_commands_total{cluster=\"default\",command=\"ping\",status=\"success\"}", "2.0");
        assertThat(viaMicrometer).containsEntry("discord_jobs_total{cluster=\"default\",outcome=\"ok\"}", "2.0");
        assertThat(viaMicrometer).containsKey(
                "discord_app_command_duration_seconds_bucket{cluster=\"default\",command=\"ping\",le=\"+Inf\"}");
        assertThat(viaMicrometer).containsEntry("bot_orders_total{kind=\"pizza\"}", "1.0"); // the bot's own
        // JVM families are Micrometer's own binders' job by default: no duplicate names.
        assertThat(viaMicrometer.keySet()).noneMatch(k -> k.startsWith("jvm_memory_used_bytes{cluster="));
        assertThat(binder.failures()).isZero();

        binder.close();
        assertThat(TextScrape.samples(micrometer.scrape()).keySet()).noneMatch(k -> k.startsWith("discord_"));
    }

    /**
     * The cardinality guards hold across the bridge: what Micrometer serves is what Argus' registry
     * admitted (label_cap values per label, ids and the rest as {@code other}), never the raw values.
     */
    @Test
    void whatCrossesIsBoundedByArgusGuards() {
        discord = LocalDiscord.start();
        JDA jda = discord.jda().listeners(new Pong()).connect();
        argus = Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).labelCap(3).start();
        argus.api.instrument.Counter jobs = argus.instrumentation().counter("jobs", "Jobs by name", "job");
        for (int i = 0; i < 10; i++) {
            jobs.labels("job" + i).inc();
        }
        jobs.labels("123456789012345678").inc(); // an id as a value
        List<String> commands = List.of("c1", "c2", "c3", "c4", "c5", "c6");
        for (String command : commands) {
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command));
        }
        LocalDiscord.waitUntil(() -> argus.registry().snapshot().family("discord_app_commands").points().stream()
                        .mapToDouble(p -> ((argus.api.metrics.ValuePoint) p).value()).sum() == commands.size()
                        && argus.registry().value("argus_timers_in_flight") == 0,
                Duration.ofSeconds(20), () -> "commands not completed");

        PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ArgusMeterBinder(argus.services().metrics()).bindTo(micrometer);
        Map<String, String> viaMicrometer = TextScrape.samples(micrometer.scrape());
        Map<String, String> viaArgus = TextScrape.samples(TextScrape.of(argus.registry().snapshot()));

        Map<String, String> jobSeries = new TreeMap<>();
        viaMicrometer.forEach((k, v) -> {
            if (k.startsWith("discord_jobs_total{")) {
                jobSeries.put(k, v);
            }
        });
        assertThat(jobSeries).containsExactlyInAnyOrderEntriesOf(Map.of(
                "discord_jobs_total{cluster=\"default\",job=\"job0\"}", "1.0",
                "discord_jobs_total{cluster=\"default\",job=\"job1\"}", "1.0",
                "discord_jobs_total{cluster=\"default\",job=\"job2\"}", "1.0",
                "discord_jobs_total{cluster=\"default\",job=\"other\"}", "8.0"));
        // The overflow is counted and crosses too (its own metric label is capped like any other, so
        // at label_cap=3 which families overflowed may itself read "other").
        double overflow = 0;
        for (Map.Entry<String, String> e : viaMicrometer.entrySet()) {
            if (e.getKey().startsWith("argus_label_overflow_total{")) {
                assertThat(viaArgus).as(e.getKey()).containsEntry(e.getKey(), e.getValue());
                overflow += Double.parseDouble(e.getValue());
            }
        }
        assertThat(overflow).isGreaterThanOrEqualTo(8 + 3); // the jobs, and at least 3 of the 6 commands

        List<String> commandSeries = viaMicrometer.keySet().stream()
                .filter(k -> k.startsWith("discord_app_commands_total{")).toList();
        assertThat(commandSeries).as("at most label_cap commands, the rest as other").hasSizeLessThanOrEqualTo(4)
                .anyMatch(k -> k.contains("command=\"other\""));
        double total = 0;
        for (String k : commandSeries) {
            assertThat(viaArgus).as(k).containsEntry(k, viaMicrometer.get(k));
            total += Double.parseDouble(viaMicrometer.get(k));
        }
        assertThat(total).isEqualTo(commands.size());
        assertThat(viaMicrometer.keySet()).noneMatch(k -> k.contains("123456789012345678"));
    }

    @Test
    void includeJvmBridgesTheJvmFamiliesToo() {
        start();
        PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ArgusMeterBinder(argus.services().metrics()).includeJvm().bindTo(micrometer);
        assertThat(TextScrape.samples(micrometer.scrape())).containsKey("jvm_memory_used_bytes{area=\"heap\",cluster=\"default\"}");
    }

    @Test
    void aCompositeHoldingAPrometheusRegistryWorksAnythingElseIsRefused() {
        start();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(new SimpleMeterRegistry());
        composite.add(prometheus);
        new ArgusMeterBinder(argus.services().metrics()).bindTo(composite);
        assertThat(prometheus.scrape()).contains("argus_up{cluster=\"default\"} 1");

        assertThatThrownBy(() -> new ArgusMeterBinder(argus.services().metrics()).bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PrometheusMeterRegistry");
    }

    @Test
    void aFailingArgusCostsTheScrapeOnlyArgusPart() {
        PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("bot_orders").register(micrometer).increment();
        ArgusMeterBinder binder = new ArgusMeterBinder(() -> {
            throw new IllegalStateException("argus is broken");
        });
        binder.bindTo(micrometer);
        assertThat(micrometer.scrape()).contains("bot_orders_total 1.0");
        assertThat(binder.failures()).isEqualTo(1);
    }
}
