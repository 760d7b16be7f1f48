package argus.core;

import argus.api.spi.CoreServices;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's guild names for the dashboard: read from the observed shards' JDA caches when asked, for
 * guilds on every shard, nothing for what the bot does not cache or what is not an id.
 */
class GuildNamesTest {
    private static final Duration T = Duration.ofSeconds(30);

    private static String id(int k) {
        return Long.toUnsignedString(Payloads.guildId(k));
    }

    @Test
    void namesComeFromTheCachesOfEveryObservedShardAndOnlyWhileObserved() throws Exception {
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(4).start()) {
            ShardManager shards = discord.shardManager(2).connect();
            try (Argus argus = LocalBot.configured(Argus.builder()).start()) {
                CoreServices core = argus.services();
                LocalDiscord.waitUntil(() -> shards.getGuildCache().size() == 4, T, () -> "4 guilds cached");
                assertThat(core.guildName(id(0))).as("not observed yet").isEmpty();
                AutoCloseable observed = argus.observe(shards);
                shards.getShards().forEach(s -> assertThat(s.getGuildCache().size()).as("guilds on both shards").isPositive());
                for (int k = 0; k < 4; k++) {
                    assertThat(core.guildName(id(k))).as("guild " + k).hasValue("guild-" + k);
                }
                assertThat(core.guildName(id(4))).as("a guild the bot is not in").isEmpty();
                for (String notAnId : new String[] {null, "", "abc", "1 OR 1=1", "-1", "9".repeat(21),
                    "99999999999999999999"}) {
                    assertThat(core.guildName(notAnId)).as(String.valueOf(notAnId)).isEmpty();
                }
                observed.close();
                assertThat(core.guildName(id(0))).as("no longer observed").isEmpty();
                double errors = Metrics.value(argus, "argus_instrumentation_errors", "guild_name");
                assertThat(Double.isNaN(errors) || errors == 0).as("lookup errors: " + errors).isTrue();
            } finally {
                shards.shutdown();
            }
        }
    }
}
