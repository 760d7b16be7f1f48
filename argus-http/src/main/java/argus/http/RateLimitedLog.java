package argus.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * At most one log line per interval for events a remote client can cause at will (rejected tokens,
 * hostile requests): a token guesser must not be able to flood the bot's log. The line that is
 * written says how many were left out since the last one.
 *
 * <pre>{@code
 * RateLimitedLog rejections = new RateLimitedLog(Duration.ofSeconds(1));
 * rejections.log(skipped -> LOG.warn("Rejected ...{}", skipped == 0 ? "" : " (" + skipped + " more)"));
 * }</pre>
 */
public final class RateLimitedLog {
    private final long intervalNanos;
    private final AtomicLong nextLog = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(java.time.Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Calls {@code line} with the number of events not logged since the last line, or counts this one. */
    public void log(LongConsumer line) {
        long now = System.nanoTime();
        long next = nextLog.get();
        if (now - next < 0 || !nextLog.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        line.accept(suppressed.getAndSet(0));
    }

    /** The usual suffix for a line: empty, or " (N more … not logged)". */
    public static String more(long skipped, String what) {
        return skipped == 0 ? "" : " (" + skipped + " more " + what + " not logged)";
    }
}
