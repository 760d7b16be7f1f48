package argus.sink.nullsink;

import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;

import java.time.Duration;

/**
 * Analytics off. {@link #enabled()} is false, so core never even builds an event for it: the
 * default costs one volatile read per interaction and nothing else (invariant 7).
 */
public final class NullSink implements EventSink {
    public static final NullSink INSTANCE = new NullSink();
    private static final Health HEALTH = Health.up("analytics off (NullSink)");

    private NullSink() {
    }

    @Override
    public boolean enabled() {
        return false;
    }

    /** Never called by core (see {@link #enabled()}); refuses without counting. */
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
        return HEALTH;
    }

    @Override
    public String name() {
        return "null";
    }

    @Override
    public void close(Duration timeout) {
        // nothing accepted, nothing to drain
    }
}
