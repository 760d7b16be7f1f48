package argus.core.jda;

import argus.api.sink.EventSink;
import argus.api.spi.InteractionObserver;
import argus.core.registry.MetricRegistry;
import net.dv8tion.jda.api.JDA;
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

import java.util.function.Supplier;

/**
 * The bookkeeping Argus does on the bot's threads. Every entry point is O(1), never blocks, never
 * does I/O (invariant 3) and never throws: failures are counted in
 * {@code argus_instrumentation_errors_total{hook}} and swallowed (invariant 5); the guards live here,
 * at the entry points.
 *
 * <p>This class routes; the work is done by one package-private class per concern, each reached
 * through a final field: {@link SessionEvents} (gateway and session events), {@link InteractionTracker}
 * (interactions from receipt to their end), {@link InteractionOutcomes} (counting how they ended),
 * {@link RestCounts} (REST requests and rate limits) and {@link AnalyticsEmitter} (the sink's events
 * and the observer).
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
    private final MetricRegistry registry;
    private final SessionEvents sessions;
    private final InteractionTracker interactions;
    private final RestCounts rest;
    private final AnalyticsEmitter emitter;

    public BotHooks(BotMetrics metrics, int timerCap, Supplier<EventSink> sink, String clusterId) {
        this.registry = metrics.registry;
        this.sessions = new SessionEvents(metrics);
        this.emitter = new AnalyticsEmitter(metrics.registry, sink, clusterId);
        this.interactions = new InteractionTracker(metrics, timerCap, new InteractionOutcomes(metrics, emitter));
        this.rest = new RestCounts(metrics, interactions);
    }

    /** Sets the observer told of every interaction's end from now on; null removes it. */
    public void observer(InteractionObserver next) {
        emitter.observer(next);
    }

    /** The observer now set, or null. */
    public InteractionObserver observer() {
        return emitter.observer();
    }

    /**
     * Called for every event before any bot listener sees it. Only interactions read the clock (their
     * receipt time); every other event costs no clock read.
     */
    public void onEvent(GenericEvent event) {
        try {
            if (event instanceof RawGatewayEvent raw) {
                sessions.gatewayEvent(raw.getType());
            } else if (event instanceof GenericInteractionCreateEvent interaction) {
                interactions.received(interaction, System.currentTimeMillis());
            } else if (event instanceof HttpRequestEvent http) {
                rest.onHttp(http);
            } else if (event instanceof ReadyEvent) {
                sessions.ready(event.getJDA());
            } else if (event instanceof SessionDisconnectEvent) {
                sessions.disconnect(event.getJDA());
            } else if (event instanceof SessionResumeEvent) {
                sessions.resume(event.getJDA());
            } else if (event instanceof SessionRecreateEvent) {
                sessions.recreate(event.getJDA());
            } else if (event instanceof SessionInvalidateEvent) {
                sessions.invalidate(event.getJDA());
            }
        } catch (Throwable t) {
            failOpen("event", t);
        }
    }

    /** Counts what a shard's manager saw before Argus attached (see {@link ArgusEventManager#instrumenting}). */
    void replay(PreAttachTally tally) {
        try {
            sessions.replay(tally);
        } catch (Throwable t) {
            failOpen("event", t);
        }
    }

    /**
     * Argus attached to a shard whose session had already started, through a manager that was not
     * there to see its READY (the bot built its JDA without {@code Argus.instrument}): the session
     * exists, so it counts as one {@code ready}.
     */
    public void sessionStartedBeforeAttach(JDA jda) {
        sessions.startedBeforeAttach(jda);
    }

    /** A bot listener threw while handling {@code event}: an application command error. */
    public void onListenerError(GenericEvent event, Throwable error) {
        try {
            if (event instanceof GenericInteractionCreateEvent interaction) {
                interactions.listenerError(interaction, error);
            }
        } catch (Throwable t) {
            failOpen("listener_error", t);
        }
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
            return interactions.resolveManually(interaction, errorType);
        } catch (Throwable t) {
            failOpen("complete", t);
            return false;
        }
    }

    /** Resolves interactions older than a token's lifetime; called by the housekeeping task. */
    public void expire(long nowMillis) {
        try {
            interactions.expire(nowMillis);
        } catch (Throwable t) {
            failOpen("expire", t);
        }
    }

    /** Every raw response the rate limiter sees for queued requests, 429s JDA retries included. */
    public void onRawResponse(okhttp3.Response response) {
        try {
            rest.onRawResponse(response);
        } catch (Throwable t) {
            failOpen("ratelimit", t);
        }
    }

    /**
     * Applies a new {@code timer_cap} while the bot runs: in-flight timers are kept; a cap below the
     * number in flight evicts the oldest, counted in {@code argus_timers_evicted_total{reason="capacity"}}.
     */
    public void timerCap(int cap) {
        interactions.timerCap(cap);
    }

    /** Interactions awaiting completion right now. */
    public int inFlight() {
        return interactions.size();
    }

    private void failOpen(String hook, Throwable t) {
        HookErrors.failOpen(registry, hook, t);
    }
}
