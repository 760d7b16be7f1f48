package argus.web.api;

import java.time.Duration;

/**
 * Tuning of the live APIs.
 *
 * @param interval   how often {@code /api/stream} pushes a snapshot (one build per interval)
 * @param heartbeat  longest silence on a stream before a comment line keeps proxies from closing it
 * @param maxStreams concurrent streams; more get 503 and poll {@code /api/snapshot} instead
 */
public record LiveOptions(Duration interval, Duration heartbeat, int maxStreams) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    /**
     * Streams are asynchronous (no thread per viewer) and share one build per interval: measured, 32
     * streams cost the server no more CPU than one, while each refused viewer's polling fallback costs
     * more than a stream (BENCHMARKS.md, issue 4). So the cap is generous; it bounds memory and sockets.
     */
    public static final int DEFAULT_MAX_STREAMS = 128;

    public LiveOptions {
        if (interval.toMillis() < 10 || heartbeat.isNegative() || maxStreams < 1) {
            throw new IllegalArgumentException("interval >= 10 ms, heartbeat >= 0 and maxStreams >= 1 are required");
        }
    }

    public static LiveOptions defaults() {
        return new LiveOptions(DEFAULT_INTERVAL, Duration.ofSeconds(15), DEFAULT_MAX_STREAMS);
    }
}
