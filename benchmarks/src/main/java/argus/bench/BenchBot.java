package argus.bench;

import argus.core.Argus;
import argus.core.ArgusBuilder;
import argus.core.jda.ArgusEventManager;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real JDA connected to {@link LocalDiscord} (REST and gateway on loopback), optionally observed by
 * Argus through its public entry point. Its job in the benchmarks is to produce <em>real</em> event
 * objects, built by JDA from gateway JSON and from a real REST round trip, which the benchmark loop
 * then re-dispatches. Lives for one JMH trial.
 */
final class BenchBot implements AutoCloseable {
    /** What the bot's own code costs in the benchmarks: nothing at all. */
    static final EventListener NOOP = event -> { };

    /** The common shape of a real bot's listener (JDA's reflective ListenerAdapter), doing nothing. */
    static final class NoopAdapter extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            // a bot would reply here
        }
    }

    /** A slash command's receipt and the REST event of its reply: the two events of one interaction. */
    record Interaction(SlashCommandInteractionEvent command, HttpRequestEvent reply) {
    }

    private final LocalDiscord discord;
    private final JDA jda;
    private final Capturer capturer = new Capturer();
    private Argus argus;

    private BenchBot() {
        discord = LocalDiscord.builder().timeout(Duration.ofSeconds(30)).start();
        try {
            jda = discord.jda().listeners(capturer).connect();
        } catch (RuntimeException | Error e) {
            discord.close();
            throw e;
        }
    }

    /** A connected bot without Argus. */
    static BenchBot plain() {
        return new BenchBot();
    }

    /**
     * A connected bot observed by Argus, started the way a bot starts it ({@code port(0)}: no server
     * module is on the benchmark class path, so none starts). With {@code analytics} the benchmark's
     * {@link RecordingSink} is bound through Argus' ServiceLoader path; without it nothing is bound
     * (the default: analytics off).
     */
    static BenchBot observed(boolean analytics) {
        return observed(analytics, Map.of());
    }

    /** As {@link #observed(boolean)}, with further settings (tracing, an OTLP endpoint). */
    static BenchBot observed(boolean analytics, Map<String, String> settings) {
        BenchBot bot = new BenchBot();
        try {
            ArgusBuilder b = Argus.builder(bot.jda).port(0).closeOnShutdown(false).environment(Map.of());
            settings.forEach(b::set);
            if (analytics) {
                b.enablePerGuild(true).clickhouseDsn("http://bench:bench@127.0.0.1:8123/bench")
                        .dashboardAuthToken("bench");
            }
            bot.argus = b.start();
            if (bot.argus.sink().isPresent() != analytics) {
                throw new IllegalStateException("analytics sink bound: " + bot.argus.sink() + ", expected "
                        + (analytics ? "the recording sink" : "none"));
            }
            if (!(bot.jda.getEventManager() instanceof ArgusEventManager m) || m.boundHooks() == null) {
                throw new IllegalStateException("Argus did not install its event manager: " + bot.jda.getEventManager());
            }
        } catch (RuntimeException | Error e) {
            bot.close();
            throw e;
        }
        return bot;
    }

    JDA jda() {
        return jda;
    }

    Argus argus() {
        return argus;
    }

    LocalDiscord discord() {
        return discord;
    }

    /** The manager Argus installed (hooks bound). */
    ArgusEventManager argusManager() {
        return (ArgusEventManager) jda.getEventManager();
    }

    /**
     * Dispatches {@code /command} through the gateway; the bot replies at once, and the interaction
     * event and the HttpRequestEvent of that reply (the interaction callback) are returned.
     */
    Interaction captureSlashCommand(String command) {
        capturer.command.set(null);
        capturer.reply.set(null);
        discord.dispatchInteraction(slashCommand(command, null));
        LocalDiscord.waitUntil(() -> capturer.command.get() != null && capturer.reply.get() != null,
                discord.timeout(), () -> "no reply captured for /" + command);
        return new Interaction(capturer.command.get(), capturer.reply.get());
    }

    /**
     * {@code /name [subcommand]} in the default guild, with a token shaped like Discord's: base64 of
     * {@code interaction:<id>:<secret>}, URL-safe, about 200 characters: the token length Argus used to
     * pay for when it matched callbacks by token. (Callbacks are matched by interaction id now, and
     * follow-ups by the URL-decoded token, so any token completes: see BENCHMARKS.md.)
     */
    static DataObject slashCommand(String name, String subcommand) {
        DataObject d = subcommand == null ? Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, name)
                : Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, name, subcommand);
        String secret = "interaction:" + d.getString("id") + ":" + "s3cr3t".repeat(20);
        d.put("token", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(secret.getBytes(StandardCharsets.US_ASCII)));
        return d;
    }

    /** From now on only the no-op listener is left (the capturing one is removed). */
    void onlyNoopListener() {
        replaceListeners(NOOP);
    }

    /** Removes the capturing listener and registers {@code listeners} instead. */
    void replaceListeners(Object... listeners) {
        jda.removeEventListener(capturer);
        jda.addEventListener(listeners);
        if (jda.getRegisteredListeners().size() != listeners.length) {
            throw new IllegalStateException("unexpected listeners: " + jda.getRegisteredListeners());
        }
    }

    @Override
    public void close() {
        try {
            if (argus != null) {
                argus.close();
            }
        } finally {
            discord.close();
        }
    }

    /** Replies to every slash command and keeps the last command and callback event. */
    private static final class Capturer implements EventListener {
        final AtomicReference<SlashCommandInteractionEvent> command = new AtomicReference<>();
        final AtomicReference<HttpRequestEvent> reply = new AtomicReference<>();

        @Override
        public void onEvent(GenericEvent event) {
            if (event instanceof SlashCommandInteractionEvent slash) {
                command.set(slash);
                slash.reply("pong").queue();
            } else if (event instanceof HttpRequestEvent http
                    && http.getRoute().getBaseRoute() == Route.Interactions.CALLBACK) {
                reply.set(http);
            }
        }
    }
}
