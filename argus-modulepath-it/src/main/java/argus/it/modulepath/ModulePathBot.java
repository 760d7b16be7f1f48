package argus.it.modulepath;

import argus.api.instrument.Counter;
import argus.api.instrument.Instrumentation;
import argus.api.instrument.Sample;
import argus.api.metrics.DataPoint;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.ValuePoint;
import argus.api.sink.SinkStats;
import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The bot the module-path tests start as a named module. It runs a real JDA against the local
 * Discord, instruments and attaches Argus exactly as the README says (settings from {@code ARGUS_*}),
 * on the module path or, with the same jars, on the class path,
 * answers {@code COMMANDS} slash commands ({@code /ping} in one guild), timing and counting each through
 * {@code argus.instrumentation()} (the bot's own {@code discord_db_query_seconds}, {@code discord_lookups}
 * and gauge {@code discord_queue_depth}), then reports on standard out:
 * <pre>
 * PORT &lt;bound port, -1 without argus.http&gt;
 * FIRST_SCRAPE_MS &lt;from the call to Argus.attach to the first /metrics 200; with argus.http only&gt;
 * SERIES &lt;family&gt;{&lt;label values&gt;} &lt;value&gt;   (every counter and gauge point)
 * READY
 * </pre>
 * It then waits for a line or the end of standard in, closes Argus (draining the analytics sink),
 * prints {@code SINK accepted=… written=…} when a sink was bound and {@code STOPPED}, and exits 0.
 */
public final class ModulePathBot extends ListenerAdapter {
    public static final int COMMANDS = 7;
    public static final long GUILD = Payloads.DEFAULT_GUILD_ID;

    public static void main(String[] args) throws IOException {
        try (LocalDiscord discord = LocalDiscord.start()) {
            ModulePathBot bot = new ModulePathBot();
            JDA jda = discord.jda().listeners(bot).configure(Argus::instrument).build();
            long start = System.nanoTime();
            Argus argus = Argus.attach(jda);
            long firstScrapeNanos = argus.port() > 0 ? firstMetrics(argus.port()) - start : -1;
            // The bot times and counts its own code through argus.api.instrument, as the README shows.
            Instrumentation metrics = argus.instrumentation();
            bot.lookups = metrics.counter("lookups", "Lookups by command", "command");
            metrics.gauge("queue_depth", "Replies queued by the bot", () -> 2);
            bot.metrics = metrics;
            discord.awaitConnected(jda);
            for (int i = 0; i < COMMANDS; i++) {
                discord.dispatchInteraction(Payloads.slashCommand(GUILD, "ping"));
            }
            LocalDiscord.waitUntil(() -> argus.registry().value("discord_interactions", "slash_command", "acknowledged")
                    == COMMANDS, Duration.ofSeconds(20), () -> "every /ping acknowledged");
            System.out.println("PORT " + argus.port());
            if (firstScrapeNanos >= 0) {
                System.out.println("FIRST_SCRAPE_MS " + firstScrapeNanos / 1_000_000);
            }
            for (MetricFamily f : argus.registry().snapshot().families()) {
                for (DataPoint p : f.points()) {
                    if (p instanceof ValuePoint v) {
                        System.out.println("SERIES " + f.name() + p.labels().values() + " " + v.value());
                    }
                }
            }
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            var sink = argus.sink();
            argus.close();
            sink.ifPresent(s -> {
                SinkStats st = s.stats();
                System.out.println("SINK accepted=" + st.accepted() + " written=" + st.written() + " failed="
                        + st.failed() + " dropped=" + st.dropped());
            });
            jda.shutdownNow();
        }
        System.out.println("STOPPED");
    }

    /**
     * Polls {@code /metrics} until it answers 200 (the server may still be binding) and returns when it
     * did. {@code HttpURLConnection}, from java.base: the bot requires nothing an Argus module might need.
     */
    private static long firstMetrics(int port) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        URL url = URI.create("http://127.0.0.1:" + port + "/metrics").toURL();
        while (true) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            try {
                if (c.getResponseCode() == 200) {
                    c.getInputStream().readAllBytes();
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // not listening yet
            } finally {
                c.disconnect();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no 200 from " + url + " in 30 s");
            }
            LockSupport.parkNanos(1_000_000); // a 1 ms resolution, without taking a core from the server
        }
    }

    private volatile Instrumentation metrics = Instrumentation.noop();
    private volatile Counter lookups;

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        try (Sample t = metrics.timer("db_query")) {
            Counter c = lookups;
            if (c != null) {
                c.labels(event.getName()).inc();
            }
        }
        event.reply("pong").queue();
    }
}
