package argus.core.jda;

import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.UserContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.EntitySelectInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;

/** The bounded set of interaction types used as the {@code type} label and the analytics {@code type} column. */
public enum InteractionKind {
    SLASH_COMMAND("slash_command", true),
    USER_COMMAND("user_command", true),
    MESSAGE_COMMAND("message_command", true),
    BUTTON("button", false),
    STRING_SELECT("string_select", false),
    ENTITY_SELECT("entity_select", false),
    MODAL("modal", false),
    AUTOCOMPLETE("autocomplete", false),
    OTHER("other", false);

    private final String label;
    private final boolean applicationCommand;

    InteractionKind(String label, boolean applicationCommand) {
        this.label = label;
        this.applicationCommand = applicationCommand;
    }

    public String label() {
        return label;
    }

    /** Slash and context-menu commands: the ones counted and timed as application commands. */
    public boolean isApplicationCommand() {
        return applicationCommand;
    }

    /** Classifies an event with a few {@code instanceof} checks: O(1), no allocation. */
    public static InteractionKind of(GenericInteractionCreateEvent event) {
        if (event instanceof SlashCommandInteractionEvent) {
            return SLASH_COMMAND;
        }
        if (event instanceof ButtonInteractionEvent) {
            return BUTTON;
        }
        if (event instanceof CommandAutoCompleteInteractionEvent) {
            return AUTOCOMPLETE;
        }
        if (event instanceof StringSelectInteractionEvent) {
            return STRING_SELECT;
        }
        if (event instanceof EntitySelectInteractionEvent) {
            return ENTITY_SELECT;
        }
        if (event instanceof ModalInteractionEvent) {
            return MODAL;
        }
        if (event instanceof UserContextInteractionEvent) {
            return USER_COMMAND;
        }
        if (event instanceof MessageContextInteractionEvent) {
            return MESSAGE_COMMAND;
        }
        return OTHER;
    }

    /**
     * The full command name for application commands ({@code name [group] sub}, JDA's
     * {@code getFullCommandName()}), else "". Builds a new string per subcommand call; the hot path uses
     * {@link CommandNames}, which forms each once.
     */
    public static String commandName(GenericInteractionCreateEvent event) {
        if (event instanceof GenericCommandInteractionEvent c) {
            return c.getFullCommandName();
        }
        return "";
    }
}
