package argus.api.instrument;

/**
 * A counter the bot defined with {@link Instrumentation#counter}. Exported as {@code <name>_total}.
 * Updates never throw: a misuse (wrong number of label values, a negative amount) is ignored and
 * counted in {@code argus_instrumentation_errors_total}.
 *
 * <pre>{@code
 * Counter jobs = instrumentation.counter("jobs", "Background jobs run, by job and outcome", "job", "outcome");
 * Counter.Child nightlyOk = jobs.labels("nightly", "ok");   // cache children on hot paths
 * nightlyOk.inc();
 * }</pre>
 */
public interface Counter {
    /**
     * The series with these label values, in the order the label names were defined. A value never seen
     * before is admitted until the label holds {@code label_cap} values; after that, and for id-like values
     * (long digit runs), the series is {@code other} and the overflow is counted.
     */
    Child labels(String... labelValues);

    /** Adds one, for a counter defined without labels. */
    void inc();

    /** Adds {@code amount} (not negative), for a counter defined without labels. */
    void inc(long amount);

    /** One labelled series. */
    interface Child {
        void inc();

        /** Adds {@code amount}; a negative amount is ignored and counted as an error. */
        void inc(long amount);
    }
}
