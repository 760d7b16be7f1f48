package argus.example.bot;

import argus.core.Argus;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The example bot from the README: three slash commands with different behaviour, instrumented
 * with {@code Argus.attach(jda)}. Needs {@code DISCORD_TOKEN}.
 */
public final class ExampleBot extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleBot.class);

    public static void main(String[] args) throws InterruptedException {
        String token = System.getenv("DISCORD_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("""
                    The example bot needs a Discord bot token: DISCORD_TOKEN=... ./run.sh
                    (Create one at https://discord.com/developers/applications, Bot tab.)
                    Argus settings come from ARGUS_* variables, e.g. ARGUS_PORT=9191.""");
            System.exit(2);
        }
        JDA jda = Argus.instrument(JDABuilder.createLight(token, GatewayIntent.GUILD_MESSAGES))
                .addEventListeners(new ExampleBot())
                .build();
        Argus argus = Argus.attach(jda);                       // the one line
        jda.awaitReady();
        jda.updateCommands().addCommands(
                Commands.slash("ping", "Answers pong"),
                Commands.slash("slow", "Answers after thinking for a while"),
                Commands.slash("flaky", "Fails now and then")).queue();
        LOG.info("Example bot ready; metrics on http://localhost:{}/metrics", argus.port());
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        switch (event.getName()) {
            case "ping" -> event.reply("pong").queue();
            case "slow" -> {
                event.deferReply().queue();
                long delay = 500 + ThreadLocalRandom.current().nextLong(2_000);
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                        .execute(() -> event.getHook().sendMessage("done after " + delay + " ms").queue());
            }
            case "flaky" -> {
                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                    throw new IllegalStateException("flaky failed"); // counted as a command error
                }
                event.reply("ok").queue();
            }
            default -> event.reply("unknown command").setEphemeral(true).queue();
        }
    }
}
