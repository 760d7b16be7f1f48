package argus.core;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import argus.api.spi.EventSinkProvider;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only analytics sink provider (registered in META-INF/services, highest priority): when the
 * configuration asks for analytics it hands out a sink that records every event, or one whose
 * {@code record} throws. ServiceLoader makes a new provider each time, so its state is static.
 */
public final class RecordingSinkProvider implements EventSinkProvider {
    static final AtomicInteger OPENS = new AtomicInteger();
    static volatile boolean throwing;
    static volatile RecordingSink last;

    /** Forgets previous sinks; the next sink records (or throws when {@code throwOnRecord}). */
    static void reset(boolean throwOnRecord) {
        OPENS.set(0);
        throwing = throwOnRecord;
        last = null;
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Optional<EventSink> open(ArgusConfig config) {
        OPENS.incrementAndGet();
        if (!config.analyticsRequested()) {
            return Optional.empty();
        }
        last = new RecordingSink(throwing);
        return Optional.of(last);
    }

    /** Records events in order. */
    static final class RecordingSink implements EventSink {
        final List<AnalyticsEvent> events = new CopyOnWriteArrayList<>();
        private final boolean throwing;
        volatile boolean closed;

        RecordingSink(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean record(AnalyticsEvent event) {
            if (throwing) {
                throw new IllegalStateException("sink broke");
            }
            events.add(event);
            return true;
        }

        @Override
        public SinkStats stats() {
            return new SinkStats(events.size(), events.size(), 0, events.size(), 0, 0);
        }

        @Override
        public Health health() {
            return Health.up("recording");
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void close(Duration timeout) {
            closed = true;
        }
    }
}
