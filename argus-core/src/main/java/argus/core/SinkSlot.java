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
 */
final class SinkSlot implements Supplier<EventSink> {
    /** Longer than any drain deadline: a retired sink is read live at least this long. */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final LongSupplier nanoClock;
    private final long settleNanos;
    private volatile EventSink sink;
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
        this.nanoClock = nanoClock;
        this.settleNanos = settle.toNanos();
    }

    @Override
    public EventSink get() {
        return sink;
    }

    /**
     * Installs a sink at once and returns the one it replaced (whoever owns that one closes it, which
     * drains it); the replaced sink's accounting keeps counting here.
     */
    synchronized EventSink swap(EventSink next) {
        EventSink previous = sink;
        if (next == previous) {
            return previous;
        }
        if (next != null) {
            // A sink bound again is read live again: take it out of the retired and settled parts.
            retired.removeIf(r -> r.sink == next);
            SinkStats was = settledBy.remove(next);
            if (was != null) {
                settled = minus(settled, was);
            }
        }
        sink = next;
        if (previous != null) {
            retired.add(new Retired(previous, nanoClock.getAsLong()));
        }
        return previous;
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
