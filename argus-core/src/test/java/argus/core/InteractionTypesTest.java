package argus.core;

import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.UserContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.EntitySelectInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static argus.core.LocalBot.GUILD;
import static argus.core.Metrics.await;
import static argus.core.Metrics.count;
import static argus.core.Metrics.total;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code discord_interactions_total{type,status="acknowledged"}} and
 * {@code discord_interaction_ack_latency_seconds{type}} for every interaction type JDA delivers, each
 * answered the way bots answer it (reply, message update, deferred update, autocomplete choices).
 */
class InteractionTypesTest {
    /** Answers every interaction type with a callback of its own kind. */
    static final class Responder extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
            e.reply("pong").queue();
        }

        @Override
        public void onUserContextInteraction(UserContextInteractionEvent e) {
            e.reply("user").setEphemeral(true).queue();
        }

        @Override
        public void onMessageContextInteraction(MessageContextInteractionEvent e) {
            e.reply("message").queue();
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent e) {
            e.editMessage("pressed").queue(); // callback type 7
        }

        @Override
        public void onStringSelectInteraction(StringSelectInteractionEvent e) {
            e.deferEdit().queue(); // callback type 6
        }

        @Override
        public void onEntitySelectInteraction(EntitySelectInteractionEvent e) {
            e.reply("picked").setEphemeral(true).queue();
        }

        @Override
        public void onModalInteraction(ModalInteractionEvent e) {
            e.reply("thanks").queue();
        }

        @Override
        public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
            e.replyChoiceStrings("argus", "arguments").queue(); // callback type 8
        }
    }

    private static LocalBot bot;
    private Argus argus;

    @BeforeAll
    static void connect() {
        bot = LocalBot.connect(new Responder());
    }

    @AfterAll
    static void close() {
        bot.close();
    }

    @BeforeEach
    void attach() {
        argus = bot.attach();
    }

    static Stream<Arguments> interactions() {
        return Stream.of(
                arguments("slash_command", (Supplier<DataObject>) () -> Payloads.slashCommand(GUILD, "ping")),
                arguments("user_command", (Supplier<DataObject>) () -> Payloads.userCommand(GUILD, "Inspect")),
                arguments("message_command", (Supplier<DataObject>) () -> Payloads.messageCommand(GUILD, "Report")),
                arguments("button", (Supplier<DataObject>) () -> Payloads.button(GUILD, "argus:ok")),
                arguments("string_select", (Supplier<DataObject>) () -> Payloads.stringSelect(GUILD, "argus:pick", "a")),
                arguments("entity_select", (Supplier<DataObject>) () -> Payloads.userSelect(GUILD, "argus:who")),
                arguments("modal", (Supplier<DataObject>) () -> Payloads.modalSubmit(GUILD, "argus:form", "text", "hi")),
                arguments("autocomplete", (Supplier<DataObject>) () -> Payloads.autocomplete(GUILD, "search", "q", "ar")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interactions")
    void anAnsweredInteractionIsAcknowledgedOnceWithOneAckLatency(String type, Supplier<DataObject> payload) {
        bot.dispatch(payload.get());

        await(argus, 1, "discord_interactions", type, "acknowledged");
        assertThat(total(argus, "discord_interactions")).isEqualTo(1);
        assertThat(count(argus, "discord_interaction_ack_latency_seconds", type)).isEqualTo(1);
        assertThat(value(argus, "argus_timers_in_flight")).isZero();
    }

    @Test
    void everyTypeHasAnAckLatencySeriesBeforeItsFirstInteraction() {
        interactions().forEach(a -> assertThat(Metrics.histogram(argus, "discord_interaction_ack_latency_seconds",
                (String) a.get()[0])).isNotNull());
        assertThat(Metrics.histogram(argus, "discord_interaction_ack_latency_seconds", "other")).isNotNull();
    }

    @Test
    void onlyApplicationCommandsAreCountedAsCommands() {
        bot.dispatch(Payloads.button(GUILD, "argus:ok"));
        bot.dispatch(Payloads.slashCommand(GUILD, "ping"));

        await(argus, 1, "discord_app_commands", "ping", "success");
        await(argus, 1, "discord_interactions", "button", "acknowledged");
        assertThat(total(argus, "discord_app_commands")).isEqualTo(1);
        assertThat(count(argus, "discord_app_command_duration_seconds", "ping")).isEqualTo(1);
    }
}
