package argus.core.jda;

import argus.core.registry.Counter;
import net.dv8tion.jda.api.JDA;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/** Gateway event types and shard session events (ready, disconnect, resume, reconnect, invalidate). */
final class SessionEvents {
    private final BotMetrics m;
    // Children whose label values are fixed, resolved once so the hot path does no lookup at all.
    private final Counter.Child ready;
    private final Counter.Child disconnect;
    private final Counter.Child resume;
    private final Counter.Child reconnect;
    private final Counter.Child invalidate;
    /** Shards whose session is invalidated and not yet replaced (weak: a shut-down shard is forgotten). */
    private final Set<JDA> invalidated = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    SessionEvents(BotMetrics m) {
        this.m = m;
        this.ready = m.shardEvents.labels("ready");
        this.disconnect = m.shardEvents.labels("disconnect");
        this.resume = m.shardEvents.labels("resume");
        this.reconnect = m.shardEvents.labels("reconnect");
        this.invalidate = m.shardEvents.labels("invalidate");
    }

    /** The shard label: JDA's shard id (0 for an unsharded bot), a bounded value. */
    static String shard(JDA jda) {
        return Integer.toString(jda.getShardInfo().getShardId());
    }

    void gatewayEvent(String type) {
        m.gatewayEvents.labels(type).inc();
    }

    void ready(JDA jda) {
        invalidated.remove(jda);
        ready.inc();
        shardSeen(shard(jda));
    }

    /**
     * The shard's per-shard counters exist from its first session on, at 0: Prometheus' rate() and
     * increase() only count what changed between two scrapes of a series, so a series born at its
     * first disconnect would hide a storm that happens within one scrape interval of it.
     */
    private void shardSeen(String shard) {
        m.shardDisconnects.labels(shard);
        m.shardReconnects.labels(shard);
    }

    void disconnect(JDA jda) {
        disconnect.inc();
        m.shardDisconnects.labels(shard(jda)).inc();
    }

    void resume(JDA jda) {
        invalidated.remove(jda);
        resume.inc();
        m.shardReconnects.labels(shard(jda)).inc();
    }

    void recreate(JDA jda) {
        invalidated.remove(jda);
        reconnect.inc();
        m.shardReconnects.labels(shard(jda)).inc();
    }

    void invalidate(JDA jda) {
        // JDA fires this twice for one INVALID_SESSION (on op 9, then again when it closes the
        // socket with 1000): count one invalidation per session, not per event.
        if (invalidated.add(jda)) {
            invalidate.inc();
        }
    }

    /** A session that started before Argus attached counts as one {@code ready}. */
    void startedBeforeAttach(JDA jda) {
        ready.inc();
        shardSeen(shard(jda));
    }

    /** Counts what a shard's manager saw before Argus attached. */
    void replay(PreAttachTally tally) {
        tally.gatewayEvents.forEach((type, n) -> m.gatewayEvents.labels(type).inc(n));
        ready.inc(tally.ready);
        disconnect.inc(tally.disconnect);
        resume.inc(tally.resume);
        reconnect.inc(tally.reconnect);
        invalidate.inc(tally.invalidate);
        if (tally.shard != null) {
            shardSeen(tally.shard);
            m.shardDisconnects.labels(tally.shard).inc(tally.disconnect);
            m.shardReconnects.labels(tally.shard).inc(tally.resume + tally.reconnect);
        }
    }
}
