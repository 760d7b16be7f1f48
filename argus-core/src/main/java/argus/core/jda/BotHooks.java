package argus.core.jda;

import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.EventSink;
import argus.core.registry.Counter;
import argus.core.registry.MetricRegistry;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionInvalidateEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.Response;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bookkeeping Argus does on the bot's threads. Every entry point is O(1), never blocks, never
 * does I/O (invariant 3) and never throws: failures are counted in
 * {@code argus_instrumentation_errors_total{hook}} and swallowed (invariant 5).
 *
 * <p>Timing model: an interaction is stamped on receipt (before any bot listener runs), its
 * acknowledgement is the interaction callback's REST response, and an application command is
 * complete at that response, or, when the callback deferred, at the first follow-up or edit of the
 * original response; {@link #complete}/{@link #fail} end it explicitly.
 */
public final class BotHooks {
    /** Interaction tokens live 15 minutes; an unresolved interaction older than that never will be. */
    static final long EXPIRY_NANOS = TimeUnit.MINUTES.toNanos(15);
    private static final int DEFERRED_CHANNEL_MESSAGE = 5;
    private static final int DEFERRED_UPDATE_MESSAGE = 6;

    private final BotMetrics m;
    private final InFlightTable table;
    private final Supplier<EventSink> sink;
    private final String clusterId;

    // Children whose label values are fixed, resolved once so the hot path does no lookup at all.
    private final Counter.Child ready;
    private final Counter.Child disconnect;
    private final Counter.Child resume;
    private final Counter.Child reconnect;
    private final Counter.Child invalidate;
    /** Shards whose session is invalidated and not yet replaced (weak: a shut-down shard is forgotten). */
    private final Set<JDA> invalidated = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public BotHooks(BotMetrics metrics, int timerCap, Supplier<EventSink> sink, String clusterId) {
        this.m = metrics;
        this.table = new InFlightTable(timerCap);
        this.sink = sink;
        this.clusterId = clusterId;
        this.ready = m.shardEvents.labels("ready");
        this.disconnect = m.shardEvents.labels("disconnect");
        this.resume = m.shardEvents.labels("resume");
        this.reconnect = m.shardEvents.labels("reconnect");
        this.invalidate = m.shardEvents.labels("invalidate");
        for (InteractionKind k : InteractionKind.values()) {
            m.ackLatency.labels(k.label()); // pre-create so the dashboard sees every type from the start
        }
    }

    MetricRegistry registry() {
        return m.registry;
    }

    /** Called for every event before any bot listener sees it. */
    public void onEvent(GenericEvent event, long receivedNanos) {
        try {
            if (event instanceof RawGatewayEvent raw) {
                m.gatewayEvents.labels(raw.getType()).inc();
            } else if (event instanceof GenericInteractionCreateEvent interaction) {
                onInteraction(interaction, receivedNanos);
            } else if (event instanceof HttpRequestEvent http) {
                onHttp(http);
            } else if (event instanceof ReadyEvent) {
                invalidated.remove(event.getJDA());
                ready.inc();
            } else if (event instanceof SessionDisconnectEvent) {
                disconnect.inc();
            } else if (event instanceof SessionResumeEvent) {
                invalidated.remove(event.getJDA());
                resume.inc();
            } else if (event instanceof SessionRecreateEvent) {
                invalidated.remove(event.getJDA());
                reconnect.inc();
            } else if (event instanceof SessionInvalidateEvent) {
                // JDA fires this twice for one INVALID_SESSION (on op 9, then again when it closes the
                // socket with 1000): count one invalidation per session, not per event.
                if (invalidated.add(event.getJDA())) {
                    invalidate.inc();
                }
            }
        } catch (Throwable t) {
            failOpen("event", t);
        }
    }

    /** A bot listener threw while handling {@code event}: an application command error. */
    public void onListenerError(GenericEvent event, Throwable error) {
        try {
            if (event instanceof GenericInteractionCreateEvent interaction) {
                String type = error.getClass().getSimpleName();
                InFlight e = table.get(interaction.getToken());
                String command = e != null ? e.command : InteractionKind.commandName(interaction);
                if (e != null && e.errorType == null) {
                    e.errorType = type;
                }
                if (InteractionKind.of(interaction).isApplicationCommand()) {
                    m.commandErrors.labels(command, type).inc();
                }
            }
        } catch (Throwable t) {
            failOpen("listener_error", t);
        }
    }

    private void onInteraction(GenericInteractionCreateEvent event, long receivedNanos) {
        InteractionKind kind = InteractionKind.of(event);
        Guild guild = event.getGuild();
        InFlight entry = new InFlight(event.getToken(), kind, InteractionKind.commandName(event),
                guild == null ? 0 : guild.getIdLong(), event.getJDA().getShardInfo().getShardId(), receivedNanos,
                System.currentTimeMillis());
        InFlight evicted = table.start(entry);
        if (evicted != null) {
            m.timersEvicted.labels("capacity").inc();
            abandon(evicted, "evicted", System.nanoTime(), false);
        }
    }

    private void onHttp(HttpRequestEvent event) {
        Route.CompiledRoute compiled = event.getRoute();
        Route route = compiled.getBaseRoute();
        Response response = event.getResponse();
        okhttp3.Response raw = response.getRawResponse();
        m.restRequests.labels(route.getMethod().name(), route.getRoute(), statusClass(response.code)).inc();
        if (raw != null) {
            m.restDuration.labels(route.getRoute())
                    .observe((raw.receivedResponseAtMillis() - raw.sentRequestAtMillis()) / 1000.0);
            if (response.code == 429) {
                // Only non-queued requests (complete(false)) end here with a 429; queued ones are
                // retried inside the rate limiter and counted in onRawResponse: the paths are disjoint.
                m.rateLimits.labels(RateLimitScope.of(raw)).inc();
            }
        }
        if (route == Route.Interactions.CALLBACK) {
            onCallback(event, compiled.getCompiledRoute(), response);
        } else if (route == Route.Interactions.CREATE_FOLLOWUP || route == Route.Interactions.EDIT_FOLLOWUP) {
            onFollowUp(compiled.getCompiledRoute(), response);
        }
    }

    private void onCallback(HttpRequestEvent event, String path, Response response) {
        // interactions/{interaction_id}/{interaction_token}/callback
        InFlight e = table.get(segment(path, 2));
        if (e == null) {
            return;
        }
        long now = System.nanoTime();
        if (response.isOk()) {
            m.ackLatency.labels(e.kind.label()).observe(seconds(now - e.receivedNanos));
            int type = callbackType(response);
            boolean deferred = type == DEFERRED_CHANNEL_MESSAGE || type == DEFERRED_UPDATE_MESSAGE;
            if (deferred && e.kind.isApplicationCommand()) {
                if (e.markDeferred()) {
                    m.interactions.labels(e.kind.label(), "acknowledged").inc();
                    emitInteraction(e, "acknowledged", now);
                }
            } else if (e.claim()) {
                table.remove(e);
                m.interactions.labels(e.kind.label(), "acknowledged").inc();
                emitInteraction(e, "acknowledged", now);
                finishCommand(e, now, null, false);
            }
        } else if (e.claim()) {
            table.remove(e);
            String error = errorType(response);
            m.interactions.labels(e.kind.label(), "failed").inc();
            emitInteraction(e, "failed", now);
            finishCommand(e, now, error, true);
        }
    }

    private void onFollowUp(String path, Response response) {
        // webhooks/{application_id}/{interaction_token}[/messages/{message_id}]
        InFlight e = table.get(segment(path, 2));
        if (e == null || e.state() != InFlight.ACKED_DEFERRED || !e.claim()) {
            return;
        }
        table.remove(e);
        String error = response.isOk() ? null : errorType(response);
        finishCommand(e, System.nanoTime(), error, error != null);
    }

    /**
     * Ends an interaction explicitly (for bots that finish after their response, or respond by other
     * means). Returns false when it was already resolved or is not tracked.
     */
    public boolean complete(Interaction interaction) {
        return resolveManually(interaction, null);
    }

    /** Ends an application command as failed with the error's type. */
    public boolean fail(Interaction interaction, Throwable error) {
        String type = error == null ? "unknown" : error.getClass().getSimpleName();
        return resolveManually(interaction, type);
    }

    private boolean resolveManually(Interaction interaction, String errorType) {
        try {
            InFlight e = table.get(interaction.getToken());
            if (e == null) {
                return false;
            }
            int before = e.state();
            if (!e.claim()) {
                return false;
            }
            table.remove(e);
            long now = System.nanoTime();
            if (before == InFlight.PENDING) {
                m.interactions.labels(e.kind.label(), "manual").inc();
                emitInteraction(e, "manual", now);
            }
            finishCommand(e, now, errorType, errorType != null);
            return true;
        } catch (Throwable t) {
            failOpen("complete", t);
            return false;
        }
    }

    /** Resolves interactions older than a token's lifetime; called by the housekeeping task. */
    public void expire(long nowNanos) {
        try {
            List<InFlight> expired = table.claimOlderThan(nowNanos - EXPIRY_NANOS);
            for (InFlight e : expired) {
                m.timersEvicted.labels("expired").inc();
                abandon(e, "expired", nowNanos, true);
            }
        } catch (Throwable t) {
            failOpen("expire", t);
        }
    }

    private void abandon(InFlight e, String status, long now, boolean countCommand) {
        if (e.state() != InFlight.ACKED_DEFERRED) {
            // Not acknowledged: the interaction itself failed from the user's point of view.
            m.interactions.labels(e.kind.label(), status).inc();
            emitInteraction(e, status, now);
        }
        if (countCommand) {
            // A handler error already counted stays the reason; otherwise the command never answered.
            finishCommand(e, now, e.errorType != null ? e.errorType : "no_response", e.errorType == null);
        }
    }

    /**
     * Records a finished application command.
     *
     * @param errorType  the error that ended it, or null (a handler error recorded earlier still counts)
     * @param newError   whether {@code errorType} was not yet counted in command_errors
     */
    private void finishCommand(InFlight e, long now, String errorType, boolean newError) {
        if (!e.kind.isApplicationCommand()) {
            return;
        }
        String error = errorType != null ? errorType : e.errorType;
        double secs = seconds(now - e.receivedNanos);
        m.commandDuration.labels(e.command).observe(secs);
        m.commands.labels(e.command, error == null ? "success" : "error").inc();
        if (newError) {
            m.commandErrors.labels(e.command, errorType).inc();
        }
        EventSink s = sink.get();
        if (s != null && s.enabled()) {
            s.record(new AnalyticsEvent(e.receivedEpochMillis, EventKind.APP_COMMAND, e.guildId, e.kind.label(),
                    e.command, secs * 1000.0, error == null ? "success" : "error", error == null ? "" : error,
                    e.shardId, clusterId));
        }
    }

    private void emitInteraction(InFlight e, String status, long now) {
        EventSink s = sink.get();
        if (s != null && s.enabled()) {
            s.record(new AnalyticsEvent(e.receivedEpochMillis, EventKind.INTERACTION, e.guildId, e.kind.label(),
                    e.command, seconds(now - e.receivedNanos) * 1000.0, status, "", e.shardId, clusterId));
        }
    }

    /** Every raw response the rate limiter sees for queued requests, 429s JDA retries included. */
    public void onRawResponse(okhttp3.Response response) {
        try {
            if (response.code() == 429) {
                m.rateLimits.labels(RateLimitScope.of(response)).inc();
            }
        } catch (Throwable t) {
            failOpen("ratelimit", t);
        }
    }

    /** Interactions awaiting completion right now. */
    public int inFlight() {
        return table.size();
    }

    private void failOpen(String hook, Throwable t) {
        if (t instanceof VirtualMachineError vme) {
            throw vme; // the JVM is failing; hiding that would help nobody
        }
        m.registry.recordError(hook, t);
    }

    private static int callbackType(Response response) {
        // JDA asks for with_response=true and has already parsed (and cached) the body.
        DataObject body = response.optObject().orElse(null);
        if (body == null || !body.hasKey("resource")) {
            return -1;
        }
        return body.getObject("resource").getInt("type", -1);
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
        return "http_" + statusClass(response.code);
    }

    static String statusClass(int code) {
        if (code >= 200 && code < 300) {
            return "2xx";
        }
        if (code >= 400 && code < 500) {
            return "4xx";
        }
        if (code >= 500 && code < 600) {
            return "5xx";
        }
        if (code >= 300 && code < 400) {
            return "3xx";
        }
        return "error";
    }

    /** The n-th '/'-separated segment of a compiled route (query string excluded). */
    static String segment(String path, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            start = path.indexOf('/', start) + 1;
            if (start == 0) {
                return "";
            }
        }
        int end = start;
        while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != '?') {
            end++;
        }
        return path.substring(start, end);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
