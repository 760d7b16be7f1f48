package argus.core.jda;

import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.Response;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static argus.core.jda.InteractionOutcomes.ACKNOWLEDGED;
import static argus.core.jda.InteractionOutcomes.EVICTED;
import static argus.core.jda.InteractionOutcomes.EXPIRED;
import static argus.core.jda.InteractionOutcomes.FAILED;
import static argus.core.jda.InteractionOutcomes.MANUAL;

/**
 * Interactions from receipt to their end: stamped into the {@link InFlightTable} on receipt, matched
 * to their callback's response and, when deferred, to the first follow-up or edit; ended explicitly,
 * by expiry or by eviction. Whoever claims an entry ({@link InFlight#claim}) hands it to
 * {@link InteractionOutcomes}, so each end is counted once. The callers (BotHooks, RestCounts) guard
 * every call (invariant 5).
 */
final class InteractionTracker {
    /** Interaction tokens live 15 minutes; an unresolved interaction older than that never will be. */
    static final long EXPIRY_MILLIS = TimeUnit.MINUTES.toMillis(15);
    private static final int DEFERRED_CHANNEL_MESSAGE = 5;
    private static final int DEFERRED_UPDATE_MESSAGE = 6;

    private final BotMetrics m;
    private final InFlightTable table;
    private final InteractionOutcomes outcomes;
    /** Full command names ({@code group sub}) formed once per subcommand, found again without allocation. */
    private final CommandNames commandNames = new CommandNames();
    private final EarlyFollowUps earlyFollowUps = new EarlyFollowUps();

    InteractionTracker(BotMetrics m, int timerCap, InteractionOutcomes outcomes) {
        this.m = m;
        this.table = new InFlightTable(timerCap);
        this.outcomes = outcomes;
    }

    void received(GenericInteractionCreateEvent event, long receivedMillis) {
        InteractionKind kind = InteractionKind.of(event);
        Guild guild = event.getGuild();
        InFlight entry = new InFlight(event.getIdLong(), event.getToken(), kind, commandNames.of(event),
                guild == null ? 0 : guild.getIdLong(), event.getJDA().getShardInfo().getShardId(), receivedMillis);
        InFlight evicted = table.start(entry);
        if (evicted != null) {
            m.timersEvicted.labels("capacity").inc();
            outcomes.abandon(evicted, EVICTED, System.currentTimeMillis(), false);
        }
    }

    /** A bot listener threw while handling {@code interaction}: an application command error. */
    void listenerError(GenericInteractionCreateEvent interaction, Throwable error) {
        String type = error.getClass().getSimpleName();
        InFlight e = table.get(interaction.getIdLong());
        String command = e != null ? e.command : commandNames.of(interaction);
        if (e != null && e.errorType == null) {
            e.errorType = type;
        }
        if (InteractionKind.of(interaction).isApplicationCommand()) {
            outcomes.commandError(command, type);
        }
    }

    /**
     * @param id the interaction's id: from JDA's callback action, else parsed from
     *           {@code interactions/{interaction_id}/{interaction_token}/callback}; -1 when neither worked
     */
    void callback(long id, Response response, long now) {
        InFlight e = id < 0 ? null : table.get(id);
        if (e == null) {
            return;
        }
        if (response.isOk()) {
            outcomes.acknowledgedAt(e, now);
            int type = callbackType(response);
            boolean deferred = type == DEFERRED_CHANNEL_MESSAGE || type == DEFERRED_UPDATE_MESSAGE;
            if (deferred && e.kind.isApplicationCommand()) {
                if (e.markDeferred()) {
                    table.deferred(e);
                    outcomes.interaction(e, ACKNOWLEDGED, now);
                    EarlyFollowUps.FollowUp early = earlyFollowUps.take(e.token);
                    if (early != null && e.claim()) { // its follow-up was handled first
                        table.remove(e);
                        outcomes.finishCommand(e, Math.max(now, early.atMillis()), early.error(), early.error() != null);
                    }
                }
            } else if (e.claim()) {
                table.remove(e);
                outcomes.interaction(e, ACKNOWLEDGED, now); // a throwing sink is contained there
                outcomes.finishCommand(e, now, null, false);
            }
        } else if (e.claim()) {
            table.remove(e);
            String error = errorType(response);
            outcomes.interaction(e, FAILED, now);
            outcomes.finishCommand(e, now, error, true);
        }
    }

    void followUp(String path, Response response, long now) {
        // webhooks/{application_id}/{interaction_token}[/messages/{message_id}]: only deferred
        // interactions complete here, found by their token compared in place (URL-decoded).
        int start = RoutePaths.segmentStart(path, 2);
        if (start < 0) {
            return;
        }
        int end = RoutePaths.segmentEnd(path, start);
        String error = response.isOk() ? null : errorType(response);
        InFlight e = table.getDeferred(path, start, end);
        if (e == null) {
            // Maybe the deferral's own event has not been handled yet (see EarlyFollowUps): leave the
            // follow-up for it, then look again, since it may have been deferred meanwhile. Each side
            // writes before it reads, so at least one of them finds the other; claim() decides who ends it.
            String token = EarlyFollowUps.token(path, start, end);
            earlyFollowUps.put(token, now, error);
            e = table.getDeferred(path, start, end);
            if (e == null || earlyFollowUps.take(token) == null) {
                return;
            }
        }
        if (e.state() != InFlight.ACKED_DEFERRED || !e.claim()) {
            return;
        }
        table.remove(e);
        outcomes.finishCommand(e, now, error, error != null);
    }

    /**
     * Ends an interaction explicitly; {@code errorType} null for success. Returns false when it was
     * already resolved or is not tracked.
     */
    boolean resolveManually(Interaction interaction, String errorType) {
        InFlight e = table.get(interaction.getIdLong());
        if (e == null) {
            return false;
        }
        if (!e.claim()) {
            return false;
        }
        table.remove(e);
        long now = System.currentTimeMillis();
        if (e.claimedFrom() == InFlight.PENDING) {
            outcomes.interaction(e, MANUAL, now);
        }
        outcomes.finishCommand(e, now, errorType, errorType != null);
        return true;
    }

    /** Resolves interactions older than a token's lifetime. */
    void expire(long nowMillis) {
        List<InFlight> expired = table.claimOlderThan(nowMillis - EXPIRY_MILLIS);
        for (InFlight e : expired) {
            m.timersEvicted.labels("expired").inc();
            outcomes.abandon(e, EXPIRED, nowMillis, true);
        }
    }

    int size() {
        return table.size();
    }

    /**
     * Applies a new {@code timer_cap} in place: every in-flight timer is kept; when more are in flight
     * than the new cap, the oldest are evicted and counted as a full table counts them.
     */
    void timerCap(int cap) {
        long now = System.currentTimeMillis();
        for (InFlight e : table.capacity(cap)) {
            m.timersEvicted.labels("capacity").inc();
            outcomes.abandon(e, EVICTED, now, false);
        }
    }

    private static int callbackType(Response response) {
        // JDA asks for with_response=true and has already parsed (and cached) the body; read the
        // parsed map directly rather than through DataObject.getObject (a new wrapper and Optional).
        DataObject body = response.optObject().orElse(null);
        if (body == null) {
            return -1;
        }
        Object resource = body.toMap().get("resource");
        if (!(resource instanceof java.util.Map<?, ?> map)) {
            return resource instanceof DataObject d ? d.getInt("type", -1) : -1;
        }
        Object type = map.get("type");
        if (type instanceof Number n) {
            return n.intValue();
        }
        if (type instanceof String t) {
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static String errorType(Response response) {
        if (response.getException() != null) {
            return response.getException().getClass().getSimpleName();
        }
        DataObject body = response.optObject().orElse(null);
        if (body != null && body.hasKey("code")) {
            ErrorResponse known = ErrorResponse.fromCode(body.getInt("code", 0));
            if (known != ErrorResponse.SERVER_ERROR || response.code >= 500) {
                return known.name();
            }
        }
        return "http_" + RestCounts.statusClass(response.code);
    }
}
