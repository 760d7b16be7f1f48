package argus.core;

import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one place core reads the current analytics sink from, and the owner of the sink accounting
 * that {@code argus_history_events_*} report. The sink is a volatile reference, so it can be swapped
 * (OSGi) without the hot path taking a lock; null means analytics is off.
 *
 * <p>Accounting is cumulative over every sink this core has used, so a swap never makes a counter
 * go back: a swapped-out sink is still read live while it drains (its final written and failed
 * counts arrive after the swap), and once it has settled (nothing pending, {@link #SETTLE} after the
 * swap) its final numbers are folded into a base and the sink itself is let go.
 *
 * <p>In a container (OSGi, {@link #holdWhileUnbound}) "no sink bound" is a moment between sinks, not
 * "analytics off": the slot then holds an {@link UnboundEvents} buffer, which the hot path records into
 * like any sink and which hands what it holds to the next sink that binds.
 */
final class SinkSlot implements Supplier<EventSink> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SinkSlot.class);
    /** Longer than any drain deadline: a retired sink is read live at least this long. */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final LongSupplier nanoClock;
    private final long settleNanos;
    /** Events held while a container has no sink bound ({@link UnboundEvents#CAPACITY}; tests use less). */
    private final int holdCapacity;
    /** What the hot path records into: the bound sink, an {@link UnboundEvents} buffer, or null. */
    private volatile EventSink sink;
    /** Whether "no sink" holds events for the next one (a container) rather than meaning analytics off; guarded by this. */
    private boolean holding;
    /** Swapped out, possibly still draining; guarded by this. */
    private final List<Retired> retired = new ArrayList<>();
    /** The final stats of every settled sink; guarded by this. */
    private SinkStats settled = SinkStats.EMPTY;
    /** What each settled sink contributed, in case it is bound again (then it is read live instead). */
    private final Map<EventSink, SinkStats> settledBy = new WeakHashMap<>();

    private record Retired(EventSink sink, long sinceNanos) {
    }

    SinkSlot() {
        this(System::nanoTime, SETTLE);
    }

    SinkSlot(LongSupplier nanoClock, Duration settle) {
        this(nanoClock, settle, UnboundEvents.CAPACITY);
    }

    SinkSlot(LongSupplier nanoClock, Duration settle, int holdCapacity) {
        this.nanoClock = nanoClock;
        this.settleNanos = settle.toNanos();
        this.holdCapacity = holdCapacity;
    }

    /** What the bot's threads record into (an {@link UnboundEvents} buffer while a container has no sink bound). */
    @Override
    public EventSink get() {
        return sink;
    }

    /** The sink bound now, or null (never the buffer). */
    EventSink bound() {
        EventSink s = sink;
        return s instanceof UnboundEvents ? null : s;
    }

    /**
     * From now on (until {@link #stopHolding}) no sink bound means events are held for the next one
     * (a container binds sinks as they come) instead of analytics being off.
     */
    synchronized void holdWhileUnbound() {
        holding = true;
        if (sink == null) {
            sink = new UnboundEvents(holdCapacity);
        }
    }

    /** Core is stopping: what is held goes nowhere, and no sink means none. */
    synchronized void stopHolding() {
        holding = false;
        if (sink instanceof UnboundEvents held) {
            held.handOver(null);
            retire(held);
            sink = null;
        }
    }

    /**
     * Installs a sink at once and returns the bound one it replaced (whoever owns that one closes it,
     * which drains it); the replaced sink's accounting keeps counting here. Events held while none was
     * bound are handed to {@code next} first.
     */
    synchronized EventSink swap(EventSink next) {
        EventSink current = sink;
        if (next == current || next == null && current instanceof UnboundEvents) {
            return bound();
        }
        if (current instanceof UnboundEvents held) {
            // Under this lock, so no scrape sees the held events before next has counted them.
            int handed = held.handOver(next);
            long dropped = held.stats().dropped();
            if (handed > 0 || dropped > 0) {
                LOG.info("Analytics sink {} bound: {} events held while none was bound handed to it, {} dropped "
                        + "beyond the {} held (argus_history_events_dropped_total)", next == null ? "none" : next.name(),
                        handed, dropped, holdCapacity);
            }
            retire(held); // its overflow count stays in the total
            current = null;
            sink = null;
        }
        EventSink previous = current;
        EventSink incoming = next == null && holding ? new UnboundEvents(holdCapacity) : next;
        if (incoming != null) {
            // A sink bound again is read live again: take it out of the retired and settled parts.
            retired.removeIf(r -> r.sink == incoming);
            SinkStats was = settledBy.remove(incoming);
            if (was != null) {
                settled = minus(settled, was);
            }
        }
        sink = incoming;
        if (previous != null) {
            retire(previous);
        }
        return previous;
    }

    private void retire(EventSink previous) {
        retired.add(new Retired(previous, nanoClock.getAsLong()));
    }

    /**
     * The accounting of every sink used so far: settled ones' final numbers, retired ones read live
     * (still draining), and the current one. Each part satisfies offered = accepted + dropped and
     * accepted = written + failed + pending, so the sum does too.
     */
    synchronized SinkStats stats() {
        long now = nanoClock.getAsLong();
        SinkStats total = settled;
        for (Iterator<Retired> it = retired.iterator(); it.hasNext(); ) {
            Retired r = it.next();
            SinkStats s = r.sink.stats();
            total = plus(total, s);
            if (s.pending() == 0 && now - r.sinceNanos >= settleNanos) {
                settled = plus(settled, s);
                settledBy.put(r.sink, s);
                it.remove();
            }
        }
        EventSink live = sink;
        return live == null ? total : plus(total, live.stats());
    }

    /** Sinks swapped out and not settled yet (tests). */
    synchronized int retiring() {
        return retired.size();
    }

    private static SinkStats plus(SinkStats a, SinkStats b) {
        return new SinkStats(a.offered() + b.offered(), a.accepted() + b.accepted(), a.dropped() + b.dropped(),
                a.written() + b.written(), a.failed() + b.failed(), a.pending() + b.pending());
    }

    private static SinkStats minus(SinkStats a, SinkStats b) {
        return new SinkStats(a.offered() - b.offered(), a.accepted() - b.accepted(), a.dropped() - b.dropped(),
                a.written() - b.written(), a.failed() - b.failed(), a.pending() - b.pending());
    }
}
