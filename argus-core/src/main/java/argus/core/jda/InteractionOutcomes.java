package argus.core.jda;

import argus.core.registry.Counter;
import argus.core.registry.Histogram;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How an interaction or application command ended, counted: interactions by kind and status,
 * acknowledgement latency, command duration, outcome and errors; then handed to the
 * {@link AnalyticsEmitter}. Called by {@link InteractionTracker} once it has claimed the interaction,
 * so each end is counted once.
 */
final class InteractionOutcomes {
    static final String[] STATUSES = {"acknowledged", "failed", "expired", "evicted", "manual"};
    static final int ACKNOWLEDGED = 0;
    static final int FAILED = 1;
    static final int EXPIRED = 2;
    static final int EVICTED = 3;
    static final int MANUAL = 4;
    /** Distinct command names whose children are cached (beyond it, resolved per completion as before). */
    static final int COMMAND_CACHE_CAP = 1024;

    private final BotMetrics m;
    private final AnalyticsEmitter emitter;
    /** Interactions by kind (ordinal) and status (STATUSES index), filled lazily with admitted children. */
    private final Counter.Child[][] interactionsByKind =
            new Counter.Child[InteractionKind.values().length][STATUSES.length];
    private final Histogram.Child[] ackByKind = new Histogram.Child[InteractionKind.values().length];
    private final ConcurrentHashMap<String, CommandSeries> commandSeries = new ConcurrentHashMap<>();

    InteractionOutcomes(BotMetrics m, AnalyticsEmitter emitter) {
        this.m = m;
        this.emitter = emitter;
        for (InteractionKind k : InteractionKind.values()) {
            m.ackLatency.labels(k.label()); // pre-create so the dashboard sees every type from the start
        }
    }

    /** The callback's successful response arrived at {@code now}: the acknowledgement latency. */
    void acknowledgedAt(InFlight e, long now) {
        ack(e.kind).observe(seconds(e, now));
    }

    /** The interaction itself ended with {@code status} (a STATUSES index): counted and emitted. */
    void interaction(InFlight e, int status, long now) {
        interactions(e.kind, status).inc();
        if (!e.kind.isApplicationCommand()) {
            // Every other interaction ends here, once; an application command ends in finishCommand.
            emitter.ended(e, STATUSES[status], null, now);
        }
        emitter.interaction(e, STATUSES[status], now); // a throwing sink is contained there
    }

    /** An interaction that will never be answered: expired, or evicted at capacity. */
    void abandon(InFlight e, int status, long now, boolean countCommand) {
        if (e.claimedFrom() != InFlight.ACKED_DEFERRED) {
            // Not acknowledged: the interaction itself failed from the user's point of view.
            interaction(e, status, now);
        }
        if (countCommand) {
            // A handler error already counted stays the reason; otherwise the command never answered.
            finishCommand(e, now, e.errorType != null ? e.errorType : "no_response", e.errorType == null);
        } else if (e.kind.isApplicationCommand()) {
            emitter.ended(e, STATUSES[status], null, now); // evicted: no command is counted, but it ended for a tracer
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
    void finishCommand(InFlight e, long now, String errorType, boolean newError) {
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
        emitter.ended(e, error == null ? "success" : "error", error, now);
        emitter.command(e, ms, error);
    }

    /** A bot listener threw {@code type} while handling an application command. */
    void commandError(String command, String type) {
        m.commandErrors.labels(command, type).inc();
    }

    /**
     * Milliseconds from receipt to {@code nowMillis}; 0 when a wall-clock step made it negative. Whole
     * milliseconds on purpose, also in the analytics {@code duration_ms} column: both ends are millisecond
     * stamps (okhttp stamps responses in milliseconds and JDA stamps no receipt), so a finer value would cost
     * a second clock read per interaction, which the hot path does not pay.
     */
    static long millis(InFlight e, long nowMillis) {
        return Math.max(0, nowMillis - e.receivedMillis);
    }

    private static double seconds(InFlight e, long nowMillis) {
        return millis(e, nowMillis) / 1e3;
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
}
