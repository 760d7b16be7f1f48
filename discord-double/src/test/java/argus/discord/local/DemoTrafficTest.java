package argus.discord.local;

import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Simulated users for demos: interactions of every kind across guilds and shards, and Discord's faults. */
class DemoTrafficTest {
    private static final Duration T = Duration.ofSeconds(20);

    /** A bot that answers everything at once. */
    static final class Answering implements EventListener {
        @Override
        public void onEvent(GenericEvent event) {
            if (event instanceof CommandAutoCompleteInteractionEvent a) {
                a.replyChoiceStrings("x").queue(ok -> { }, err -> { });
            } else if (event instanceof IReplyCallback r) {
                r.reply("ok").queue(ok -> { }, err -> { });
            }
        }
    }

    @Test
    void usersSendEveryKindOfInteractionToManyGuildsOnEveryShard() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(12).start()) {
            ShardManager bot = discord.shardManager(2).listeners(new Answering(), events).connect();
            assertThat(bot.getGuildCache().size()).isEqualTo(12);
            try (DemoTraffic traffic = DemoTraffic.builder(discord).ratePerSecond(400).faultEvery(null).seed(7).start()) {
                LocalDiscord.waitUntil(() -> events.of(GenericInteractionCreateEvent.class).size() >= 300, T,
                        () -> events.of(GenericInteractionCreateEvent.class).size() + " interactions");
            }
            var interactions = events.of(GenericInteractionCreateEvent.class);
            assertThat(interactions.stream().map(i -> i.getClass().getSimpleName()).collect(Collectors.toSet()))
                    .contains("SlashCommandInteractionEvent", "CommandAutoCompleteInteractionEvent",
                            "ButtonInteractionEvent", "StringSelectInteractionEvent", "ModalInteractionEvent",
                            "UserContextInteractionEvent");
            assertThat(interactions.stream().filter(i -> i.getGuild() != null).map(i -> i.getGuild().getIdLong())
                    .collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(8);
            assertThat(interactions.stream().map(i -> i.getJDA().getShardInfo().getShardId()).collect(Collectors.toSet()))
                    .isEqualTo(Set.of(0, 1));
            assertThat(interactions).anyMatch(i -> i.getGuild() == null); // a few DMs
        }
    }

    @Test
    void faultsTakeTurnsAndTheBotComesBackFromEach() {
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(6).start()) {
            ShardManager bot = discord.shardManager(2).listeners(new Answering()).connect();
            try (DemoTraffic traffic = DemoTraffic.builder(discord).ratePerSecond(100)
                    .faultEvery(Duration.ofMillis(150)).seed(11).start()) {
                LocalDiscord.waitUntil(() -> traffic.faultsInjected() >= 6, T, () -> traffic.faultsInjected() + " faults");
                LocalDiscord.waitUntil(() -> discord.rest().pendingFaults() == 0, T,
                        () -> discord.rest().pendingFaults() + " scripted REST faults unused");
            }
            LocalGateway gw = discord.gateway();
            LocalDiscord.waitUntil(() -> gw.resumes().size() >= 2 && gw.identifies().size() >= 3, T,
                    () -> gw.resumes().size() + " RESUMEs, " + gw.identifies().size() + " IDENTIFYs");
            discord.awaitConnected(bot);
            var callbacks = discord.rest().requests("POST", "interactions/\\d+/[^/]+/callback");
            assertThat(callbacks).filteredOn(r -> r.status() == 429)
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(callbacks).anyMatch(r -> r.status() == 404);
            assertThat(bot.getGuildCache().size()).isEqualTo(6);
        }
    }
}
