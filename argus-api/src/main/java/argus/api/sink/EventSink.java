package argus.api.sink;

import argus.api.health.Health;
import argus.api.health.HealthReporter;

import java.time.Duration;

/**
 * Where per-guild analytics events go (README, "Per-guild analytics"). Implementations: the no-op NullSink (the
 * default) and the ClickHouse batching sink. Called on the bot's threads, so {@link #record} must
 * be O(1), never block and never do I/O (invariant 3); a full queue drops and counts.
 *
 * <pre>{@code
 * if (sink.enabled()) {            // false for NullSink: no event is even built
 *     sink.record(new AnalyticsEvent(...));
 * }
 * }</pre>
 */
public interface EventSink extends HealthReporter {

    /** False when events would be discarded anyway; callers then skip building them. */
    boolean enabled();

    /**
     * Offers an event without blocking.
     *
     * @return true if it was accepted (it will be written, or counted as failed), false if it was
     *         dropped and counted
     */
    boolean record(AnalyticsEvent event);

    /** A consistent view of the sink's accounting. */
    SinkStats stats();

    @Override
    Health health();

    /** A short name for logs and the dashboard, e.g. {@code clickhouse} or {@code null}. */
    String name();

    /**
     * Stops accepting, writes what was accepted within {@code timeout}, and counts what could not be
     * written as failed. Idempotent.
     */
    void close(Duration timeout);
}
