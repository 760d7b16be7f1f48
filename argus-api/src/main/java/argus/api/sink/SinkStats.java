package argus.api.sink;

/**
 * Exact accounting of a sink since it was opened: every event offered to {@link EventSink#record}
 * ends in exactly one bucket, so {@code accepted + rejected = offered} and
 * {@code accepted = written + failed + pending} at any instant the numbers are read together.
 *
 * @param offered  events handed to {@code record}
 * @param accepted events that entered the queue
 * @param dropped  events refused because the queue was full or the sink closed (never queued)
 * @param written  events confirmed written to the store
 * @param failed   accepted events given up on (store errors after retries, or not drained at close)
 * @param pending  accepted events not yet written or failed (queued or in flight)
 */
public record SinkStats(long offered, long accepted, long dropped, long written, long failed, long pending) {
    public static final SinkStats EMPTY = new SinkStats(0, 0, 0, 0, 0, 0);
}
