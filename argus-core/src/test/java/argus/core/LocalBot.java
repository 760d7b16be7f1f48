package argus.core;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real JDA connected to a {@link LocalDiscord}, and the Argus instances attached to it. Tests
 * attach Argus exactly as a bot does, with no server and no environment:
 * {@code Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).start()}.
 */
final class LocalBot implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(10);
    static final long GUILD = Payloads.DEFAULT_GUILD_ID;

    final LocalDiscord discord;
    final JDA jda;
    private Argus argus;

    private LocalBot(LocalDiscord discord, JDA jda) {
        this.discord = discord;
        this.jda = jda;
    }

    /** A plain JDA (no {@code Argus.instrument}) with these listeners. */
    static LocalBot connect(Object... listeners) {
        LocalDiscord discord = LocalDiscord.start();
        return new LocalBot(discord, discord.jda().listeners(listeners).connect());
    }

    /** A JDA built through {@code Argus.instrument(builder)} (raw events, observing rate limiter). */
    static LocalBot connectInstrumented(Object... listeners) {
        LocalDiscord discord = LocalDiscord.start();
        return new LocalBot(discord, discord.jda().listeners(listeners).configure(Argus::instrument).connect());
    }

    /** The builder every test starts from: no HTTP server is found on argus-core's test path anyway. */
    static ArgusBuilder configured(ArgusBuilder b) {
        return b.port(0).environment(Map.of()).closeOnShutdown(false);
    }

    /** Attaches a new Argus (closing the previous one). */
    Argus attach() {
        return attach(UnaryOperator.identity());
    }

    Argus attach(UnaryOperator<ArgusBuilder> settings) {
        detach();
        argus = settings.apply(configured(Argus.builder(jda))).start();
        return argus;
    }

    void detach() {
        if (argus != null) {
            argus.close();
            argus = null;
        }
    }

    /** Dispatches an interaction and returns once every listener has run. */
    long dispatch(DataObject interaction) {
        return discord.dispatchInteraction(interaction);
    }

    @Override
    public void close() {
        detach();
        discord.close();
    }
}
