package argus.core.jda;

import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.EventSink;
import argus.api.spi.InteractionObserver;
import argus.core.registry.Counter;
import argus.core.registry.Histogram;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Clock: wall-clock milliseconds ({@link System#currentTimeMillis()}), because the moment a
 * response arrived is already stamped on that clock by okhttp ({@code receivedResponseAtMillis}, the
 * stamp Argus' REST latency histogram uses too). Using it costs no second clock read per interaction, which
 * measured at about half of an interaction's cost in JMH on a KVM guest (BENCHMARKS.md, issue 2), and
 * it is the more exact acknowledgement moment: it leaves out JDA's parsing of the response and the
 * event dispatch. Millisecond resolution is well below the smallest bucket (5 ms); a wall-clock step
 * during an interaction could skew that one observation, so negative durations count as 0.
 */
public final class BotHooks {
    /** Interaction tokens live 15 minutes; an unresolved interaction older than that never will be. */
    static final long EXPIRY_MILLIS = TimeUnit.MINUTES.toMillis(15);
    private static final int DEFERRED_CHANNEL_MESSAGE = 5;
    private static final int DEFERRED_UPDATE_MESSAGE = 6;
    private static final String[] STATUSES = {"acknowledged", "failed", "expired", "evicted", "manual"};
    private static final int ACKNOWLEDGED = 0;
    private static final int FAILED = 1;
    private static final int EXPIRED = 2;
    private static final int EVICTED = 3;
    private static final int MANUAL = 4;
    private static final String[] STATUS_CLASSES = {"2xx", "3xx", "4xx", "5xx", "error"};
    /** Distinct JDA routes whose labels are cached (JDA defines a few hundred; Route.custom may add more). */
    static final int ROUTE_CACHE_CAP = 1024;
    /** Distinct command names whose children are cached (beyond it, resolved per completion as before). */
    static final int COMMAND_CACHE_CAP = 1024;

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
    /** Interactions by kind (ordinal) and status (STATUSES index), filled lazily with admitted children. */
    private final Counter.Child[][] interactionsByKind =
            new Counter.Child[InteractionKind.values().length][STATUSES.length];
    private final Histogram.Child[] ackByKind = new Histogram.Child[InteractionKind.values().length];
    private final RouteCache routes = new RouteCache();
    private final ConcurrentHashMap<String, CommandSeries> commandSeries = new ConcurrentHashMap<>();
    /** Full command names ({@code group sub}) formed once per subcommand, found again without allocation. */
    private final CommandNames commandNames = new CommandNames();
    private final EarlyFollowUps earlyFollowUps = new EarlyFollowUps();
    /** Shards whose session is invalidated and not yet replaced (weak: a shut-down shard is forgotten). */
    private final Set<JDA> invalidated = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Told of each interaction's end (tracing); null, the default, costs one volatile read per end. */
    private volatile InteractionObserver observer;

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

    /** Sets the observer told of every interaction's end from now on; null removes it. */
    public void observer(InteractionObserver next) {
        this.observer = next;
    }

    /** The observer now set, or null. */
    public InteractionObserver observer() {
        return observer;
    }

    /**
     * Called for every event before any bot listener sees it. Only interactions read the clock (their
     * receipt time); every other event costs no clock read.
     */
    public void onEvent(GenericEvent event) {
        try {
            if (event instanceof RawGatewayEvent raw) {
                m.gatewayEvents.labels(raw.getType()).inc();
            } else if (event instanceof GenericInteractionCreateEvent interaction) {
                onInteraction(interaction, System.currentTimeMillis());
            } else if (event instanceof HttpRequestEvent http) {
                onHttp(http);
            } else if (event instanceof ReadyEvent) {
                invalidated.remove(event.getJDA());
                ready.inc();
            } else if (event instanceof SessionDisconnectEvent) {
                disconnect.inc();
                m.shardDisconnects.labels(shard(event.getJDA())).inc();
            } else if (event instanceof SessionResumeEvent) {
                invalidated.remove(event.getJDA());
                resume.inc();
                m.shardReconnects.labels(shard(event.getJDA())).inc();
            } else if (event instanceof SessionRecreateEvent) {
                invalidated.remove(event.getJDA());
                reconnect.inc();
                m.shardReconnects.labels(shard(event.getJDA())).inc();
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

    /** The shard label: JDA's shard id (0 for an unsharded bot), a bounded value. */
    static String shard(JDA jda) {
        return Integer.toString(jda.getShardInfo().getShardId());
    }

    /** Counts what a shard's manager saw before Argus attached (see {@link ArgusEventManager#instrumenting}). */
    void replay(PreAttachTally tally) {
        try {
            tally.gatewayEvents.forEach((type, n) -> m.gatewayEvents.labels(type).inc(n));
            ready.inc(tally.ready);
            disconnect.inc(tally.disconnect);
            resume.inc(tally.resume);
            reconnect.inc(tally.reconnect);
            invalidate.inc(tally.invalidate);
            if (tally.shard != null) {
                m.shardDisconnects.labels(tally.shard).inc(tally.disconnect);
                m.shardReconnects.labels(tally.shard).inc(tally.resume + tally.reconnect);
            }
        } catch (Throwable t) {
            failOpen("event", t);
        }
    }

    /**
     * Argus attached to a shard whose session had already started, through a manager that was not
     * there to see its READY (the bot built its JDA without {@code Argus.instrument}): the session
     * exists, so it counts as one {@code ready}.
     */
    public void sessionStartedBeforeAttach() {
        ready.inc();
    }

    /** A bot listener threw while handling {@code event}: an application command error. */
    public void onListenerError(GenericEvent event, Throwable error) {
        try {
            if (event instanceof GenericInteractionCreateEvent interaction) {
                String type = error.getClass().getSimpleName();
                InFlight e = table.get(interaction.getIdLong());
                String command = e != null ? e.command : commandNames.of(interaction);
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

    private void onInteraction(GenericInteractionCreateEvent event, long receivedMillis) {
        InteractionKind kind = InteractionKind.of(event);
        Guild guild = event.getGuild();
        InFlight entry = new InFlight(event.getIdLong(), event.getToken(), kind, commandNames.of(event),
                guild == null ? 0 : guild.getIdLong(), event.getJDA().getShardInfo().getShardId(), receivedMillis);
        InFlight evicted = table.start(entry);
        if (evicted != null) {
            m.timersEvicted.labels("capacity").inc();
            abandon(evicted, EVICTED, System.currentTimeMillis(), false);
        }
    }

    private void onHttp(HttpRequestEvent event) {
        Route.CompiledRoute compiled = event.getRoute();
        Route route = compiled.getBaseRoute();
        Response response = event.getResponse();
        okhttp3.Response raw = response.getRawResponse();
        RouteStats stats = routes.get(route);
        stats.requests(statusIndex(response.code)).inc();
        if (raw != null) {
            stats.duration().observe((raw.receivedResponseAtMillis() - raw.sentRequestAtMillis()) / 1000.0);
            if (response.code == 429) {
                // Only non-queued requests (complete(false)) end here with a 429; queued ones are
                // retried inside the rate limiter and counted in onRawResponse: the paths are disjoint.
                m.rateLimits.labels(RateLimitScope.of(raw)).inc();
            }
        }
        if ((route == Route.Interactions.UPDATE_COMMANDS || route == Route.Interactions.GET_COMMANDS)
                && response.isOk()) {
            // JDA parsed this body before firing the event (Response caches it): no I/O, no second parse.
            response.optArray().ifPresent(commands -> m.registeredCommands = commands.length());
        } else if (route == Route.Interactions.CALLBACK) {
            long id = CallbackInteractions.interactionId(event.getRequest());
            onCallback(id >= 0 ? id : RoutePaths.interactionId(compiled.getCompiledRoute()), response, respondedAt(raw));
        } else if (route == Route.Interactions.CREATE_FOLLOWUP || route == Route.Interactions.EDIT_FOLLOWUP) {
            onFollowUp(compiled.getCompiledRoute(), response, respondedAt(raw));
        }
    }

    /**
     * @param id the interaction's id: from JDA's callback action, else parsed from
     *           {@code interactions/{interaction_id}/{interaction_token}/callback}; -1 when neither worked
     */
    private void onCallback(long id, Response response, long now) {
        InFlight e = id < 0 ? null : table.get(id);
        if (e == null) {
            return;
        }
        if (response.isOk()) {
            ack(e.kind).observe(seconds(e, now));
            int type = callbackType(response);
            boolean deferred = type == DEFERRED_CHANNEL_MESSAGE || type == DEFERRED_UPDATE_MESSAGE;
            if (deferred && e.kind.isApplicationCommand()) {
                if (e.markDeferred()) {
                    table.deferred(e);
                    interactions(e.kind, ACKNOWLEDGED).inc();
                    emitInteraction(e, ACKNOWLEDGED, now);
                    EarlyFollowUps.FollowUp early = earlyFollowUps.take(e.token);
                    if (early != null && e.claim()) { // its follow-up was handled first
                        table.remove(e);
                        finishCommand(e, Math.max(now, early.atMillis()), early.error(), early.error() != null);
                    }
                }
            } else if (e.claim()) {
                table.remove(e);
                interactions(e.kind, ACKNOWLEDGED).inc();
                emitInteraction(e, ACKNOWLEDGED, now); // a throwing sink is contained there
                finishCommand(e, now, null, false);
            }
        } else if (e.claim()) {
            table.remove(e);
            String error = errorType(response);
            interactions(e.kind, FAILED).inc();
            emitInteraction(e, FAILED, now);
            finishCommand(e, now, error, true);
        }
    }

    private void onFollowUp(String path, Response response, long now) {
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
        finishCommand(e, now, error, error != null);
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
                interactions(e.kind, MANUAL).inc();
                emitInteraction(e, MANUAL, now);
            }
            finishCommand(e, now, errorType, errorType != null);
            return true;
        } catch (Throwable t) {
            failOpen("complete", t);
            return false;
        }
    }

    /** Resolves interactions older than a token's lifetime; called by the housekeeping task. */
    public void expire(long nowMillis) {
        try {
            List<InFlight> expired = table.claimOlderThan(nowMillis - EXPIRY_MILLIS);
            for (InFlight e : expired) {
                m.timersEvicted.labels("expired").inc();
                abandon(e, EXPIRED, nowMillis, true);
            }
        } catch (Throwable t) {
            failOpen("expire", t);
        }
    }

    private void abandon(InFlight e, int status, long now, boolean countCommand) {
        if (e.claimedFrom() != InFlight.ACKED_DEFERRED) {
            // Not acknowledged: the interaction itself failed from the user's point of view.
            interactions(e.kind, status).inc();
            emitInteraction(e, status, now);
        }
        if (countCommand) {
            // A handler error already counted stays the reason; otherwise the command never answered.
            finishCommand(e, now, e.errorType != null ? e.errorType : "no_response", e.errorType == null);
        } else if (e.kind.isApplicationCommand()) {
            ended(e, STATUSES[status], null, now); // evicted: no command is counted, but it ended for a tracer
        }
    }

    /**
     * Records a finished application command: metrics first, then the analytics event. Every sink call
     * has its own guard, so a sink that throws never costs an interaction or command its metrics (the
     * failure counts as hook {@code sink}).
     *
     * @param errorType  the error that ended it, or null (a handler error recorded earlier still counts)
     * @param newError   whether {@code errorType} was not yet counted in command_errors
     */
    private void finishCommand(InFlight e, long now, String errorType, boolean newError) {
        if (!e.kind.isApplicationCommand()) {
            return;
        }
        String error = errorType != null ? errorType : e.errorType;
        long ms = millis(e, now);
        CommandSeries series = commandSeries(e.command);
        series.duration().observe(ms / 1e3);
        series.outcome(error == null).inc();
        if (newError) {
            m.commandErrors.labels(e.command, errorType).inc();
        }
        ended(e, error == null ? "success" : "error", error, now);
        EventSink s = sink.get();
        if (s != null) {
            try {
                if (s.enabled()) {
                    s.record(new AnalyticsEvent(e.receivedMillis, EventKind.APP_COMMAND, e.guildId,
                            e.kind.label(), e.command, (double) ms, error == null ? "success" : "error",
                            error == null ? "" : error, e.shardId, clusterId));
                }
            } catch (Throwable t) {
                failOpen("sink", t);
            }
        }
    }

    private void emitInteraction(InFlight e, int status, long now) {
        if (!e.kind.isApplicationCommand()) {
            // Every other interaction ends here, once; an application command ends in finishCommand.
            ended(e, STATUSES[status], null, now);
        }
        EventSink s = sink.get();
        if (s != null) {
            try {
                if (s.enabled()) {
                    s.record(new AnalyticsEvent(e.receivedMillis, EventKind.INTERACTION, e.guildId,
                            e.kind.label(), e.command, (double) millis(e, now), STATUSES[status], "",
                            e.shardId, clusterId));
                }
            } catch (Throwable t) {
                failOpen("sink", t);
            }
        }
    }

    /** Tells the observer, if there is one, that {@code e} ended; it cannot cost the bot anything else. */
    private void ended(InFlight e, String outcome, String errorType, long now) {
        InteractionObserver o = observer;
        if (o != null) {
            try {
                o.ended(e.kind.label(), e.command, outcome, errorType, e.receivedMillis, Math.max(now, e.receivedMillis));
            } catch (Throwable t) {
                failOpen("interaction_observer", t);
            }
        }
    }

    /**
     * When the response to a request arrived: okhttp's own stamp (taken as the response came in, on the
     * clock receipts use), else now (no response: the request failed before one arrived).
     */
    private static long respondedAt(okhttp3.Response raw) {
        long at = raw == null ? 0 : raw.receivedResponseAtMillis();
        return at > 0 ? at : System.currentTimeMillis();
    }

    /**
     * Milliseconds from receipt to {@code nowMillis}; 0 when a wall-clock step made it negative. Whole
     * milliseconds on purpose, also in the analytics {@code duration_ms} column: both ends are millisecond
     * stamps (okhttp stamps responses in milliseconds and JDA stamps no receipt), so a finer value would cost
     * a second clock read per interaction, which the hot path does not pay.
     */
    private static long millis(InFlight e, long nowMillis) {
        return Math.max(0, nowMillis - e.receivedMillis);
    }

    private Counter.Child interactions(InteractionKind kind, int status) {
        Counter.Child[] row = interactionsByKind[kind.ordinal()];
        Counter.Child c = row[status];
        if (c == null) {
            c = m.interactions.peek(kind.label(), STATUSES[status]);
            if (c == null) {
                return m.interactions.labels(kind.label(), STATUSES[status]); // admits, or counts the overflow
            }
            row[status] = c; // benign race: every thread caches the same child
        }
        return c;
    }

    private Histogram.Child ack(InteractionKind kind) {
        Histogram.Child c = ackByKind[kind.ordinal()];
        if (c == null) {
            c = m.ackLatency.peek(kind.label());
            if (c == null) {
                return m.ackLatency.labels(kind.label());
            }
            ackByKind[kind.ordinal()] = c;
        }
        return c;
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
        return "http_" + statusClass(response.code);
    }

    /** Index into {@link #STATUS_CLASSES} of a status code's class. */
    static int statusIndex(int code) {
        if (code >= 200 && code < 300) {
            return 0;
        }
        if (code >= 400 && code < 500) {
            return 2;
        }
        if (code >= 500 && code < 600) {
            return 3;
        }
        if (code >= 300 && code < 400) {
            return 1;
        }
        return 4;
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

    private static double seconds(InFlight e, long nowMillis) {
        return millis(e, nowMillis) / 1e3;
    }

    private CommandSeries commandSeries(String command) {
        CommandSeries s = commandSeries.get(command);
        if (s == null) {
            s = new CommandSeries(command);
            if (commandSeries.size() < COMMAND_CACHE_CAP) {
                CommandSeries raced = commandSeries.putIfAbsent(command, s);
                if (raced != null) {
                    s = raced;
                }
            }
        }
        return s;
    }

    /**
     * An application command's duration and outcome children, found with one map lookup per
     * completion instead of one per family and label (two families, three label levels: a dozen
     * cold cache lines per command in a live bot). Only admitted children are cached ({@code peek});
     * a command beyond the label cap keeps going through {@code labels(..)}, which counts its overflow.
     */
    private final class CommandSeries {
        final String command;
        private Histogram.Child duration;
        private Counter.Child success;
        private Counter.Child error;

        CommandSeries(String command) {
            this.command = command;
        }

        Histogram.Child duration() {
            Histogram.Child c = duration;
            if (c == null) {
                c = m.commandDuration.peek(command);
                if (c == null) {
                    return m.commandDuration.labels(command);
                }
                duration = c; // benign race: every thread caches the same child
            }
            return c;
        }

        Counter.Child outcome(boolean ok) {
            Counter.Child c = ok ? success : error;
            if (c == null) {
                String outcome = ok ? "success" : "error";
                c = m.commands.peek(command, outcome);
                if (c == null) {
                    return m.commands.labels(command, outcome);
                }
                if (ok) {
                    success = c;
                } else {
                    error = c;
                }
            }
            return c;
        }
    }

    /**
     * A route's labels and children, resolved once per {@link Route} instance: JDA's
     * {@code Route.getRoute()} joins the template on every call, and the label lookups would hash that
     * fresh string each time. Only admitted children are cached ({@code peek}); a route beyond the label
     * cap keeps going through {@code labels(..)}, so each of its observations still counts the overflow.
     */
    private final class RouteStats {
        final String method;
        final String template;
        private final Counter.Child[] requests = new Counter.Child[STATUS_CLASSES.length];
        private Histogram.Child duration;

        RouteStats(Route route) {
            this.method = route.getMethod().name();
            this.template = route.getRoute();
        }

        Counter.Child requests(int status) {
            Counter.Child c = requests[status];
            if (c == null) {
                c = m.restRequests.peek(method, template, STATUS_CLASSES[status]);
                if (c == null) {
                    return m.restRequests.labels(method, template, STATUS_CLASSES[status]);
                }
                requests[status] = c;
            }
            return c;
        }

        Histogram.Child duration() {
            Histogram.Child c = duration;
            if (c == null) {
                c = m.restDuration.peek(template);
                if (c == null) {
                    return m.restDuration.labels(template);
                }
                duration = c;
            }
            return c;
        }
    }

    /**
     * {@link RouteStats} by {@link Route} identity: a copy-on-write {@link IdentityHashMap} read
     * without a lock, bounded by {@link #ROUTE_CACHE_CAP} (beyond it, routes are resolved per request
     * as before, never cached).
     */
    private final class RouteCache {
        private volatile IdentityHashMap<Route, RouteStats> map = new IdentityHashMap<>();

        RouteStats get(Route route) {
            RouteStats s = map.get(route);
            return s != null ? s : add(route);
        }

        private synchronized RouteStats add(Route route) {
            IdentityHashMap<Route, RouteStats> current = map;
            RouteStats s = current.get(route);
            if (s != null) {
                return s;
            }
            s = new RouteStats(route);
            if (current.size() < ROUTE_CACHE_CAP) {
                IdentityHashMap<Route, RouteStats> next = new IdentityHashMap<>(current);
                next.put(route, s);
                map = next;
            }
            return s;
        }
    }
}
