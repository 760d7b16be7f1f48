package argus.micrometer;

import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import argus.exporter.prometheus.PrometheusFormat;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void argusSeriesAppearInMicrometersScrapeSeriesBySeries() throws IOException {
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
        Map<String, String> viaArgus = samples(argusScrape());
        Map<String, String> viaMicrometer = samples(micrometer.scrape());

        int compared = 0;
        for (Map.Entry<String, String> e : viaArgus.entrySet()) {
            String series = e.getKey();
            if (series.startsWith("jvm_") || series.startsWith("process_") || !isStable(series)) {
                continue;
            }
            assertThat(viaMicrometer).as(series).containsEntry(series, e.getValue());
            compared++;
        }
        assertThat(compared).isGreaterThan(30);
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
        assertThat(samples(micrometer.scrape()).keySet()).noneMatch(k -> k.startsWith("discord_"));
    }

    /** Series whose value moves by itself between two scrapes (time, callbacks read live). */
    private static boolean isStable(String series) {
        return !series.startsWith("discord_uptime_seconds") && !series.startsWith("discord_gateway_ping")
                && !series.startsWith("discord_rest_ping") && !series.startsWith("argus_instrumentation_errors")
                && !series.contains("_latency");
    }

    @Test
    void includeJvmBridgesTheJvmFamiliesToo() {
        start();
        PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ArgusMeterBinder(argus.services().metrics()).includeJvm().bindTo(micrometer);
        assertThat(samples(micrometer.scrape())).containsKey("jvm_memory_used_bytes{area=\"heap\",cluster=\"default\"}");
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

    private String argusScrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusFormat format = new PrometheusFormat();
        format.write(out, argus.registry().snapshot(), format.negotiate(null));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Sample lines of the Prometheus text format: series (name and labels as written) to value. */
    private static Map<String, String> samples(String text) {
        Map<String, String> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return out;
    }
}
