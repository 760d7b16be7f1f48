package argus.core.jda;

import argus.core.registry.MetricRegistry;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interaction tokens that JDA must URL-encode in its routes ({@code :}, spaces, {@code /}, non-ASCII)
 * still complete their commands: the callback is matched by interaction id, the follow-up of a
 * deferred reply by its token decoded in place. (Matching the raw encoded path segment never
 * completed such interactions.) Real JDA, real REST round trips against the local Discord.
 */
class EncodedTokenTest {
    private static void answer(String token, Consumer<SlashCommandInteractionEvent> reply) {
        MetricRegistry registry = new MetricRegistry(100);
        BotHooks hooks = new BotHooks(new BotMetrics(registry, "discord"), 100, () -> null, "default");
        EventListener bot = e -> {
            if (e instanceof SlashCommandInteractionEvent s) {
                reply.accept(s);
            }
        };
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(bot).connect();
            ArgusEventManager manager = ArgusEventManager.around(jda.getEventManager());
            manager.bind(hooks);
            jda.setEventManager(manager);

            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping").put("token", token));
            LocalDiscord.waitUntil(() -> registry.value("discord_app_commands", "ping", "success") == 1,
                    discord.timeout(), () -> "the command never completed: in flight " + hooks.inFlight());

            assertThat(registry.value("discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
            assertThat(hooks.inFlight()).isZero();
            assertThat(registry.errorCount("event")).isZero();
        }
    }

    // Only tokens the local Discord's HTTP server itself decodes back exactly: it decodes the path before
    // routing, so '/', '+', '%' or non-ASCII tokens would fail there, not here (RoutePathsTest covers
    // them against routes compiled by JDA).
    @ParameterizedTest
    @ValueSource(strings = {"local:token", "x!y'z(1)~,;=@$:*"})
    void aReplyCompletesTheCommand(String token) {
        answer(token, s -> s.reply("pong").queue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local:token", "x!y'z(1)~,;=@$:*"})
    void aDeferredReplyIsCompletedByItsFollowUp(String token) {
        answer(token, s -> s.deferReply().queue(hook -> hook.sendMessage("pong").queue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local:token", "x!y'z(1)~,;=@$:*"})
    void aDeferredReplyIsCompletedByEditingTheOriginal(String token) {
        answer(token, s -> s.deferReply().queue(hook -> hook.editOriginal("pong").queue()));
    }
}
