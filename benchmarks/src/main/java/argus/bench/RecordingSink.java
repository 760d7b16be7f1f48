package argus.bench;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import argus.api.spi.EventSinkProvider;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An always-enabled analytics sink that keeps what it is given in a lock-free queue (one node per
 * event, as a queueing sink pays) and trims it on the caller's thread so a long benchmark cannot
 * run out of memory. It exists to make the cost of <em>building</em> analytics events visible next
 * to the default path (no sink bound), where the hot path must not build any.
 *
 * <p>Bound through Argus' real ServiceLoader path by {@link Provider} when a benchmark asks for
 * {@code enable_per_guild=true} + a {@code clickhouse_dsn} (the ClickHouse sink is not on the
 * benchmark class path, so this provider is the only one that answers).
 */
public final class RecordingSink implements EventSink {
    private static final int KEEP = 1024;

    private final ConcurrentLinkedQueue<AnalyticsEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong offered = new AtomicLong();
    private volatile boolean open = true;

    @Override
    public boolean enabled() {
        return open;
    }

    @Override
    public boolean record(AnalyticsEvent event) {
        queue.offer(event);
        if ((offered.incrementAndGet() & (KEEP - 1)) == 0) {
            queue.clear(); // a writer thread would drain it; here the producer keeps it bounded
        }
        return true;
    }

    /** Events recorded so far. */
    public long recorded() {
        return offered.get();
    }

    @Override
    public SinkStats stats() {
        long n = offered.get();
        return new SinkStats(n, n, 0, n, 0, 0);
    }

    @Override
    public Health health() {
        return Health.up("recording (benchmark)");
    }

    @Override
    public String name() {
        return "bench-recording";
    }

    @Override
    public void close(Duration timeout) {
        open = false;
        queue.clear();
    }

    /** Found by Argus through META-INF/services; opens only when analytics is requested. */
    public static final class Provider implements EventSinkProvider {
        @Override
        public String name() {
            return "bench-recording";
        }

        @Override
        public int priority() {
            return 1000;
        }

        @Override
        public Optional<EventSink> open(ArgusConfig config) {
            return config.analyticsRequested() ? Optional.of(new RecordingSink()) : Optional.empty();
        }
    }
}
