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
 * events into the store.
 *
 * <ul>
 *   <li>{@link #record} never blocks and never does I/O: once {@code capacity} events are held it
 *       drops the event and counts it;</li>
 *   <li>the memory bound is exact: events queued, in the batch the worker has in hand and in flight
 *       together never exceed {@code capacity} (an event counts as held until written or failed);</li>
 *   <li>the worker writes when a batch is full or the flush interval has passed;</li>
 *   <li>a store that cannot be reached keeps the batch in hand and is probed with a cheap request
 *       every {@link #PROBE_INTERVAL_NANOS}; the batch is retried as soon as the probe is answered,
 *       however long the outage lasted;</li>
 *   <li>a batch the store keeps refusing while it is reachable is retried with a doubling back-off
 *       and given up after {@value #MAX_ATTEMPTS_WHILE_REACHABLE} attempts, counted as failed;</li>
 *   <li>health (up, slow, hung, refused) is derived from write progress by {@link WriteProgress};</li>
 *   <li>{@link #close} drains what was accepted within the timeout and counts the rest as failed.</li>
 * </ul>
 * Accounting is exact: {@code offered = accepted + dropped} and
 * {@code accepted = written + failed + pending}.
 */
public final class ClickHouseEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseEventSink.class);
    static final int MAX_ATTEMPTS_WHILE_REACHABLE = 3;
    /** Back-off of retries against a server that answers but fails the write (heavy: a whole batch or the DDL). */
    static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Probe period while the server cannot be reached: bounds the time from its return to the next write. */
    static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BatchWriter writer;
    private final int capacity;
    private final int batchSize;
    private final long flushIntervalNanos;
    /** Held count at which record() wakes the worker early: a full batch, or half the capacity if smaller. */
    private final int wakeAt;
    private final String description;
    private final WriteProgress progress;

    private final ConcurrentLinkedQueue<AnalyticsEvent> queue = new ConcurrentLinkedQueue<>();
    /** Events in memory: queued, in the worker's batch or in flight. Released only once written or failed. */
    private final AtomicInteger held = new AtomicInteger();
    // LongAdder: record() runs on every shard's thread at once; AtomicLong would be a contended CAS.
    private final LongAdder offered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private final Thread worker;
    private volatile boolean accepting = true;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile boolean stopping;
    private volatile boolean closed;

    ClickHouseEventSink(BatchWriter writer, int capacity, int batchSize, Duration flushInterval, String description) {
        this(writer, capacity, batchSize, flushInterval, Duration.ofSeconds(10), description);
    }

    ClickHouseEventSink(BatchWriter writer, int capacity, int batchSize, Duration flushInterval, Duration requestTimeout,
                        String description) {
        this.writer = writer;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.wakeAt = Math.max(1, Math.min(batchSize, capacity / 2));
        this.description = description;
        this.progress = new WriteProgress(description, held::get, capacity, requestTimeout, flushInterval);
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
        if (!accepting || (length = held.incrementAndGet()) > capacity) {
            if (accepting) {
                held.decrementAndGet();
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
        return closed ? Health.down("closed") : progress.health();
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
            late++;
        }
        failed.addAndGet(late);
        held.addAndGet((int) -late);
    }

    private void run() {
        List<AnalyticsEvent> batch = new ArrayList<>(Math.min(batchSize, capacity));
        boolean prepared = false;
        boolean probing = false;
        int attemptsWhileReachable = 0;
        long backoffNanos = MIN_BACKOFF_NANOS;
        long nextAttempt = System.nanoTime();
        long lastFlush = System.nanoTime();
        while (true) {
            fill(batch);
            long now = System.nanoTime();
            if (held.get() == 0) {
                progress.idle(now);
            }
            progress.health(); // logs a change of state even when nobody scrapes
            boolean due = batch.size() >= wakeAt || (!batch.isEmpty() && now - lastFlush >= flushIntervalNanos)
                    || (stopping && !batch.isEmpty());
            if (stopping && batch.isEmpty() && !queue.isEmpty() && now - drainDeadlineNanos < 0) {
                // An event recorded before close() may have reached the queue after fill() looked: close()
                // publishes 'stopping' after every such offer, so a look now finds it. Stopping on the empty
                // batch alone counted it as failed.
                continue;
            }
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
            if (probing) {
                // The server was unreachable: a cheap probe each interval instead of the whole batch, and
                // the batch at once when it answers, whatever back-off the failures before had reached.
                if (!writer.reachable()) {
                    sleepUntilStoppingOr(PROBE_INTERVAL_NANOS);
                    continue;
                }
                probing = false;
                progress.reachableAgain();
                nextAttempt = now;
                backoffNanos = MIN_BACKOFF_NANOS;
            }
            if (now - nextAttempt < 0 && !stopping) { // closing: the drain deadline is the only limit left
                sleepUntilStoppingOr(nextAttempt - now);
                continue;
            }
            long started = System.nanoTime();
            progress.attempting(started);
            try {
                if (!prepared) {
                    writer.prepare();
                    prepared = true;
                }
                writer.write(batch);
                int n = batch.size();
                batch.clear();
                written.addAndGet(n);
                held.addAndGet(-n); // after clear(): the memory is released before new events may take its place
                lastFlush = System.nanoTime();
                progress.written(lastFlush, n, lastFlush - started);
                attemptsWhileReachable = 0;
                backoffNanos = MIN_BACKOFF_NANOS;
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                if (!writer.reachable()) {
                    prepared = false; // a server that comes back may be a fresh one without the table
                    probing = true;
                    progress.unreachable(System.nanoTime(), e);
                    continue;
                }
                progress.failed(e);
                if (prepared) {
                    attemptsWhileReachable++;
                }
                if (attemptsWhileReachable >= MAX_ATTEMPTS_WHILE_REACHABLE) {
                    int n = batch.size();
                    batch.clear();
                    failed.addAndGet(n);
                    held.addAndGet(-n);
                    LOG.error("ClickHouse refused a batch of {} analytics events {} times while reachable; giving up "
                            + "on it (counted in argus_history_events_failed_total): {}", n,
                            attemptsWhileReachable, describe(e));
                    attemptsWhileReachable = 0;
                    continue;
                }
                nextAttempt = System.nanoTime() + backoffNanos;
                backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
                if (stopping) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // retrying until the deadline, not in a hot loop
                }
            }
        }
        // Whatever could not be written before the deadline is accounted as failed, never lost silently.
        long left = batch.size();
        batch.clear();
        while (queue.poll() != null) {
            left++;
        }
        if (left > 0) {
            failed.addAndGet(left);
            held.addAndGet((int) -left);
            LOG.warn("ClickHouse sink closed with {} accepted events unwritten (counted as failed)", left);
        }
        writer.close();
        closed = true;
    }

    /** Moves queued events into the batch; they stay counted in {@link #held} until written or failed. */
    private void fill(List<AnalyticsEvent> batch) {
        AnalyticsEvent e;
        while (batch.size() < batchSize && (e = queue.poll()) != null) {
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
