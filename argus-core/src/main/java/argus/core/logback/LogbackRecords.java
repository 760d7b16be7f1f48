package argus.core.logback;

import argus.core.registry.Counter;
import argus.core.registry.MetricRegistry;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * The one class that touches Logback, in a package of its own that core does not export (so nothing that
 * reads core's API loads it), and loaded by {@code argus.core.LogRecords} only when the SLF4J backend is a
 * Logback {@link LoggerContext}: a turbo filter, which Logback asks about every record before it is
 * built, that counts the record when it passes its logger's effective level and never changes the
 * decision ({@link FilterReply#NEUTRAL}). The idea is Micrometer's {@code LogbackMetrics}.
 *
 * <p>On the logging thread: two map lookups and a counter increment (the label child is cached by the
 * registry's index), no I/O, no allocation (about 17 ns per record, BENCHMARKS.md §8); no lock but for a
 * logger name past {@code label_cap}, which takes the index's short synchronised path to {@code other} on
 * each record, as every capped label does. Any failure is counted in
 * {@code argus_instrumentation_errors_total{hook="log_records"}} and the record goes on (invariant 5).
 *
 * <p>Levels take argus-dpy's names, which are Python's: {@code ERROR}, {@code WARNING} (Logback's WARN),
 * {@code INFO}, {@code DEBUG}, and {@code TRACE}, which Python does not have.
 */
public final class LogbackRecords extends TurboFilter implements AutoCloseable {
    private final LoggerContext context;
    private final Counter records;
    private final MetricRegistry registry;
    private final Keeper keeper = new Keeper();
    private volatile boolean closed;

    private LogbackRecords(LoggerContext context, Counter records, MetricRegistry registry) {
        this.context = context;
        this.records = records;
        this.registry = registry;
        setName("argus-log-records");
    }

    /** Adds a filter counting into {@code records} to {@code backend} (a LoggerContext); close removes it. */
    public static AutoCloseable install(Object backend, Counter records, MetricRegistry registry) {
        LoggerContext context = (LoggerContext) backend;
        LogbackRecords filter = new LogbackRecords(context, records, registry);
        filter.start();
        context.addTurboFilter(filter);
        context.addListener(filter.keeper);
        return filter;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // isDebugEnabled() and its kind ask too, without a message: a question, not a record.
        if (format == null) {
            return FilterReply.NEUTRAL;
        }
        try {
            // Not logger.isEnabledFor(level): that asks the turbo filters again, this one included.
            if (level.isGreaterOrEqual(logger.getEffectiveLevel())) {
                records.labels(logger.getName(), label(level)).inc();
            }
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            // recordError logs at most once a minute per hook, so a failure here cannot recurse for long.
            registry.recordError("log_records", e);
        }
        return FilterReply.NEUTRAL;
    }

    /** argus-dpy's (Python's) level names where the meaning is the same. */
    public static String label(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "ERROR";
            case Level.WARN_INT -> "WARNING";
            case Level.INFO_INT -> "INFO";
            case Level.DEBUG_INT -> "DEBUG";
            case Level.TRACE_INT -> "TRACE";
            default -> level.toString();
        };
    }

    @Override
    public void close() {
        closed = true;
        context.removeListener(keeper);
        context.getTurboFilterList().remove(this);
        stop();
    }

    /**
     * Logback clears its turbo filters when it is reconfigured (a {@code logback.xml} edit with
     * {@code scan="true"}, as the Felix distribution's): this puts the filter back, as long as it is open.
     */
    private final class Keeper implements LoggerContextListener {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext reset) {
            if (!closed && !reset.getTurboFilterList().contains(LogbackRecords.this)) {
                start();
                reset.addTurboFilter(LogbackRecords.this);
            }
        }

        @Override
        public void onStart(LoggerContext started) {
            // nothing: the filter is in place already
        }

        @Override
        public void onStop(LoggerContext stopped) {
            // nothing: a stopped context logs no more
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
            // nothing: the effective level is read per record
        }
    }
}
