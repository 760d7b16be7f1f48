package argus.api.query;

/**
 * Statistics of one application command in one guild; durations in milliseconds.
 *
 * @param errorRate errors / count, from 0 to 1
 */
public record CommandStats(String command, long count, double avgMs, double p50Ms, double p95Ms, double p99Ms,
                           double errorRate) {
}
