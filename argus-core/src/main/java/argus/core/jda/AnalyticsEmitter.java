package argus.core.jda;

import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.EventSink;
import argus.api.spi.InteractionObserver;
import argus.core.registry.MetricRegistry;

import java.util.function.Supplier;

/**
 * What leaves Argus when an interaction ends: the analytics event for the sink and the observer's
 * call (tracing). Every call has its own guard, so a sink or observer that throws never costs an
 * interaction or command its metrics (the failure counts as hook {@code sink} or
 * {@code interaction_observer}).
 */
final class AnalyticsEmitter {
    private final MetricRegistry registry;
    private final Supplier<EventSink> sink;
    private final String clusterId;
    /** Told of each interaction's end (tracing); null, the default, costs one volatile read per end. */
    private volatile InteractionObserver observer;

    AnalyticsEmitter(MetricRegistry registry, Supplier<EventSink> sink, String clusterId) {
        this.registry = registry;
        this.sink = sink;
        this.clusterId = clusterId;
    }

    void observer(InteractionObserver next) {
        this.observer = next;
    }

    InteractionObserver observer() {
        return observer;
    }

    /** An interaction's acknowledgement or other end ({@code status}) at {@code now}. */
    void interaction(InFlight e, String status, long now) {
        EventSink s = sink.get();
        if (s != null) {
            try {
                if (s.enabled()) {
                    s.record(new AnalyticsEvent(e.receivedMillis, EventKind.INTERACTION, e.guildId,
                            e.kind.label(), e.command, (double) InteractionOutcomes.millis(e, now), status, "",
                            e.shardId, clusterId));
                }
            } catch (Throwable t) {
                HookErrors.failOpen(registry, "sink", t);
            }
        }
    }

    /** A finished application command; {@code error} is null when it succeeded. */
    void command(InFlight e, long ms, String error) {
        EventSink s = sink.get();
        if (s != null) {
            try {
                if (s.enabled()) {
                    s.record(new AnalyticsEvent(e.receivedMillis, EventKind.APP_COMMAND, e.guildId,
                            e.kind.label(), e.command, (double) ms, error == null ? "success" : "error",
                            error == null ? "" : error, e.shardId, clusterId));
                }
            } catch (Throwable t) {
                HookErrors.failOpen(registry, "sink", t);
            }
        }
    }

    /** Tells the observer, if there is one, that {@code e} ended; it cannot cost the bot anything else. */
    void ended(InFlight e, String outcome, String errorType, long now) {
        InteractionObserver o = observer;
        if (o != null) {
            try {
                o.ended(e.kind.label(), e.command, outcome, errorType, e.receivedMillis, Math.max(now, e.receivedMillis));
            } catch (Throwable t) {
                HookErrors.failOpen(registry, "interaction_observer", t);
            }
        }
    }
}
