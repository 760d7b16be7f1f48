package argus.core;

import argus.discord.local.LocalDiscord;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ShardManager restart replaces a shard's JDA with a new one; Argus hooks the new one and must not
 * keep the old one reachable (its caches are the bulk of a bot's heap).
 */
class ShardRestartLeakTest {
    /** 50 in CI (each restart waits for JDA's IDENTIFY spacing); {@code -Dargus.shardRestarts=1000} for the long run (53 s). */
    private static final int RESTARTS = Integer.getInteger("argus.shardRestarts", 50);
    /**
     * A restarted shard identifies again through JDA's session controller, which spaces IDENTIFYs out.
     * Two shards, so that the manager always has a live one: restarting a manager's only shard races
     * JDA's own shutdown of the shared rate-limit scheduler (RejectedExecutionException in JDA).
     */
    private static final java.time.Duration BACK = java.time.Duration.ofSeconds(45);

    @Test
    void aRestartedShardsOldJdaIsNotKeptByArgus() throws InterruptedException {
        try (LocalDiscord discord = LocalDiscord.start()) {
            ShardManager shards = discord.shardManager(2).configure(Argus::instrument).connect();
            try (Argus argus = LocalBot.configured(Argus.builder(shards)).start()) {
                List<WeakReference<JDA>> replaced = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < RESTARTS; i++) {
                    JDA old = shards.getShardById(0);
                    replaced.add(new WeakReference<>(old));
                    shards.restart(0);
                    LocalDiscord.waitUntil(() -> {
                        JDA now = shards.getShardById(0);
                        return now != null && now != old && now.getStatus() == JDA.Status.CONNECTED;
                    }, BACK, () -> "shard 0 back");
                    old.awaitShutdown();
                }
                argus.houseKeep(System.currentTimeMillis()); // hooks the newest shard if it dispatched nothing yet

                for (int gc = 0; gc < 20 && replaced.stream().anyMatch(r -> r.get() != null); gc++) {
                    System.gc();
                    Thread.sleep(100);
                }
                assertThat(replaced).as("replaced shards still reachable").allMatch(r -> r.get() == null);
                Runtime rt = Runtime.getRuntime();
                System.out.printf("SHARD RESTARTS: %d in %d s; none of the replaced JDAs weakly reachable; heap used "
                        + "after GC %d MB%n", RESTARTS, (System.nanoTime() - t0) / 1_000_000_000L,
                        (rt.totalMemory() - rt.freeMemory()) >> 20);
                assertThat(Metrics.value(argus, "discord_shard_sessions", "ready")).isEqualTo(RESTARTS + 2);
            } finally {
                shards.shutdown();
            }
        }
    }
}
