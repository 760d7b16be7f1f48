package argus.core.instrument;

import argus.api.instrument.Counter;
import argus.api.instrument.Histogram;
import argus.api.instrument.Instrumentation;
import argus.api.instrument.Sample;
import argus.core.jda.TextCommands;
import argus.core.registry.LabelPolicy;
import argus.core.registry.MetricRegistry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * {@link Instrumentation} on Argus' own {@link MetricRegistry}: the bot's metrics get the registry's
 * guards (label names checked at definition, per-label value cap, single-writer cells) and every
 * exporter that reads the registry, with no second endpoint.
 *
 * <pre>{@code
 * Instrumentation metrics = new UserMetrics(registry, "discord");
 * try (var t = metrics.timer("db_query")) { ... }      // discord_db_query_seconds
 * }</pre>
 *
 * Definitions are idempotent (same kind, labels and buckets give the same object) because bot code
 * defines metrics where it uses them, often from several classes, and OSGi bundles define them again
 * at every restart. Every recording path catches its own failures and counts them under one fixed
 * hook, {@value #HOOK}, so a bot's mistake can neither throw into its code nor add error series.
 */
public final class UserMetrics implements Instrumentation {
    /** The {@code hook} label of {@code argus_instrumentation_errors_total} for everything here. */
    public static final String HOOK = "user_metrics";
    /** Timer buckets: a database call to a slow job, 1 ms to 60 s. */
    static final double[] TIMER_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    static final int MAX_BUCKETS = 50;
    private static final Sample NOTHING = () -> { };

    private final MetricRegistry registry;
    private final String prefix;
    /** Full family name to definition; new ones are added under {@code this}, reads are lock-free (hot path). */
    private final Map<String, Definition> defined = new ConcurrentHashMap<>();
    /** Timer name as the bot wrote it to its series: one map lookup per {@code timer(..)}. */
    private final Map<String, argus.core.registry.Histogram.Child> timers = new ConcurrentHashMap<>();
    private final Map<String, argus.core.registry.Counter> exceptions = new ConcurrentHashMap<>();
    private final TextCommands textCommands;

    /**
     * With the prefix-command families in {@code registry} of its own (tests, benchmarks).
     *
     * @param namespace the bot metrics' prefix ({@code namespace} setting), may be empty
     */
    public UserMetrics(MetricRegistry registry, String namespace) {
        this(registry, namespace, TextCommands.register(registry, namespace));
    }

    /** @param textCommands where {@link #command} records (Argus' {@code BotMetrics}) */
    public UserMetrics(MetricRegistry registry, String namespace, TextCommands textCommands) {
        this.registry = registry;
        this.prefix = namespace.isEmpty() ? "" : namespace + "_";
        this.textCommands = textCommands;
    }

    /** The full names of the families the bot defined, in definition order of first use (dashboard). */
    public List<String> names() {
        return defined.values().stream().sorted((a, b) -> Long.compare(a.order, b.order)).map(d -> d.name).toList();
    }

    // ---- timing ------------------------------------------------------------------------------

    @Override
    public Sample timer(String name) {
        argus.core.registry.Histogram.Child h = timerSeries(name);
        return h == null ? NOTHING : new Timing(h, System.nanoTime());
    }

    @Override
    public <T> T time(String name, Callable<T> work) throws Exception {
        argus.core.registry.Histogram.Child h = timerSeries(name);
        long start = System.nanoTime();
        try {
            return work.call();
        } finally {
            record(h, start);
        }
    }

    @Override
    public void time(String name, Runnable work) {
        argus.core.registry.Histogram.Child h = timerSeries(name);
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            record(h, start);
        }
    }

    private void record(argus.core.registry.Histogram.Child h, long start) {
        if (h != null) {
            try {
                h.observe((System.nanoTime() - start) / 1e9);
            } catch (RuntimeException e) {
                registry.recordError(HOOK, e);
            }
        }
    }

    /** The timer's series, defined on first use; null (counted) when the name cannot be a metric. */
    private argus.core.registry.Histogram.Child timerSeries(String name) {
        if (name != null) {
            argus.core.registry.Histogram.Child h = timers.get(name);
            if (h != null) {
                return h;
            }
        }
        try {
            if (name == null) { // else it would become the family "<namespace>_null_seconds"
                throw new IllegalArgumentException("timer(null): a timer needs a name");
            }
            String base = name.endsWith("_seconds") ? name : name + "_seconds";
            argus.core.registry.Histogram.Child h = defineHistogram(base,
                    "Duration of '" + name + "' in seconds (timed by the bot through Argus)", "seconds", TIMER_BUCKETS,
                    new String[0]).unlabelled();
            timers.putIfAbsent(name, h);
            return h;
        } catch (RuntimeException e) {
            registry.recordError(HOOK, e);
            return null;
        }
    }

    /** A running timing; close() records once. Not shared between threads, so a plain flag suffices. */
    private final class Timing implements Sample {
        private final argus.core.registry.Histogram.Child series;
        private final long start;
        private boolean closed;

        Timing(argus.core.registry.Histogram.Child series, long start) {
            this.series = series;
            this.start = start;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                record(series, start);
            }
        }
    }

    // ---- prefix commands ---------------------------------------------------------------------

    @Override
    public <T> T command(String name, Callable<T> work) throws Exception {
        long start = System.nanoTime();
        Throwable failed = null;
        try {
            return work.call();
        } catch (Exception | Error e) {
            failed = e;
            throw e;
        } finally {
            recordCommand(name, start, failed);
        }
    }

    @Override
    public void command(String name, Runnable work) {
        long start = System.nanoTime();
        Throwable failed = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failed = e;
            throw e;
        } finally {
            recordCommand(name, start, failed);
        }
    }

    private void recordCommand(String name, long start, Throwable failed) {
        try {
            if (name == null) {
                throw new IllegalArgumentException("a prefix command needs a name");
            }
            textCommands.record(name, (System.nanoTime() - start) / 1e9, failed);
        } catch (RuntimeException e) {
            registry.recordError(HOOK, e);
        }
    }

    // ---- exceptions --------------------------------------------------------------------------

    @Override
    public <T> T countExceptions(String name, Callable<T> work) throws Exception {
        argus.core.registry.Counter c = exceptionCounter(name);
        try {
            return work.call();
        } catch (Exception | Error e) {
            countException(c, e);
            throw e;
        }
    }

    @Override
    public void countExceptions(String name, Runnable work) {
        argus.core.registry.Counter c = exceptionCounter(name);
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            countException(c, e);
            throw e;
        }
    }

    /** Defined at the first call rather than the first exception, so the family is scraped (empty) from the start. */
    private argus.core.registry.Counter exceptionCounter(String name) {
        if (name != null) {
            argus.core.registry.Counter c = exceptions.get(name);
            if (c != null) {
                return c;
            }
        }
        try {
            if (name == null) { // else it would become the family "<namespace>_null_exceptions"
                throw new IllegalArgumentException("countExceptions(null, ..): the count needs a name");
            }
            argus.core.registry.Counter c = defineCounter(name + "_exceptions",
                    "Exceptions thrown by '" + name + "', by exception class (counted by the bot through Argus)",
                    new String[] {"exception"});
            exceptions.putIfAbsent(name, c);
            return c;
        } catch (RuntimeException e) {
            registry.recordError(HOOK, e);
            return null;
        }
    }

    private void countException(argus.core.registry.Counter c, Throwable e) {
        if (c == null) {
            return;
        }
        try {
            String type = e.getClass().getSimpleName();
            c.labels(type.isEmpty() ? e.getClass().getName() : type).inc(); // anonymous classes have no simple name
        } catch (RuntimeException failure) {
            registry.recordError(HOOK, failure);
        }
    }

    // ---- definitions -------------------------------------------------------------------------

    @Override
    public Counter counter(String name, String help, String... labelNames) {
        return new UserCounter(defineCounter(name, help, labelNames), labelNames.length, registry);
    }

    @Override
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        if (buckets == null || buckets.length > MAX_BUCKETS) {
            throw new IllegalArgumentException("Histogram '" + name + "' needs 1 to " + MAX_BUCKETS + " buckets");
        }
        return new UserHistogram(defineHistogram(name, help, "", buckets, labelNames), labelNames.length, registry);
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
        if (value == null) {
            throw new IllegalArgumentException("Gauge '" + name + "' needs a value callback");
        }
        Definition d = define(name, Kind.GAUGE, help, List.of(), null, full -> {
            GaugeCell cell = new GaugeCell(value);
            registry.gauge(full, help, "", List.of(), out -> out.emit(cell.value.getAsDouble()));
            return cell;
        });
        ((GaugeCell) d.metric).value = value; // a redefinition (bundle restart) replaces the old callback
    }

    private argus.core.registry.Counter defineCounter(String name, String help, String[] labelNames) {
        return (argus.core.registry.Counter) define(name, Kind.COUNTER, help, List.of(labelNames), null,
                full -> registry.counter(full, help, labelNames)).metric;
    }

    private argus.core.registry.Histogram defineHistogram(String name, String help, String unit, double[] buckets,
                                                           String[] labelNames) {
        return (argus.core.registry.Histogram) define(name, Kind.HISTOGRAM, help, List.of(labelNames), buckets.clone(),
                full -> registry.histogram(full, help, unit, buckets, labelNames)).metric;
    }

    private interface Factory {
        Object create(String fullName);
    }

    /**
     * Only a new, admissible name under the cap takes the lock (at most {@value #MAX_METRICS} times in a
     * process). What is already defined, and what is refused for an id in the name or for the cap, is
     * answered without it: the hot path ({@link #timer}, {@link #countExceptions}) comes here on every
     * call with such a name (e.g. {@code timer("query_" + guildId)}), and must never wait behind another
     * thread's definition.
     */
    private Definition define(String name, Kind kind, String help, List<String> labels, double[] buckets,
                              Factory factory) {
        if (name == null || !LabelPolicy.admissible(name)) {
            // e.g. timer("query_" + guildId): one family per id would be unbounded
            throw new IllegalArgumentException("'" + name + "' is not a bounded metric name (ids are never names)");
        }
        String full = prefix + name;
        Definition existing = defined.get(full);
        if (existing != null) {
            return sameAs(existing, kind, labels, buckets);
        }
        if (defined.size() >= MAX_METRICS) {
            throw refused(full);
        }
        synchronized (this) {
            existing = defined.get(full);
            if (existing != null) { // defined by another thread meanwhile
                return sameAs(existing, kind, labels, buckets);
            }
            if (defined.size() >= MAX_METRICS) {
                throw refused(full);
            }
            Object metric;
            try {
                metric = factory.create(full);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().endsWith("is already defined")) {
                    throw new IllegalArgumentException("Metric '" + full + "' is one of Argus' own metrics; choose another name", e);
                }
                throw e;
            }
            Definition d = new Definition(full, kind, labels, buckets, metric, defined.size());
            defined.put(full, d);
            return d;
        }
    }

    private static Definition sameAs(Definition existing, Kind kind, List<String> labels, double[] buckets) {
        if (existing.kind != kind || !existing.labels.equals(labels) || !Arrays.equals(existing.buckets, buckets)) {
            throw new IllegalArgumentException("Metric '" + existing.name + "' is already defined as a " + existing.kind
                    + " with labels " + existing.labels
                    + (existing.buckets == null ? "" : " and buckets " + Arrays.toString(existing.buckets)));
        }
        return existing;
    }

    private static IllegalArgumentException refused(String full) {
        return new IllegalArgumentException("Metric '" + full + "' refused: " + MAX_METRICS
                + " metrics are defined already (names must come from a fixed set)");
    }

    private enum Kind { COUNTER, GAUGE, HISTOGRAM }

    private record Definition(String name, Kind kind, List<String> labels, double[] buckets, Object metric, long order) {
    }

    /** A gauge's current callback: replaced when the gauge is defined again. */
    private static final class GaugeCell {
        volatile DoubleSupplier value;

        GaugeCell(DoubleSupplier value) {
            this.value = value;
        }
    }
}
