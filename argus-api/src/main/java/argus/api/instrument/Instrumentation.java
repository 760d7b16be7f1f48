package argus.api.instrument;

import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/**
 * Times and counts the bot's own code into Argus' registry, with the guarantees of the Discord
 * metrics: served on the same {@code /metrics} (and dashboard, "custom" section), named in the bot's
 * namespace ({@code discord_} by default), bounded (id-like label names refused, a per-label cap on
 * values with overflow to {@code other}, at most {@link #MAX_METRICS} metrics defined) and fail-open.
 *
 * <pre>{@code
 * Instrumentation metrics = argus.instrumentation();        // or an OSGi @Reference
 *
 * try (Sample t = metrics.timer("db_query")) {              // discord_db_query_seconds
 *     rows = db.query(sql);
 * }
 * metrics.time("nightly_job", this::runNightly);            // discord_nightly_job_seconds
 * metrics.countExceptions("payments", this::charge);        // discord_payments_exceptions_total{exception}
 *
 * Counter jobs = metrics.counter("jobs", "Jobs run by outcome", "outcome");   // discord_jobs_total{outcome}
 * metrics.gauge("queue_depth", "Jobs waiting", queue::size);                  // discord_queue_depth
 *
 * metrics.command("help", () -> help(message));   // prefix command: discord_commands_total{command,status}
 * }</pre>
 *
 * <p>Two kinds of failure are kept apart. A <em>definition</em> that can never be valid (a malformed
 * name, a label name that denotes an id such as {@code user_id}, a name taken by another kind of
 * metric) throws {@link IllegalArgumentException} from {@link #counter}, {@link #gauge} and
 * {@link #histogram}, so it shows the first time the code runs. Defining the same metric again
 * returns the same one (safe from several classes, or after an OSGi bundle restart). Everything on
 * the hot path ({@link #timer}, {@link #time}, {@link #countExceptions}, updates) never throws because
 * of Argus: a bad name or a misuse records nothing and is counted in
 * {@code argus_instrumentation_errors_total{hook="user_metrics"}}. The bot's own exceptions pass
 * through unchanged.
 */
public interface Instrumentation {
    /** Metrics one process may define through this API; further names are refused and counted. */
    int MAX_METRICS = 200;

    /**
     * Starts timing; closing the sample records the elapsed seconds into histogram
     * {@code <namespace>_<name>_seconds} (buckets from 1 ms to 60 s), defined on first use.
     */
    Sample timer(String name);

    /** Runs {@code work} and records its duration into {@code <namespace>_<name>_seconds}, also when it throws. */
    <T> T time(String name, Callable<T> work) throws Exception;

    /** As {@link #time(String, Callable)}, for a {@code Runnable}. */
    void time(String name, Runnable work);

    /**
     * Runs {@code work}; if it throws, counts {@code <namespace>_<name>_exceptions_total{exception}} by the
     * exception's simple class name (capped like any label) and rethrows it unchanged.
     */
    <T> T countExceptions(String name, Callable<T> work) throws Exception;

    /** As {@link #countExceptions(String, Callable)}, for a {@code Runnable}. */
    void countExceptions(String name, Runnable work);

    /**
     * Runs {@code work} as the bot's prefix (text) command {@code name} (e.g. {@code help} for
     * {@code !help}), in the catalogue's series shared with argus-dpy: {@code <namespace>_commands_total
     * {command,status}} (success, or error when it throws), {@code <namespace>_command_duration_seconds
     * {command}} and, when it throws, {@code <namespace>_command_errors_total{command,error_type}} by the
     * exception's simple class name. JDA has no prefix-command framework for Argus to observe: a bot
     * declares its commands by running them through here. The exception is rethrown unchanged. Time
     * what the handler does: a reply only queued ({@code queue()}) is not waited for.
     *
     * <p>The default runs {@code work} and records nothing, so implementations written before this
     * method (a bot's test double) keep compiling; Argus' own records.
     */
    default <T> T command(String name, Callable<T> work) throws Exception {
        return work.call();
    }

    /** As {@link #command(String, Callable)}, for a {@code Runnable}. */
    default void command(String name, Runnable work) {
        work.run();
    }

    /**
     * Defines (or returns the already defined) counter {@code <namespace>_<name>}, exported as
     * {@code _total}. Give the base name: {@code jobs}, not {@code jobs_total}.
     *
     * @throws IllegalArgumentException for an invalid or id-like name or label name, or a name in use
     *                                  with other labels or by another kind of metric
     */
    Counter counter(String name, String help, String... labelNames);

    /**
     * Defines gauge {@code <namespace>_<name>}, read by calling {@code value} at every scrape (keep it
     * cheap; NaN omits the point, an exception loses only this gauge for that scrape and is counted).
     * Defining it again replaces the callback.
     *
     * @throws IllegalArgumentException for an invalid name, or a name in use by another kind of metric
     */
    void gauge(String name, String help, DoubleSupplier value);

    /**
     * Defines (or returns the already defined) histogram {@code <namespace>_<name>} with these bucket
     * upper bounds (finite, ascending, at most 50; {@code +Inf} is added).
     *
     * @throws IllegalArgumentException for invalid buckets, an invalid or id-like name or label name, or
     *                                  a name in use with other buckets, labels or kind
     */
    Histogram histogram(String name, String help, double[] buckets, String... labelNames);

    /**
     * An instrumentation that records nothing: for tests of bot code, or for a bot running without Argus.
     */
    static Instrumentation noop() {
        return Noop.INSTANCE;
    }
}
