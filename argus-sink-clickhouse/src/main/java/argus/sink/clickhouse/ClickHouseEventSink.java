package argus.sink.clickhouse;

import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The analytics sink: a bounded, lock-free in-process queue and one background worker that batches
 * events into the store (DESIGN.md §4).
 *
 * <ul>
 *   <li>{@link #record} never blocks and never does I/O (invariant 3): a full queue drops the event
 *       and counts it;</li>
 *   <li>the worker writes when a batch is full or the flush interval has passed;</li>
 *   <li>a store that is down keeps the batch in hand and opens a circuit breaker (cool-down,
 *       doubling up to a minute); health is down meanwhile and writing resumes by itself;</li>
 *   <li>a batch the store keeps refusing while it is reachable is given up after
 *       {@value #MAX_ATTEMPTS_WHILE_REACHABLE} attempts and counted as failed;</li>
 *   <li>{@link #close} drains what was accepted within the timeout and counts the rest as failed.</li>
 * </ul>
 * Accounting is exact: {@code offered = accepted + dropped} and
 * {@code accepted = written + failed + pending}.
 */
public final class ClickHouseEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseEventSink.class);
    static final int MAX_ATTEMPTS_WHILE_REACHABLE = 3;
    static final long MIN_COOLDOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long MAX_COOLDOWN_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Consecutive failures that open the breaker. */
    static final int BREAKER_THRESHOLD = 3;

    private final BatchWriter writer;
    private final int capacity;
    private final int batchSize;
    private final long flushIntervalNanos;
    /** Queue length at which record() wakes the worker early: a full batch, or half the queue if smaller. */
    private final int wakeAt;
    private final String description;

    private final ConcurrentLinkedQueue<AnalyticsEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    // LongAdder: record() runs on every shard's thread at once; AtomicLong would be a contended CAS.
    private final LongAdder offered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private final Thread worker;
    private volatile boolean accepting = true;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile boolean stopping;
    private volatile Health health = Health.up("not connected yet");

    ClickHouseEventSink(BatchWriter writer, int capacity, int batchSize, Duration flushInterval, String description) {
        this.writer = writer;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.wakeAt = Math.max(1, Math.min(batchSize, capacity / 2));
        this.description = description;
        this.worker = new Thread(this::run, "argus-clickhouse-sink");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public boolean record(AnalyticsEvent event) {
        offered.increment();
        int length;
        if (!accepting || (length = queued.incrementAndGet()) > capacity) {
            if (accepting) {
                queued.decrementAndGet();
            }
            dropped.increment();
            return false;
        }
        queue.offer(event);
        if (length == wakeAt) {
            // Rare (once per batch under load, never when quiet): the worker sleeps until the flush is due
            // otherwise, so a burst after a quiet spell is written at once instead of overflowing the queue.
            LockSupport.unpark(worker);
        }
        return true;
    }

    @Override
    public SinkStats stats() {
        // Read the outcomes before the inputs: an event moving between buckets while we read can
        // only make pending look larger for an instant, never negative.
        long w = written.get();
        long f = failed.get();
        long d = dropped.sum();
        long o = offered.sum();
        long accepted = o - d;
        return new SinkStats(o, accepted, d, w, f, Math.max(0, accepted - w - f));
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    /**
     * Stops accepting, lets the worker write what was accepted until {@code timeout}, then counts
     * anything still unwritten as failed. Idempotent; returns when the worker has stopped.
     */
    @Override
    public void close(Duration timeout) {
        if (!accepting && !worker.isAlive()) {
            return;
        }
        accepting = false;
        drainDeadlineNanos = System.nanoTime() + timeout.toNanos();
        stopping = true;
        LockSupport.unpark(worker);
        try {
            worker.join(timeout.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
        }
        // A producer that passed the 'accepting' check just before close may have queued after the
        // worker's last look: account for it too.
        long late = 0;
        while (queue.poll() != null) {
            queued.decrementAndGet();
            late++;
        }
        failed.addAndGet(late);
    }

    private void run() {
        List<AnalyticsEvent> batch = new ArrayList<>(batchSize);
        boolean prepared = false;
        int consecutiveFailures = 0;
        int attemptsWhileReachable = 0;
        long cooldownNanos = MIN_COOLDOWN_NANOS;
        long lastFlush = System.nanoTime();
        while (true) {
            fill(batch);
            long now = System.nanoTime();
            boolean due = batch.size() >= wakeAt || (!batch.isEmpty() && now - lastFlush >= flushIntervalNanos)
                    || (stopping && !batch.isEmpty());
            if (stopping && (batch.isEmpty() || now - drainDeadlineNanos >= 0)) {
                break;
            }
            if (!due) {
                // Sleep until the pending batch is due (or a flush interval when nothing is pending);
                // record() wakes us earlier when a batch fills up. A quiet bot costs one wake-up per
                // interval instead of a poll every few milliseconds.
                long untilDue = batch.isEmpty() ? flushIntervalNanos : flushIntervalNanos - (now - lastFlush);
                LockSupport.parkNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), untilDue));
                continue;
            }
            try {
                if (!prepared) {
                    writer.prepare();
                    prepared = true;
                }
                writer.write(batch);
                written.addAndGet(batch.size());
                batch.clear();
                lastFlush = System.nanoTime();
                if (consecutiveFailures > 0) {
                    LOG.info("ClickHouse sink recovered: writing to {} again", description);
                }
                consecutiveFailures = 0;
                attemptsWhileReachable = 0;
                cooldownNanos = MIN_COOLDOWN_NANOS;
                health = Health.up("writing to " + description);
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                consecutiveFailures++;
                boolean reachable = writer.reachable();
                if (reachable && prepared) {
                    attemptsWhileReachable++;
                } else {
                    prepared = false; // reconnect may need the table again (a fresh server)
                }
                if (attemptsWhileReachable >= MAX_ATTEMPTS_WHILE_REACHABLE) {
                    failed.addAndGet(batch.size());
                    LOG.error("ClickHouse refused a batch of {} analytics events {} times while reachable; giving up "
                            + "on it (counted in argus_history_events_failed_total): {}", batch.size(),
                            attemptsWhileReachable, describe(e));
                    batch.clear();
                    attemptsWhileReachable = 0;
                    continue;
                }
                if (consecutiveFailures == 1) {
                    LOG.warn("ClickHouse write failed ({}); retrying. The bot is unaffected.", describe(e));
                }
                if (consecutiveFailures >= BREAKER_THRESHOLD) {
                    health = Health.down("circuit open after " + consecutiveFailures + " failures: " + describe(e));
                    if (consecutiveFailures == BREAKER_THRESHOLD) {
                        LOG.error("ClickHouse sink circuit open after {} consecutive failures ({}); events queue up to "
                                + "{} and are then dropped and counted. Check clickhouse_dsn and that {} is reachable.",
                                consecutiveFailures, describe(e), capacity, description);
                    }
                    sleepUntilStoppingOr(cooldownNanos);
                    cooldownNanos = Math.min(MAX_COOLDOWN_NANOS, cooldownNanos * 2);
                } else {
                    sleepUntilStoppingOr(MIN_COOLDOWN_NANOS);
                }
            }
        }
        // Whatever could not be written before the deadline is accounted as failed, never lost silently.
        long left = batch.size();
        AnalyticsEvent e;
        while ((e = queue.poll()) != null) {
            queued.decrementAndGet();
            left++;
        }
        if (left > 0) {
            failed.addAndGet(left);
            LOG.warn("ClickHouse sink closed with {} accepted events unwritten (counted as failed)", left);
        }
        writer.close();
        health = Health.down("closed");
    }

    private void fill(List<AnalyticsEvent> batch) {
        AnalyticsEvent e;
        while (batch.size() < batchSize && (e = queue.poll()) != null) {
            queued.decrementAndGet();
            batch.add(e);
        }
    }

    private void sleepUntilStoppingOr(long nanos) {
        long end = System.nanoTime() + nanos;
        while (!stopping && System.nanoTime() - end < 0) {
            LockSupport.parkNanos(Math.min(end - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)));
        }
        if (stopping) {
            // Closing: keep trying until the drain deadline, but not in a hot loop.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** An error as it may be logged: type and message, which the writer keeps free of credentials. */
    static String describe(Throwable e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().replaceAll("[\\r\\n]+", " ");
        if (msg.length() > 300) {
            msg = msg.substring(0, 300) + "…";
        }
        return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    @Override
    public String toString() {
        return "ClickHouseEventSink[" + description + "]";
    }
}
