package argus.ops;

import argus.api.instrument.Counter;
import argus.api.instrument.Histogram;
import argus.api.instrument.Instrumentation;
import argus.api.instrument.Sample;
import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import argus.ops.PrometheusServerTest.PrometheusServer;
import com.fasterxml.jackson.databind.JsonNode;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real JDA bot on the local Discord that times and counts its own code through
 * {@code argus.instrumentation()}, with the JVM and process metrics on (the default), scraped over HTTP
 * by a real Prometheus server (Debian's {@code prometheus}): every series is read back through
 * Prometheus' query API, so they went through Prometheus' own text parser and storage.
 */
class BotMetricsPrometheusTest {
    private static final Duration T = Duration.ofSeconds(30);

    /** The bot: its handler instrumented the way a bot author writes it. */
    static final class Bot extends ListenerAdapter {
        volatile Instrumentation metrics = Instrumentation.noop();
        volatile Counter lookups;
        volatile Histogram replyBytes;
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
            } catch (IllegalStateException handled) {
                // the bot handles its own failure; Argus only counted it
            }
            String reply = "pong " + event.getName();
            replyBytes.labels("text").observe(reply.length());
            queued.incrementAndGet();
            event.reply(reply).queue(ok -> { }, err -> { });
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theBotsOwnAndTheJvmMetricsReachARealPrometheus(@TempDir Path tmp) throws Exception {
        Path binary = Repo.tool("prometheus", "/usr/bin/prometheus");
        Bot bot = new Bot();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(bot).configure(Argus::instrument).connect();
            try (Argus argus = Argus.builder(jda).port(0).host("127.0.0.1").clusterId("ops")
                    .environment(Map.of()).closeOnShutdown(false).start()) {
                Instrumentation metrics = argus.instrumentation();
                bot.lookups = metrics.counter("lookups", "Lookups by command", "command");
                bot.replyBytes = metrics.histogram("reply_bytes", "Reply sizes", new double[] {8, 16, 64}, "kind");
                metrics.gauge("queue_depth", "Replies queued by the bot", bot.queued::get);
                bot.metrics = metrics;
                for (String command : List.of("ping", "ping", "broken")) {
                    discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command));
                }
                LocalDiscord.waitUntil(() -> argus.registry().value("discord_app_commands", "ping", "success") == 2
                                && argus.registry().value("discord_app_commands", "broken", "success") == 1,
                        T, () -> "commands not completed");

                try (PrometheusServer prom = PrometheusServer.start(binary, tmp, argus.port())) {
                    String sel = "{job=\"argus\",cluster=\"ops\"}";
                    until(prom, "discord_queue_depth" + sel, "3");
                    assertThat(value(prom, "up{job=\"argus\"}")).as("the whole scrape parsed").isEqualTo("1");

                    Map<String, String> own = new LinkedHashMap<>();
                    own.put("discord_lookups_total{command=\"ping\",cluster=\"ops\"}", "2");
                    own.put("discord_lookups_total{command=\"broken\",cluster=\"ops\"}", "1");
                    own.put("discord_db_query_seconds_count" + sel, "3");
                    own.put("discord_db_query_seconds_bucket{le=\"60.0\",cluster=\"ops\"}", "3");
                    own.put("discord_lookup_exceptions_total{exception=\"IllegalStateException\",cluster=\"ops\"}", "1");
                    own.put("discord_reply_bytes_bucket{kind=\"text\",le=\"16.0\",cluster=\"ops\"}", "3");
                    own.put("discord_reply_bytes_count{kind=\"text\",cluster=\"ops\"}", "3");
                    own.put("discord_queue_depth" + sel, "3");
                    own.put("discord_app_commands_total{command=\"ping\",status=\"success\",cluster=\"ops\"}", "2");
                    Map<String, String> got = new LinkedHashMap<>();
                    for (String q : own.keySet()) {
                        got.put(q, value(prom, q));
                    }
                    assertThat(got).isEqualTo(own);

                    // client_java's JVM and process series, as Prometheus stored them: these are never 0 ...
                    List<String> positive = List.of("jvm_memory_used_bytes{area=\"heap\"}",
                            "jvm_memory_used_bytes{area=\"nonheap\"}", "jvm_memory_committed_bytes{area=\"heap\"}",
                            "jvm_memory_init_bytes{area=\"heap\"}", "sum(jvm_memory_pool_used_bytes)",
                            "jvm_threads_current", "jvm_threads_daemon", "jvm_threads_peak", "jvm_threads_started_total",
                            "jvm_threads_state{state=\"RUNNABLE\"}", "jvm_classes_currently_loaded",
                            "jvm_classes_loaded_total", "jvm_runtime_info", "process_cpu_seconds_total",
                            "process_start_time_seconds", "process_open_fds", "process_max_fds",
                            "process_resident_memory_bytes", "process_virtual_memory_bytes");
                    // ... and these exist, though a young JVM may not have collected or mapped anything yet.
                    List<String> present = List.of("jvm_memory_max_bytes", "jvm_memory_pool_committed_bytes",
                            "jvm_memory_pool_max_bytes", "jvm_memory_objects_pending_finalization",
                            "jvm_buffer_pool_used_bytes", "jvm_buffer_pool_capacity_bytes", "jvm_buffer_pool_used_buffers",
                            "jvm_gc_collection_seconds_count", "jvm_gc_collection_seconds_sum",
                            "jvm_threads_deadlocked", "jvm_classes_unloaded_total");
                    List<String> missing = new ArrayList<>();
                    for (String q : positive) {
                        String v = value(prom, q);
                        if (v == null || !(Double.parseDouble(v) > 0)) {
                            missing.add(q + " = " + v);
                        }
                    }
                    for (String q : present) {
                        if (value(prom, "count(" + q + sel + ")") == null) {
                            missing.add(q + " absent");
                        }
                    }
                    assertThat(missing).as("JVM and process series without a positive value").isEmpty();
                }
            } finally {
                jda.shutdownNow();
            }
        }
    }

    /** The first sample's value of an instant query, or null when it selects nothing. */
    private static String value(PrometheusServer prom, String promql) throws Exception {
        JsonNode result = prom.query(promql).path("result");
        return result.isEmpty() ? null : result.get(0).path("value").get(1).asText();
    }

    private static void until(PrometheusServer prom, String promql, String expected) throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        String last;
        while (!expected.equals(last = value(prom, promql))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(promql + " = " + last + " after " + T.toSeconds() + " s; up = "
                        + prom.safeQuery("up") + "\n" + prom.logText());
            }
            Thread.sleep(250);
        }
    }
}
