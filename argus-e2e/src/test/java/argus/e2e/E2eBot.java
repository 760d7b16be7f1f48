package argus.e2e;

import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.UserContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * The bot under test: an ordinary JDA listener with deterministic answers.
 * <ul>
 *   <li>{@code /ping}, {@code /fail}: reply (the test makes Discord reject {@code /fail}'s callback);</li>
 *   <li>{@code /slow}: defer, then one follow-up once the deferral is acknowledged;</li>
 *   <li>autocomplete: two choices; the {@code vote} button: deferEdit; the {@code role} select and
 *       the {@code feedback} modal: an ephemeral reply; the {@code Profile} user command: a reply.</li>
 * </ul>
 */
final class E2eBot extends ListenerAdapter {
    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (event.getName().equals("slow")) {
            event.deferReply().queue(hook -> hook.sendMessage("done").queue());
        } else {
            event.reply(event.getName()).queue(ok -> { }, err -> { });
        }
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        event.replyChoiceStrings("hello", "help").queue();
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        event.deferEdit().queue();
    }

    @Override
    public void onStringSelectInteraction(StringSelectInteractionEvent event) {
        event.reply("role set").setEphemeral(true).queue();
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        event.reply("thanks").setEphemeral(true).queue();
    }

    @Override
    public void onUserContextInteraction(UserContextInteractionEvent event) {
        event.reply("profile").setEphemeral(true).queue();
    }
}
