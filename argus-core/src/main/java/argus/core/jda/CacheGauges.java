package argus.core.jda;

import argus.core.Catalogue;
import argus.core.registry.MetricRegistry;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.managers.AudioManager;

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
        BotMetrics.gauge(registry, Catalogue.SHARD_LATENCY, namespace, out -> {
            for (JDA jda : target.shards()) {
                long ping = jda.getGatewayPing();
                if (ping >= 0) {
                    out.emit(ping / 1000.0, Integer.toString(jda.getShardInfo().getShardId()));
                }
            }
        });
        BotMetrics.gauge(registry, Catalogue.SHARD_UP, namespace, out -> {
            for (JDA jda : target.shards()) {
                out.emit(jda.getStatus() == JDA.Status.CONNECTED ? 1 : 0,
                        Integer.toString(jda.getShardInfo().getShardId()));
            }
        });
        // JDA internals, read at scrape time (GatewaySendLimit): no series where this JDA does not let us read them.
        BotMetrics.gauge(registry, Catalogue.SHARD_WS_RATELIMITED, namespace, out -> {
            long now = System.currentTimeMillis();
            for (JDA jda : target.shards()) {
                int limited = GatewaySendLimit.limited(jda, now);
                if (limited >= 0) {
                    out.emit(limited, Integer.toString(jda.getShardInfo().getShardId()));
                }
            }
        });
        BotMetrics.gauge(registry, Catalogue.SHARDS_CONNECTED, namespace,
                out -> out.emit(target.shards().stream().filter(j -> j.getStatus() == JDA.Status.CONNECTED).count()));
        BotMetrics.gauge(registry, Catalogue.SHARDS_CONFIGURED, namespace,
                out -> out.emit(target.shardsConfigured()));
        BotMetrics.gauge(registry, Catalogue.GUILDS, namespace,
                out -> out.emit(sum(target, jda -> jda.getGuildCache().size())));
        BotMetrics.gauge(registry, Catalogue.CACHED_USERS, namespace,
                out -> out.emit(sum(target, jda -> jda.getUserCache().size())));
        BotMetrics.gauge(registry, Catalogue.EMOJIS, namespace,
                out -> out.emit(sum(target, jda -> jda.getEmojiCache().size())));
        BotMetrics.gauge(registry, Catalogue.STICKERS, namespace,
                out -> out.emit(sum(target, CacheGauges::stickers)));
        BotMetrics.gauge(registry, Catalogue.VOICE_CLIENTS, namespace,
                out -> out.emit(sum(target, CacheGauges::voiceConnections)));
        // O(1): the size of JDA's private-channel cache (DM channels it has seen or opened).
        BotMetrics.gauge(registry, Catalogue.PRIVATE_CHANNELS, namespace,
                out -> out.emit(sum(target, jda -> jda.getPrivateChannelCache().size())));
        BotMetrics.gauge(registry, Catalogue.UPTIME, namespace,
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
