package argus.core;

import argus.api.spi.InteractionObserver;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static argus.core.LocalBot.GUILD;
import static argus.core.Metrics.await;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook tracing is built on: an {@link InteractionObserver} registered through
 * {@code services().observeInteractions} is told once of each interaction's end, with guild-free
 * values; one that throws costs the bot nothing; closing its registration removes only it.
 */
class InteractionObserverTest {
    record Ended(String type, String command, String outcome, String errorType, long received, long ended) {
    }

    private static final ScriptedBot bot = new ScriptedBot();
    private static LocalBot local;
    private Argus argus;

    @BeforeAll
    static void connect() {
        local = LocalBot.connect(bot);
    }

    @AfterAll
    static void close() {
        local.close();
    }

    @BeforeEach
    void attach() {
        bot.staysSilent();
        argus = local.attach();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        LocalDiscord.waitUntil(condition, LocalBot.T, () -> what);
    }

    @Test
    void eachEndIsToldOnceWithTypeCommandOutcomeAndTimes() throws Exception {
        List<Ended> seen = new CopyOnWriteArrayList<>();
        AutoCloseable registration = argus.services().observeInteractions(
                (type, command, outcome, error, received, ended) -> seen.add(new Ended(type, command, outcome, error, received, ended)));
        bot.answers(e -> {
            if (e instanceof SlashCommandInteractionEvent s) {
                s.reply("pong").queue();
            } else if (e instanceof ButtonInteractionEvent b) {
                b.reply("clicked").queue();
            }
        });
        long before = System.currentTimeMillis();
        local.dispatch(Payloads.slashCommand(GUILD, "ping"));
        local.dispatch(Payloads.button(GUILD, "next"));
        await(argus, 1, "discord_interactions", "button", "acknowledged");
        await(argus, 1, "discord_app_commands", "ping", "success");
        waitUntil(() -> seen.size() == 2, "two ends told"); // told just after the counters

        assertThat(seen).extracting(Ended::type, Ended::command, Ended::outcome, Ended::errorType).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("slash_command", "ping", "success", null),
                org.assertj.core.groups.Tuple.tuple("button", "", "acknowledged", null));
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.received()).isBetween(before, System.currentTimeMillis());
            assertThat(e.ended()).isBetween(e.received(), System.currentTimeMillis());
        });

        registration.close();
        local.dispatch(Payloads.slashCommand(GUILD, "ping"));
        await(argus, 2, "discord_app_commands", "ping", "success");
        assertThat(seen).as("nothing after its registration is closed").hasSize(2);
    }

    @Test
    void anObserverThatThrowsIsCountedAndTheBotsMetricsAreUnaffected() throws Exception {
        try (AutoCloseable ignored = argus.services().observeInteractions((type, command, outcome, error, received, ended) -> {
            throw new IllegalStateException("tracer bug");
        })) {
            bot.answers(e -> ((SlashCommandInteractionEvent) e).reply("pong").queue());
            local.dispatch(Payloads.slashCommand(GUILD, "ping"));
            await(argus, 1, "discord_app_commands", "ping", "success");
            assertThat(value(argus, "discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
            waitUntil(() -> argus.registry().errorCount("interaction_observer") == 1, "the observer's failure counted");
            assertThat(value(argus, "argus_timers_in_flight")).isZero();
        }
    }

    @Test
    void closingAReplacedRegistrationLeavesTheNewObserverInPlace() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        AutoCloseable a = argus.services().observeInteractions((t, c, o, e, r, x) -> first.add(c));
        AutoCloseable b = argus.services().observeInteractions((t, c, o, e, r, x) -> second.add(c));
        a.close();
        bot.answers(e -> ((SlashCommandInteractionEvent) e).reply("pong").queue());
        local.dispatch(Payloads.slashCommand(GUILD, "ping"));
        await(argus, 1, "discord_app_commands", "ping", "success");
        waitUntil(() -> second.size() == 1, "the second observer told");
        assertThat(first).isEmpty();
        assertThat(second).containsExactly("ping");
        b.close();
    }
}
