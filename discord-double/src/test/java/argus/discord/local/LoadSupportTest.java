package argus.discord.local;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What long runs need: prepared dispatches, a callback observer, a bounded request log and interaction table. */
class LoadSupportTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String CALLBACK = "interactions/\\d+/[^/]+/callback";

    static final class Pong extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.reply("pong").queue(ok -> { }, err -> { });
        }
    }

    @Test
    void guildIdsSpreadRoundRobinOverShards() {
        for (int shards : new int[]{1, 2, 3, 7}) {
            assertThat(IntStream.range(0, shards).mapToObj(k -> Payloads.shardOf(Payloads.guildId(k), shards))
                    .collect(Collectors.toSet())).hasSize(shards);
        }
        assertThat(Payloads.guildId(0)).isNotEqualTo(Payloads.DEFAULT_GUILD_ID);
    }

    @Test
    void preparedInteractionsAreAnsweredAndObserved() {
        List<long[]> seen = new CopyOnWriteArrayList<>();
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(4).requestLogLimit(3).start()) {
            discord.rest().callbackObserver((id, type, status) -> seen.add(new long[]{id, type, status}));
            discord.shardManager(2).listeners(new Pong()).connect();
            List<LocalDiscord.Prepared> plan = IntStream.range(0, 20)
                    .mapToObj(i -> LocalDiscord.prepare(Payloads.slashCommand(Payloads.guildId(i % 4), "ping"))).toList();
            for (LocalDiscord.Prepared p : plan) {
                assertThat(discord.offer(p)).isTrue();
            }
            LocalDiscord.waitUntil(() -> seen.size() == 20, T, () -> seen.size() + " callbacks");
            assertThat(seen.stream().map(s -> s[0]).collect(Collectors.toSet()))
                    .isEqualTo(plan.stream().map(LocalDiscord.Prepared::id).collect(Collectors.toSet()));
            assertThat(seen).allSatisfy(s -> assertThat(new long[]{s[1], s[2]}).containsExactly(4, 200));
            // The log keeps the newest 3 only; the count has them all.
            assertThat(discord.rest().requests()).hasSize(3);
            assertThat(discord.rest().answeredCount()).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void theOldestInteractionsAreForgottenBeyondTheLimit() {
        List<SlashCommandInteractionEvent> events = new CopyOnWriteArrayList<>();
        try (LocalDiscord discord = LocalDiscord.start()) {
            discord.rest().interactionLimit(2);
            JDA jda = discord.jda().listeners(new ListenerAdapter() {
                @Override
                public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                    events.add(event);
                }
            }).connect();
            for (int i = 0; i < 3; i++) {
                discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
            }
            assertThat(events).hasSize(3);
            events.get(0).reply("late").queue(ok -> { }, err -> { });
            events.get(2).reply("fine").queue(ok -> { }, err -> { });
            List<LocalRest.Request> r = discord.rest().awaitRequests("POST", CALLBACK, 2, T);
            assertThat(r.stream().map(LocalRest.Request::status).collect(Collectors.toSet())).isEqualTo(Set.of(404, 200));
            assertThat(jda.getStatus()).isEqualTo(JDA.Status.CONNECTED);
        }
    }
}
