package argus.discord.local;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.UserContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.EntitySelectInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionType;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static argus.discord.local.Payloads.DEFAULT_GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each payload becomes the JDA event a real Discord interaction would, built by JDA's own handlers. */
class InteractionPayloadsTest {
    private static final RecordingListener events = new RecordingListener();
    private static LocalDiscord discord;
    private static JDA jda;

    @BeforeAll
    static void connect() {
        discord = LocalDiscord.start();
        jda = discord.jda().listeners(events).connect();
    }

    @AfterAll
    static void close() {
        discord.close();
    }

    @BeforeEach
    void clear() {
        events.clear();
    }

    @Test
    void slashCommandInAGuildIsASlashCommandEventWithCachedGuildAndOptions() {
        discord.dispatchInteraction(Payloads.slashCommand(DEFAULT_GUILD_ID, "admin", "ban"));

        SlashCommandInteractionEvent e = events.last(SlashCommandInteractionEvent.class);
        assertThat(e.getName()).isEqualTo("admin");
        assertThat(e.getFullCommandName()).isEqualTo("admin ban");
        assertThat(e.getOption("text").getAsString()).isEqualTo("hello");
        assertThat(e.getCommandType()).isEqualTo(Command.Type.SLASH);
        assertThat(e.getGuild()).isSameAs(jda.getGuildById(DEFAULT_GUILD_ID));
        assertThat(e.getInteraction().getType()).isEqualTo(InteractionType.COMMAND);
        assertThat(Duration.between(e.getTimeCreated(), OffsetDateTime.now()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(e.getUser().getIdLong()).isEqualTo(Payloads.USER_ID);
        assertThat(e.getMember()).isNotNull();
        assertThat(e.getChannelIdLong()).isEqualTo(Payloads.channelIdFor(DEFAULT_GUILD_ID));
    }

    @Test
    void slashCommandInASubcommandGroupHasItsGroupAndOption() {
        discord.dispatchInteraction(Payloads.slashCommand(DEFAULT_GUILD_ID, "admin", "user", "ban"));

        SlashCommandInteractionEvent e = events.last(SlashCommandInteractionEvent.class);
        assertThat(e.getName()).isEqualTo("admin");
        assertThat(e.getSubcommandGroup()).isEqualTo("user");
        assertThat(e.getSubcommandName()).isEqualTo("ban");
        assertThat(e.getFullCommandName()).isEqualTo("admin user ban");
        assertThat(e.getOption("text").getAsString()).isEqualTo("hello");
    }

    @Test
    void slashCommandInADmHasNoGuild() {
        discord.dispatchInteraction(Payloads.slashCommand(0, "ping"));

        SlashCommandInteractionEvent e = events.last(SlashCommandInteractionEvent.class);
        assertThat(e.getGuild()).isNull();
        assertThat(e.getMember()).isNull();
        assertThat(e.getUser().getIdLong()).isEqualTo(Payloads.USER_ID);
    }

    @Test
    void userCommandTargetsTheTargetUser() {
        discord.dispatchInteraction(Payloads.userCommand(DEFAULT_GUILD_ID, "Inspect"));

        UserContextInteractionEvent e = events.last(UserContextInteractionEvent.class);
        assertThat(e.getCommandType()).isEqualTo(Command.Type.USER);
        assertThat(e.getTarget().getIdLong()).isEqualTo(Payloads.TARGET_USER_ID);
        assertThat(e.getTargetMember()).isNotNull();
    }

    @Test
    void messageCommandTargetsABotMessage() {
        discord.dispatchInteraction(Payloads.messageCommand(DEFAULT_GUILD_ID, "Report"));

        MessageContextInteractionEvent e = events.last(MessageContextInteractionEvent.class);
        assertThat(e.getCommandType()).isEqualTo(Command.Type.MESSAGE);
        assertThat(e.getTarget().getContentRaw()).isEqualTo("pick one");
    }

    @Test
    void buttonCarriesItsMessageAndButton() {
        discord.dispatchInteraction(Payloads.button(DEFAULT_GUILD_ID, "argus:ok"));

        ButtonInteractionEvent e = events.last(ButtonInteractionEvent.class);
        assertThat(e.getComponentId()).isEqualTo("argus:ok");
        assertThat(e.getButton().getLabel()).isEqualTo("OK");
    }

    @Test
    void stringSelectCarriesItsValues() {
        discord.dispatchInteraction(Payloads.stringSelect(DEFAULT_GUILD_ID, "argus:pick", "a", "b"));

        assertThat(events.last(StringSelectInteractionEvent.class).getValues()).containsExactly("a", "b");
    }

    @Test
    void userSelectIsAnEntitySelectWhoseComponentTypeJdaCannotResolveOnEphemeralMessages() {
        discord.dispatchInteraction(Payloads.userSelect(DEFAULT_GUILD_ID, "argus:who"));

        EntitySelectInteractionEvent e = events.last(EntitySelectInteractionEvent.class);
        assertThat(e.getMentions().getUsers().get(0).getIdLong()).isEqualTo(Payloads.TARGET_USER_ID);
        // Discord sends only {id, flags} for an ephemeral message: classify by event class, never by this.
        assertThatThrownBy(e::getComponentType).isInstanceOf(NullPointerException.class);
    }

    @Test
    void modalSubmitCarriesItsInputs() {
        discord.dispatchInteraction(Payloads.modalSubmit(DEFAULT_GUILD_ID, "argus:feedback", "text", "great"));

        ModalInteractionEvent e = events.last(ModalInteractionEvent.class);
        assertThat(e.getModalId()).isEqualTo("argus:feedback");
        assertThat(e.getValue("text").getAsString()).isEqualTo("great");
    }

    @Test
    void autocompleteHasItsFocusedOption() {
        discord.dispatchInteraction(Payloads.autocomplete(DEFAULT_GUILD_ID, "search", "query", "ar"));

        CommandAutoCompleteInteractionEvent e = events.last(CommandAutoCompleteInteractionEvent.class);
        assertThat(e.getFocusedOption().getName()).isEqualTo("query");
        assertThat(e.getFocusedOption().getValue()).isEqualTo("ar");
    }

    @Test
    void interactionFromAnUncachedGuildGetsADetachedGuild() {
        long foreign = 1500000000000000001L;
        discord.dispatchInteraction(Payloads.slashCommand(foreign, "ping"));

        Guild g = events.last(SlashCommandInteractionEvent.class).getGuild();
        assertThat(g.isDetached()).isTrue();
        assertThat(g.getIdLong()).isEqualTo(foreign);
    }

    @Test
    void dispatchReturnsOnlyAfterEveryListenerRan() {
        for (int i = 0; i < 5; i++) {
            discord.dispatchInteraction(Payloads.button(0, "b" + i));
        }
        assertThat(events.of(GenericInteractionCreateEvent.class)).hasSize(5);
        assertThat(events.of(ButtonInteractionEvent.class).stream().map(ButtonInteractionEvent::getComponentId))
                .isEqualTo(List.of("b0", "b1", "b2", "b3", "b4"));
    }
}
