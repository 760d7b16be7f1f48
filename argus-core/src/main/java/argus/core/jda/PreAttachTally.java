package argus.core.jda;

import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionInvalidateEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts of what one shard's gateway delivered before Argus attached: a bot that builds its JDA
 * (instrumented) and attaches afterwards would otherwise miss READY and every GUILD_CREATE of its
 * start. Only counts are kept (no payloads), and at most {@link #TYPE_CAP} dispatch types, so a shard
 * that is never attached holds a few kilobytes at most. Not thread-safe: its manager guards it.
 */
final class PreAttachTally {
    /** Discord has fewer than a hundred dispatch types; anything past this is not worth keeping. */
    static final int TYPE_CAP = 256;

    final Map<String, Long> gatewayEvents = new HashMap<>();
    long ready;
    long disconnect;
    long resume;
    long reconnect;
    long invalidate;
    /** The shard these sessions belong to (the per-shard counters' label); null before any session event. */
    String shard;
    /** JDA fires SessionInvalidateEvent twice for one INVALID_SESSION; count one per session (as SessionEvents does). */
    private boolean invalidated;

    void add(GenericEvent event) {
        if (event instanceof RawGatewayEvent raw) {
            String type = raw.getType();
            if (gatewayEvents.containsKey(type) || gatewayEvents.size() < TYPE_CAP) {
                gatewayEvents.merge(type, 1L, Long::sum);
            }
        } else if (event instanceof ReadyEvent) {
            shard = SessionEvents.shard(event.getJDA());
            invalidated = false;
            ready++;
        } else if (event instanceof SessionDisconnectEvent) {
            shard = SessionEvents.shard(event.getJDA());
            disconnect++;
        } else if (event instanceof SessionResumeEvent) {
            shard = SessionEvents.shard(event.getJDA());
            invalidated = false;
            resume++;
        } else if (event instanceof SessionRecreateEvent) {
            shard = SessionEvents.shard(event.getJDA());
            invalidated = false;
            reconnect++;
        } else if (event instanceof SessionInvalidateEvent && !invalidated) {
            invalidated = true;
            invalidate++;
        }
    }

    void replayInto(BotHooks hooks) {
        hooks.replay(this);
    }
}
