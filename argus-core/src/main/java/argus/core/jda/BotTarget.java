package argus.core.jda;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.sharding.ShardManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What Argus observes: one {@link JDA}, or every shard of a {@link ShardManager}, read live. */
public abstract class BotTarget {

    /** The shards right now (a ShardManager may restart or add shards at any time). */
    public abstract List<JDA> shards();

    /** Shards the bot is configured to run. */
    public abstract int shardsConfigured();

    /**
     * Registers a listener that the bot keeps for shards it starts later (a ShardManager re-adds its
     * listeners to restarted shards); returns how to remove it. A single JDA has no later shards.
     */
    public Runnable watchNewShards(Object listener) {
        return () -> { };
    }

    public static BotTarget of(JDA jda) {
        Objects.requireNonNull(jda, "jda");
        return new BotTarget() {
            @Override
            public List<JDA> shards() {
                return List.of(jda);
            }

            @Override
            public int shardsConfigured() {
                return 1;
            }

            @Override
            public String toString() {
                return "JDA";
            }
        };
    }

    public static BotTarget of(ShardManager manager) {
        Objects.requireNonNull(manager, "shardManager");
        return new BotTarget() {
            @Override
            public List<JDA> shards() {
                return new ArrayList<>(manager.getShardCache().asList());
            }

            @Override
            public int shardsConfigured() {
                return manager.getShardsTotal();
            }

            @Override
            public Runnable watchNewShards(Object listener) {
                manager.addEventListener(listener);
                return () -> manager.removeEventListener(listener);
            }

            @Override
            public String toString() {
                return "ShardManager";
            }
        };
    }
}
