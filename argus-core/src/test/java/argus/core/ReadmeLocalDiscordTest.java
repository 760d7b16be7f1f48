package argus.core;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Testing your bot against a local Discord" snippet, as written there (only the
 * assertion is spelled out): an integrator's first test has to work as printed.
 */
class ReadmeLocalDiscordTest {
    /** The integrator's bot. */
    static final class MyBot extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.reply("pong").queue();
        }
    }

    @Test
    void theSnippetCountsTheBotsAnsweredCommand() {
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(new MyBot()).configure(Argus::instrument).connect();
            try (Argus argus = Argus.builder(jda).port(0).environment(Map.of()).start()) {
                discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
                LocalDiscord.waitUntil(() -> argus.registry().value("discord_interactions", "slash_command",
                        "acknowledged") == 1, Duration.ofSeconds(30), () -> "the /ping acknowledged");

                assertThat(argus.registry().value("discord_interactions", "slash_command", "acknowledged")).isEqualTo(1.0);
            } finally {
                jda.shutdownNow();
            }
        }
    }
}
