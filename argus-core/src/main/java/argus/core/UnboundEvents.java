package argus.core;

import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where analytics events go while a container (OSGi) has no sink bound: at start, core activates
 * and starts observing bots about a second before the sink's component binds; and a sink may be
 * unbound with nothing to replace it. Events are held here, bounded, and handed to the next sink
 * that binds ({@link #handOver}); none is invisible.
 *
 * <p>Same shape as the ClickHouse sink's queue: {@link #record} runs on the bot's threads, is O(1),
 * lock-free and never blocks. Beyond {@link #CAPACITY} held events a new one is dropped and counted
 * at once ({@code argus_history_events_offered_total} and {@code _dropped_total}). Held events are
 * counted by the sink they are handed to, as it offers them to its own queue, so the accounting stays
 * exact (offered = accepted + dropped) and no event is counted twice. A disabled sink (NullSink)
 * binding first means analytics is off: the held events are discarded uncounted, as every event is
 * while analytics is off.
 */
final class UnboundEvents implements EventSink {
    /**
     * About 7 s of the demo bot at 300 interactions/s (two events each), several times the bind gap
     * measured in Felix (0.5 to 1.2 s), in at most a few hundred KB (an event is some 100 bytes; its
     * strings are shared with the in-flight entry).
     */
    static final int CAPACITY = 4096;

    private final int capacity;
    private final ConcurrentLinkedQueue<AnalyticsEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger held = new AtomicInteger();
    private final LongAdder overflow = new LongAdder();
    /** The sink that took over; set once, before the held events are handed to it. */
    private volatile EventSink successor;

    UnboundEvents() {
        this(CAPACITY);
    }

    UnboundEvents(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public boolean enabled() {
        EventSink next = successor;
        return next == null || next.enabled();
    }

    @Override
    public boolean record(AnalyticsEvent event) {
        EventSink next = successor;
        if (next != null) {
            return forward(next, event); // a thread that read this buffer just before the hand-over
        }
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            overflow.increment();
            return false;
        }
        queue.offer(event);
        // Raced with the hand-over: if its drain may have missed this event, take one back out and pass
        // it on (this thread's or another's; each late offer is paired with one poll, so none stays).
        next = successor;
        if (next != null) {
            AnalyticsEvent stranded = poll();
            if (stranded != null) {
                forward(next, stranded);
            }
        }
        return true;
    }

    /**
     * Hands every held event to {@code next} (a disabled or absent one discards them: analytics is
     * off) and sends later arrivals straight on. Returns how many were handed over.
     */
    int handOver(EventSink next) {
        EventSink to = next == null ? NoSink.INSTANCE : next;
        successor = to;
        int handed = 0;
        for (AnalyticsEvent e; (e = poll()) != null; ) {
            if (forward(to, e)) {
                handed++;
            }
        }
        return handed;
    }

    private AnalyticsEvent poll() {
        AnalyticsEvent e = queue.poll();
        if (e != null) {
            held.decrementAndGet();
        }
        return e;
    }

    private static boolean forward(EventSink to, AnalyticsEvent e) {
        return to.enabled() && to.record(e);
    }

    /** Events held for the next sink right now. */
    int held() {
        return held.get();
    }

    /** Only the overflow: held events are counted by the sink they are handed to. */
    @Override
    public SinkStats stats() {
        long dropped = overflow.sum();
        return new SinkStats(dropped, 0, dropped, 0, 0, 0);
    }

    @Override
    public Health health() {
        return Health.up("no analytics sink bound: holding " + held.get() + " events for the next one");
    }

    @Override
    public String name() {
        return "unbound";
    }

    @Override
    public void close(Duration timeout) {
        // nothing was accepted: held events belong to whichever sink binds next
    }

    /** Where held events go when core stops with none bound: nowhere, uncounted (core is stopping). */
    private static final class NoSink implements EventSink {
        static final NoSink INSTANCE = new NoSink();

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean record(AnalyticsEvent event) {
            return false;
        }

        @Override
        public SinkStats stats() {
            return SinkStats.EMPTY;
        }

        @Override
        public Health health() {
            return Health.up("none");
        }

        @Override
        public String name() {
            return "none";
        }

        @Override
        public void close(Duration timeout) {
        }
    }
}
