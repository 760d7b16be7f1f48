package argus.core;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDAInfo;
import net.dv8tion.jda.api.entities.Activity;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;

import static argus.core.LocalBot.T;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Scrape-time gauges, read live from JDA: guilds, shard state, gateway latency, bot info. */
class GaugesTest {

    @Test
    void aSingleJdaIsOneConnectedShardWithItsGuilds() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();

            assertThat(value(argus, "discord_guilds")).isEqualTo(1);
            assertThat(value(argus, "discord_shard_up", "0")).isEqualTo(1);
            assertThat(value(argus, "discord_shards_connected")).isEqualTo(1);
            assertThat(value(argus, "discord_shards_configured")).isEqualTo(1);
            assertThat(value(argus, "argus_up")).isEqualTo(1);
            assertThat(value(argus, "argus_subsystem_up", "core")).isEqualTo(1);
            assertThat(argus.port()).as("argus-web is not on argus-core's test path").isEqualTo(-1);
        }
    }

    @Test
    void guildsAreReadLiveAtScrapeTime() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();

            local.discord.addGuild(1600000000000000001L, "Second");

            assertThat(value(argus, "discord_guilds")).isEqualTo(2);
        }
    }

    @Test
    void shardUpFollowsTheGatewayConnection() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();

            local.discord.gateway().awaitSession(0, T).closeWith(4004, "Authentication failed.");
            LocalDiscord.waitUntil(() -> local.jda.getStatus() == JDA.Status.SHUTDOWN, T, () -> "JDA shut down");

            assertThat(value(argus, "discord_shard_up", "0")).isZero();
            assertThat(value(argus, "discord_shards_connected")).isZero();
            assertThat(value(argus, "discord_shards_configured")).isEqualTo(1);
        }
    }

    @Test
    void gatewayLatencyIsThePingOfTheLastHeartbeatAck() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();

            local.discord.barrier(0); // a heartbeat JDA sends on request, which the gateway ACKs
            LocalDiscord.waitUntil(() -> local.jda.getGatewayPing() >= 0, T, () -> "no heartbeat ACK");

            // A heartbeat ACK may land between two reads: the gauge shows the ping of one of them.
            double before = local.jda.getGatewayPing() / 1000.0;
            double gauge = value(argus, "discord_shard_latency_seconds", "0");
            double after = local.jda.getGatewayPing() / 1000.0;
            assertThat(gauge).isIn(before, after);
        }
    }

    @Test
    void botInfoCarriesTheJdaAndArgusVersions() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();

            assertThat(value(argus, "discord_bot", JDAInfo.VERSION, ArgusVersion.get())).isEqualTo(1);
            assertThat(JDAInfo.VERSION).startsWith("6.5.0");
        }
    }

    @Test
    void aTwoShardManagerIsTwoConnectedShardsWithTheGuildsOfBoth() {
        long g0 = guildOnShard(0);
        long g1 = guildOnShard(1);
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guild(g0, "zero").guild(g1, "one").start()) {
            ShardManager shards = discord.shardManager(2).connect();
            try (Argus argus = LocalBot.configured(Argus.builder(shards)).start()) {
                assertThat(value(argus, "discord_shards_configured")).isEqualTo(2);
                assertThat(value(argus, "discord_shards_connected")).isEqualTo(2);
                assertThat(value(argus, "discord_shard_up", "0")).isEqualTo(1);
                assertThat(value(argus, "discord_shard_up", "1")).isEqualTo(1);
                assertThat(value(argus, "discord_guilds")).isEqualTo(2);
                assertThat(argus.port()).isEqualTo(-1);
            }
        }
    }

    @Test
    void privateChannelsAreJdasCachedDmChannels() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();
            assertThat(value(argus, "discord_private_channels")).isZero();

            // A DM from a user: JDA caches the private channel it arrived in.
            DataObject dm = Payloads.message(1700000000000000001L, Payloads.dmChannelId(), 0, "hi", 0);
            dm.put("author", Payloads.user(Payloads.USER_ID, "alice")).remove("webhook_id");
            local.discord.dispatch("MESSAGE_CREATE", dm);
            LocalDiscord.waitUntil(() -> local.jda.getPrivateChannelCache().size() == 1, T, () -> "DM channel cached");

            assertThat(value(argus, "discord_private_channels")).isEqualTo(1);
        }
    }

    @Test
    void registeredCommandsAreThoseOfTheBotsLastOverwrite() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();
            assertThat(value(argus, "discord_app_commands_registered")).as("not known before any sync").isNaN();

            local.jda.updateCommands().addCommands(Commands.slash("ping", "Pong"), Commands.slash("help", "Help"),
                    Commands.user("Profile")).complete();
            // JDA fires HttpRequestEvent after completing the action's future: wait for it.
            Metrics.await(argus, 3, "discord_app_commands_registered");

            local.jda.updateCommands().addCommands(Commands.slash("ping", "Pong")).complete();
            Metrics.await(argus, 1, "discord_app_commands_registered");

            // Guild commands are not the bot's global commands: the gauge keeps its value once the
            // request was seen (counted in discord_rest_requests by the same event).
            double before = Metrics.total(argus, "discord_rest_requests");
            local.jda.getGuildById(LocalBot.GUILD).updateCommands()
                    .addCommands(Commands.slash("a", "A"), Commands.slash("b", "B")).complete();
            LocalDiscord.waitUntil(() -> Metrics.total(argus, "discord_rest_requests") == before + 1, T,
                    () -> "guild command overwrite seen");
            assertThat(value(argus, "discord_app_commands_registered")).isEqualTo(1);

            local.jda.retrieveCommands().complete();
            Metrics.await(argus, 1, "discord_app_commands_registered");
        }
    }

    @Test
    void aShardIsWsRateLimitedWhileJdaHoldsItsGatewayMessagesBack() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();
            assertThat(value(argus, "discord_shard_ws_ratelimited", "0")).as("read from this JDA").isZero();

            // Presence updates go through JDA's gateway send queue: past 115 in a minute it holds the rest.
            for (int i = 0; i < 130; i++) {
                local.jda.getPresence().setActivity(Activity.playing("update " + i));
            }

            LocalDiscord.waitUntil(() -> value(argus, "discord_shard_ws_ratelimited", "0") == 1, T,
                    () -> "shard 0 reported under the gateway send limit");
            assertThat(local.discord.gateway().clientOps().stream().filter(op -> op == 3).count())
                    .as("presence updates the gateway received before JDA held the rest")
                    .isLessThan(130);
        }
    }

    private static long guildOnShard(int shard) {
        for (long id = Payloads.DEFAULT_GUILD_ID; ; id += 1L << 22) {
            if (Payloads.shardOf(id, 2) == shard) {
                return id;
            }
        }
    }
}
