package argus.ops;

import argus.api.instrument.Instrumentation;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.UserContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.EntitySelectInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * The demo bot {@link PrometheusServerTest} runs: answers every interaction DemoTraffic sends (and
 * the test's {@code /fail}), so whatever fails does so because the local Discord was told to fail it.
 * {@code /slow} defers and follows up; everything else replies at once. Prefix commands ({@code !name})
 * run through {@link Instrumentation#command}, as a bot declares them; {@code !fail} throws, and
 * {@code !misuse} misuses a counter of its own (Argus counts an instrumentation error).
 */
final class OpsBot extends ListenerAdapter {
    /** Argus' instrumentation once it runs (the bot's shards connect before Argus starts). */
    volatile Instrumentation metrics = Instrumentation.noop();

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        String content = event.getMessage().getContentRaw();
        if (event.getAuthor().isBot() || !content.startsWith("!")) {
            return;
        }
        String name = content.substring(1).split(" ", 2)[0];
        try {
            metrics.command(name, () -> {
                if (name.equals("fail")) {
                    throw new IllegalStateException("no such page");
                }
                if (name.equals("misuse")) {
                    // A bot's mistake Argus absorbs and counts (hook user_metrics): a label value missing.
                    metrics.counter("ops_jobs", "Jobs the ops bot ran", "outcome").labels().inc();
                }
            });
        } catch (IllegalStateException expected) {
            // counted as status="error" by Argus; a real bot would tell the user
        }
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (event.getName().equals("slow")) {
            event.deferReply().queue(hook -> hook.sendMessage("done").queue(ok -> { }, err -> { }), err -> { });
        } else {
            event.reply(event.getName()).queue(ok -> { }, err -> { });
        }
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        event.replyChoiceStrings("hello", "help").queue(ok -> { }, err -> { });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        event.deferEdit().queue(ok -> { }, err -> { });
    }

    @Override
    public void onStringSelectInteraction(StringSelectInteractionEvent event) {
        event.reply("role set").setEphemeral(true).queue(ok -> { }, err -> { });
    }

    @Override
    public void onEntitySelectInteraction(EntitySelectInteractionEvent event) {
        event.reply("picked").setEphemeral(true).queue(ok -> { }, err -> { });
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        event.reply("thanks").setEphemeral(true).queue(ok -> { }, err -> { });
    }

    @Override
    public void onUserContextInteraction(UserContextInteractionEvent event) {
        event.reply("profile").setEphemeral(true).queue(ok -> { }, err -> { });
    }

    @Override
    public void onMessageContextInteraction(MessageContextInteractionEvent event) {
        event.reply("message").setEphemeral(true).queue(ok -> { }, err -> { });
    }
}
