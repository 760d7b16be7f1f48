package argus.discord.local;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A DefaultShardManager whose shards are real JDA instances on the local gateway. */
class LocalShardsTest {

    @Test
    void shardManagerConnectsEveryShardWithItsOwnGuilds() {
        long g0 = guildOnShard(0, 2);
        long g1 = guildOnShard(1, 2);
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guild(g0, "zero").guild(g1, "one").start()) {
            ShardManager sm = discord.shardManager(2).listeners(events).connect();

            assertThat(events.of(ReadyEvent.class).stream().map(e -> e.getJDA().getShardInfo().getShardId())
                    .collect(Collectors.toSet())).isEqualTo(Set.of(0, 1));
            assertThat(sm.getShardById(0).getGuildById(g0)).isNotNull();
            assertThat(sm.getShardById(1).getGuildById(g1)).isNotNull();
            assertThat(sm.getGuildCache().size()).isEqualTo(2);
            assertThat(discord.gateway().identifies().stream().map(d -> d.getArray("shard").toList())
                    .collect(Collectors.toSet())).isEqualTo(Set.of(List.of(0, 2), List.of(1, 2)));
            assertThat(discord.rest().requests("GET", "gateway/bot")).isNotEmpty();

            discord.dispatchInteraction(Payloads.slashCommand(g1, "ping"));
            JDA receiver = events.last(SlashCommandInteractionEvent.class).getJDA();
            assertThat(receiver.getShardInfo().getShardId()).isEqualTo(1);
        }
    }

    @Test
    void oneShardOfAShardedBot() {
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().shard(3, 8).connect();

            assertThat(jda.getShardInfo().getShardId()).isEqualTo(3);
            assertThat(discord.gateway().identifies().get(0).getArray("shard").toList()).isEqualTo(List.of(3, 8));
        }
    }

    static long guildOnShard(int shard, int total) {
        for (long id = 1200000000000000001L; ; id += 1L << 22) {
            if (Payloads.shardOf(id, total) == shard) {
                return id;
            }
        }
    }
}
