package argus.core;

import argus.discord.local.LocalDiscord;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static argus.core.LocalBot.T;
import static argus.core.Metrics.await;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code discord_shard_sessions_total{event}} and the per-shard {@code discord_shard_disconnects_total}
 * / {@code discord_shard_reconnects_total} from JDA's session events, driven by the gateway: READY,
 * server close codes, op 7 RECONNECT and op 9 INVALID_SESSION.
 */
class SessionLifecycleTest {
    private static final String SESSIONS = "discord_shard_sessions";
    private static final String DISCONNECTS = "discord_shard_disconnects";
    private static final String RECONNECTS = "discord_shard_reconnects";
    private LocalDiscord discord;
    private Argus argus;

    @AfterEach
    void close() {
        if (argus != null) {
            argus.close();
        }
        discord.close();
    }

    /** Argus attached to a JDA whose session had started: that session counts as one READY. */
    private JDA connected() {
        discord = LocalDiscord.start();
        JDA jda = discord.jda().connect();
        argus = LocalBot.configured(Argus.builder(jda)).start();
        return jda;
    }

    private Map<String, Double> sessions() {
        return Map.of("ready", value(argus, SESSIONS, "ready"), "disconnect", value(argus, SESSIONS, "disconnect"),
                "resume", value(argus, SESSIONS, "resume"), "reconnect", value(argus, SESSIONS, "reconnect"),
                "invalidate", value(argus, SESSIONS, "invalidate"));
    }

    @Test
    void readyIsCountedWhenArgusAttachesBeforeTheSessionStarts() {
        discord = LocalDiscord.start();
        discord.gateway().pauseIdentify();
        JDA jda = discord.jda().build(); // as in `Argus.attach(JDABuilder...build())`, without awaitReady
        argus = LocalBot.configured(Argus.builder(jda)).start();

        discord.gateway().resumeIdentify();
        discord.awaitConnected(jda);

        assertThat(sessions()).isEqualTo(Map.of("ready", 1.0, "disconnect", 0.0, "resume", 0.0, "reconnect", 0.0,
                "invalidate", 0.0));
    }

    @Test
    void aResumableCloseCodeCountsADisconnectAndAResume() {
        JDA jda = connected();

        discord.gateway().awaitSession(0, T).closeWith(4000, "unknown error");

        await(argus, 1, SESSIONS, "resume");
        discord.awaitConnected(jda);
        assertThat(sessions()).isEqualTo(Map.of("ready", 1.0, "disconnect", 1.0, "resume", 1.0, "reconnect", 0.0,
                "invalidate", 0.0));
        assertThat(value(argus, DISCONNECTS, "0")).isEqualTo(1);
        assertThat(value(argus, RECONNECTS, "0")).as("a resume restores the session").isEqualTo(1);
    }

    @Test
    void aReconnectRequestCountsADisconnectAndAResume() {
        JDA jda = connected();

        discord.gateway().awaitSession(0, T).requestReconnect();

        await(argus, 1, SESSIONS, "resume");
        discord.awaitConnected(jda);
        assertThat(sessions()).isEqualTo(Map.of("ready", 1.0, "disconnect", 1.0, "resume", 1.0, "reconnect", 0.0,
                "invalidate", 0.0));
    }

    @Test
    void anInvalidSessionCountsInvalidateDisconnectAndReconnect() {
        JDA jda = connected();

        discord.gateway().awaitSession(0, T).invalidateSession(false);

        await(argus, 1, SESSIONS, "reconnect"); // JDA identifies again after its 2-second back-off
        discord.awaitConnected(jda);
        assertThat(sessions()).isEqualTo(Map.of("ready", 1.0, "disconnect", 1.0, "resume", 0.0, "reconnect", 1.0,
                "invalidate", 1.0));
        assertThat(value(argus, DISCONNECTS, "0")).isEqualTo(1);
        assertThat(value(argus, RECONNECTS, "0")).as("so does a new session").isEqualTo(1);
        assertThat(discord.gateway().identifies()).hasSize(2);
    }

    @Test
    void readyIsCountedForEveryShardOfAShardManager() {
        discord = LocalDiscord.start();
        discord.gateway().pauseIdentify();
        ShardManager shards = discord.shardManager(2).build();
        LocalDiscord.waitUntil(() -> shards.getShardCache().size() == 2, T, () -> "both shards built");
        discord.gateway().awaitIdentifies(2, T);
        argus = LocalBot.configured(Argus.builder(shards)).start();

        discord.gateway().resumeIdentify();
        discord.awaitConnected(shards);

        await(argus, 2, SESSIONS, "ready");
    }

    @Test
    void everyShardHasItsPerShardSeriesAtZeroFromItsFirstSession() {
        discord = LocalDiscord.start();
        // Built through Argus.instrument and connected before Argus attaches: the READYs are replayed.
        ShardManager shards = discord.shardManager(2).configure(Argus::instrument).build();
        discord.awaitConnected(shards);
        argus = LocalBot.configured(Argus.builder(shards)).start();

        await(argus, 2, SESSIONS, "ready");
        for (String shard : new String[] {"0", "1"}) {
            assertThat(value(argus, DISCONNECTS, shard)).as("shard " + shard).isZero();
            assertThat(value(argus, RECONNECTS, shard)).as("shard " + shard).isZero();
        }
    }

    @Test
    void disconnectsAndReconnectsAreCountedPerShard() {
        discord = LocalDiscord.start();
        ShardManager shards = discord.shardManager(2).build();
        discord.awaitConnected(shards);
        argus = LocalBot.configured(Argus.builder(shards)).start();

        discord.gateway().awaitSession(1, T).requestReconnect();

        await(argus, 1, RECONNECTS, "1");
        assertThat(value(argus, DISCONNECTS, "1")).isEqualTo(1);
        // Shard 0 kept its session: its series exist from its first session on, at 0 (rate() and
        // increase() only see changes between two scrapes of an existing series).
        assertThat(value(argus, DISCONNECTS, "0")).isZero();
        assertThat(value(argus, RECONNECTS, "0")).isZero();
    }
}
