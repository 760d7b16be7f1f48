package argus.core;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static argus.core.Metrics.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Argus observing bots that come and go ({@code Argus.builder().start()} + {@code observe}), as the
 * OSGi core component does with JDA services: one registry, each bot counted while observed only.
 */
class ObserveTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static final ListenerAdapter REPLY = new ListenerAdapter() {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.reply("ok").queue();
        }
    };

    @Test
    void twoBotsShareOneRegistryAndALeavingBotStopsBeingCounted() throws Exception {
        try (LocalDiscord a = LocalDiscord.builder().guilds(3).start();
             LocalDiscord b = LocalDiscord.builder().guilds(5).start();
             Argus argus = LocalBot.configured(Argus.builder()).start()) {
            JDA jdaA = a.jda().listeners(REPLY).connect();
            JDA jdaB = b.jda().listeners(REPLY).connect();
            assertThat(total(argus, "discord_guilds")).as("no bot yet").isZero();

            AutoCloseable observedA = argus.observe(jdaA);
            argus.observe(jdaB);
            assertThat(total(argus, "discord_guilds")).isEqualTo(a.guilds().size() + b.guilds().size());
            a.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "from-a"));
            b.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "from-b"));
            awaitTotal(argus, 2);

            observedA.close();
            a.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "from-a"));
            b.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "from-b"));
            awaitTotal(argus, 3);
            assertThat(total(argus, "discord_guilds")).as("only B's guilds").isEqualTo(b.guilds().size());
            assertThat(Metrics.value(argus, "discord_app_commands", "from-a", "success")).isEqualTo(1);
            assertThat(Metrics.value(argus, "discord_app_commands", "from-b", "success")).isEqualTo(2);
            assertThat(jdaA.getRegisteredListeners()).containsExactly(REPLY); // A left untouched
            observedA.close(); // idempotent
            jdaA.shutdownNow();
            jdaB.shutdownNow();
        }
    }

    @Test
    void observingAfterCloseIsRefused() {
        try (LocalDiscord a = LocalDiscord.start()) {
            JDA jda = a.jda().connect();
            Argus argus = LocalBot.configured(Argus.builder()).start();
            argus.close();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> argus.observe(jda))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            jda.shutdownNow();
        }
    }

    @Test
    void swapSinkReplacesAndReturnsThePreviousSinkForTheCallerToDrain() {
        try (Argus argus = LocalBot.configured(Argus.builder()).start()) {
            RecordingSinkProvider.RecordingSink first = new RecordingSinkProvider.RecordingSink(false);
            assertThat(argus.swapSink(first)).as("analytics off by default").isNull();
            assertThat(argus.sink()).containsSame(first);
            assertThat(argus.swapSink(null)).isSameAs(first);
            assertThat(argus.sink()).isEmpty();
        }
    }

    private static void awaitTotal(Argus argus, double expected) {
        LocalDiscord.waitUntil(() -> total(argus, "discord_app_commands") == expected, T,
                () -> "commands counted " + total(argus, "discord_app_commands") + ", expected " + expected);
    }
}
