package argus.core.jda;

import argus.core.registry.MetricRegistry;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.managers.AudioManager;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Scrape-time gauges read live from JDA's caches (invariant 4: never polled into a cache of our
 * own). Cache sizes are O(1) per cache; emoji, sticker and voice counts visit each guild once per
 * scrape, never on a bot thread.
 */
public final class CacheGauges {
    private CacheGauges() {
    }

    public static void register(MetricRegistry registry, String namespace, BotTarget target, long startedMillis) {
        String ns = namespace.isEmpty() ? "" : namespace + "_";
        registry.gauge(ns + "gateway_latency_seconds", "Gateway heartbeat round trip per shard", "seconds",
                List.of("shard"), out -> {
                    for (JDA jda : target.shards()) {
                        long ping = jda.getGatewayPing();
                        if (ping >= 0) {
                            out.emit(ping / 1000.0, Integer.toString(jda.getShardInfo().getShardId()));
                        }
                    }
                });
        registry.gauge(ns + "shard_up", "1 when the shard's gateway session is connected", "", List.of("shard"),
                out -> {
                    for (JDA jda : target.shards()) {
                        out.emit(jda.getStatus() == JDA.Status.CONNECTED ? 1 : 0,
                                Integer.toString(jda.getShardInfo().getShardId()));
                    }
                });
        registry.gauge(ns + "shards_connected", "Shards whose gateway session is connected", "", List.of(),
                out -> out.emit(target.shards().stream().filter(j -> j.getStatus() == JDA.Status.CONNECTED).count()));
        registry.gauge(ns + "shards_configured", "Shards the bot is configured to run", "", List.of(),
                out -> out.emit(target.shardsConfigured()));
        registry.gauge(ns + "guilds", "Guilds in JDA's cache", "", List.of(),
                out -> out.emit(sum(target, jda -> jda.getGuildCache().size())));
        registry.gauge(ns + "cached_users", "Users in JDA's user caches (summed over shards)", "", List.of(),
                out -> out.emit(sum(target, jda -> jda.getUserCache().size())));
        registry.gauge(ns + "emojis", "Custom emojis in cached guilds", "", List.of(),
                out -> out.emit(sum(target, jda -> jda.getEmojiCache().size())));
        registry.gauge(ns + "stickers", "Stickers in cached guilds", "", List.of(),
                out -> out.emit(sum(target, CacheGauges::stickers)));
        registry.gauge(ns + "voice_connections", "Connected audio (voice) sessions", "", List.of(),
                out -> out.emit(sum(target, CacheGauges::voiceConnections)));
        registry.gauge(ns + "uptime_seconds", "Seconds since Argus attached to the bot", "seconds", List.of(),
                out -> out.emit((System.currentTimeMillis() - startedMillis) / 1000.0));
    }

    private static long sum(BotTarget target, ToLongFunction<JDA> f) {
        long total = 0;
        for (JDA jda : target.shards()) {
            total += f.applyAsLong(jda);
        }
        return total;
    }

    private static long stickers(JDA jda) {
        long n = 0;
        for (Guild g : jda.getGuildCache()) {
            n += g.getStickerCache().size();
        }
        return n;
    }

    private static long voiceConnections(JDA jda) {
        long n = 0;
        for (AudioManager a : jda.getAudioManagerCache()) {
            if (a.isConnected()) {
                n++;
            }
        }
        return n;
    }
}
