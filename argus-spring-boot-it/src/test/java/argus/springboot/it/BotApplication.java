package argus.springboot.it;

import argus.discord.local.LocalDiscord;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot bot: its JDA is a bean (connected to the local Discord instead of discord.com), and
 * Argus comes in through the README's {@link Observability} alone. No component scan: the test
 * decides exactly which configuration the application has.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Observability.class)
class BotApplication {
    @Bean(destroyMethod = "close")
    LocalDiscord discord() {
        return LocalDiscord.start();
    }

    @Bean(destroyMethod = "") // LocalDiscord.close() shuts its JDAs down and waits for their threads
    JDA jda(LocalDiscord discord) {
        return discord.jda().listeners(new Commands(), new Apologies()).connect();
    }

    /** {@code /ping} answers; {@code /fail} throws before answering, as a handler with a bug does. */
    static final class Commands extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            if (event.getName().equals("fail")) {
                throw new IllegalStateException("handler bug (on purpose)");
            }
            event.reply("pong").queue();
        }
    }

    /**
     * A later listener answers what is left unanswered. JDA runs it after the failed one has thrown, so
     * Argus has seen the error before the answer ends the command: {@code status="error"}, every time.
     */
    static final class Apologies extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            if (!event.isAcknowledged()) {
                event.reply("sorry").queue();
            }
        }
    }
}
