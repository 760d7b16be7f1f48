package argus.sink.clickhouse;

import argus.api.health.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * What the sink's worker has achieved lately, and the sink's health derived from it. Health comes
 * from progress rather than from counting failures, because a hung server produces no failure at
 * all until a request times out: the sink is down when events wait and nothing has been written
 * for {@link #hangAfterNanos} (plus the flush interval the worker may legitimately wait), or when
 * one insert has waited that long for an answer.
 *
 * <p>Three states, told apart in {@link Health#detail()}: <b>slow</b> (up: inserts succeed but one
 * took, or has been waiting, longer than a quarter of the hang bound), <b>hung</b> (down: the server
 * takes requests and does not answer) and <b>refused</b> (down: the server cannot be reached at all).
 * Every change between up, slow and down is logged once, so an outage costs two log lines, not one
 * per retry.
 *
 * <p>The worker writes the fields; {@link #health} is read by the exporter and {@code /healthz},
 * never by bot threads.
 */
final class WriteProgress {
    private static final Logger LOG = LoggerFactory.getLogger(WriteProgress.class);
    /** The hang bound at most: a hung server is reported within this (plus the flush interval) even with a longer request timeout. */
    static final Duration MAX_HANG_AFTER = Duration.ofSeconds(10);

    enum State { UP, SLOW, DOWN }

    private final String description;
    private final IntSupplier held;
    private final long hangAfterNanos;
    private final long slowAfterNanos;
    private final long flushIntervalNanos;
    private final int capacity;

    /** Last time the worker wrote a batch, or found nothing to write; events waiting since then are late. */
    private volatile long lastProgressNanos;
    private volatile boolean everWritten;
    private volatile long lastInsertNanos;
    private volatile int lastInsertEvents;
    /** Start of the request the worker is waiting on, or {@link #NONE}. */
    private volatile long inFlightSinceNanos = NONE;
    /** Why the last attempt failed (type and message), or null after a success. */
    private volatile String lastError;
    /** The last attempt failed and the probe found the server unreachable: "refused" or "hung" and since when. */
    private volatile String unreachableKind;
    private volatile long unreachableSinceNanos;

    private final AtomicReference<State> reported = new AtomicReference<>(State.UP);
    private volatile long downSinceNanos;

    private static final long NONE = Long.MIN_VALUE;

    WriteProgress(String description, IntSupplier held, int capacity, Duration requestTimeout, Duration flushInterval) {
        this.description = description;
        this.held = held;
        this.capacity = capacity;
        this.hangAfterNanos = Math.min(requestTimeout.toNanos(), MAX_HANG_AFTER.toNanos());
        this.slowAfterNanos = hangAfterNanos / 4;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.lastProgressNanos = System.nanoTime();
    }

    /** The worker found nothing to write: nothing is late. */
    void idle(long now) {
        lastProgressNanos = now;
    }

    /** The worker sends a request (schema or insert) and waits for the answer. */
    void attempting(long now) {
        inFlightSinceNanos = now;
    }

    void written(long now, int events, long tookNanos) {
        lastInsertNanos = tookNanos;
        lastInsertEvents = events;
        lastProgressNanos = now;
        everWritten = true;
        lastError = null;
        unreachableKind = null;
        inFlightSinceNanos = NONE;
    }

    /** The attempt failed but the server answers the probe (it refused this batch, or answered too late). */
    void failed(Throwable error) {
        lastError = ClickHouseEventSink.describe(rootCause(error));
        unreachableKind = null;
        inFlightSinceNanos = NONE;
    }

    /** The attempt failed and the probe found the server unreachable: down at once, no need to wait for the bound. */
    void unreachable(long now, Throwable error) {
        lastError = ClickHouseEventSink.describe(rootCause(error));
        if (unreachableKind == null) {
            unreachableSinceNanos = now;
        }
        unreachableKind = timedOut(error) ? "hung" : "refused";
        inFlightSinceNanos = NONE;
    }

    /** The probe is answered again. */
    void reachableAgain() {
        unreachableKind = null;
    }

    /** The current health, logging the change when it differs from the last one reported. */
    Health health() {
        long now = System.nanoTime();
        int pending = held.getAsInt();
        State state;
        String detail;
        String unreachable = unreachableKind;
        long inFlight = inFlightSinceNanos;
        long late = now - lastProgressNanos;
        if (unreachable != null) {
            state = State.DOWN;
            detail = unreachable + ": " + (unreachable.equals("hung") ? "ClickHouse takes requests but does not answer"
                    : "ClickHouse cannot be reached") + " (" + lastError + ") for " + seconds(now - unreachableSinceNanos)
                    + ", " + pendingText(pending) + "; probing every " + seconds(ClickHouseEventSink.PROBE_INTERVAL_NANOS);
        } else if (inFlight != NONE && now - inFlight > hangAfterNanos) {
            state = State.DOWN;
            detail = "hung: an insert has waited " + seconds(now - inFlight) + " for an answer; no successful write for "
                    + seconds(late) + " with " + pendingText(pending);
        } else if (pending > 0 && late > hangAfterNanos + flushIntervalNanos) {
            state = State.DOWN;
            detail = "hung: no successful write for " + seconds(late) + " with " + pendingText(pending)
                    + (lastError == null ? "" : "; last error: " + lastError);
        } else if (inFlight != NONE && now - inFlight > slowAfterNanos) {
            state = State.SLOW;
            detail = "slow: an insert has waited " + seconds(now - inFlight) + " for an answer; " + pendingText(pending);
        } else if (everWritten && lastInsertNanos > slowAfterNanos) {
            state = State.SLOW;
            detail = "slow: the last insert of " + lastInsertEvents + " events took " + seconds(lastInsertNanos) + "; "
                    + pendingText(pending);
        } else {
            state = State.UP;
            detail = everWritten ? "writing to " + description : "not connected yet";
        }
        report(state, detail, now);
        return state == State.DOWN ? Health.down(detail) : Health.up(detail);
    }

    private void report(State state, String detail, long now) {
        State before = reported.getAndSet(state);
        if (before == state) {
            return;
        }
        if (state == State.DOWN) {
            downSinceNanos = now;
            LOG.warn("ClickHouse sink down: {}. Up to {} events are held, then new ones are dropped and counted; "
                    + "the bot is unaffected.", detail, capacity);
        } else if (before == State.DOWN) {
            LOG.info("ClickHouse sink up again after {} down: {}", seconds(now - downSinceNanos), detail);
        } else if (state == State.SLOW) {
            LOG.info("ClickHouse sink {}", detail);
        } else {
            LOG.info("ClickHouse sink no longer slow: {}", detail);
        }
    }

    private static String pendingText(int pending) {
        return pending + (pending == 1 ? " event pending" : " events pending");
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : Math.round(s) + " s";
    }

    /** The innermost cause: "ConnectException: Connection refused" says more than the client's wrapper. */
    private static Throwable rootCause(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < 10; depth++) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
