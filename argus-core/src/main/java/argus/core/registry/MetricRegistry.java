package argus.core.registry;

import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.MetricsSource;
import argus.api.metrics.ValuePoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The backend-neutral metric registry (docs/ARCHITECTURE.md §1): counters, fixed-bucket histograms, callback
 * gauges/counters and info metrics, rendered by nobody here. Exporters and the dashboard read
 * {@link #snapshot()}.
 *
 * <pre>{@code
 * MetricRegistry registry = new MetricRegistry(200);
 * Counter c = registry.counter("discord_commands", "Application commands", "command", "outcome");
 * c.labels("ping", "success").inc();
 * MetricsSnapshot s = registry.snapshot();
 * }</pre>
 *
 * Definitions validate names and labels immediately (invariant 2); snapshotting contains every
 * failing callback (invariant 5).
 */
public final class MetricRegistry implements MetricsSource {
    private static final Logger LOG = LoggerFactory.getLogger(MetricRegistry.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    /** Read when a label value is first seen (never on the hot path), so it can change at run time. */
    private volatile int labelCap;
    private final Labels constLabels;
    /** Every counter's and histogram's values: one single-writer array per recording thread. */
    private final Cells cells = new Cells();
    private final CopyOnWriteArrayList<Family> families = new CopyOnWriteArrayList<>();
    private final Counter errors;
    private final Counter overflow;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    /**
     * @param labelCap distinct values admitted per label before new values collapse into {@code other}
     */
    public MetricRegistry(int labelCap) {
        this(labelCap, Labels.EMPTY);
    }

    /**
     * @param labelCap    distinct values admitted per label before new values collapse into {@code other}
     * @param constLabels labels put on every point of every family, e.g. {@code cluster="eu-1"}
     */
    public MetricRegistry(int labelCap, Labels constLabels) {
        if (labelCap < 1) {
            throw new IllegalArgumentException("labelCap must be positive");
        }
        for (String label : constLabels.names()) {
            LabelPolicy.checkName("(constant labels)", label);
        }
        for (String value : constLabels.values()) {
            if (!LabelPolicy.admissible(value)) {
                throw new IllegalArgumentException("constant label value '" + value + "' is not a bounded label value");
            }
        }
        this.labelCap = labelCap;
        this.constLabels = constLabels;
        this.errors = register(new Counter("argus_instrumentation_errors",
                "Errors caught inside Argus' own hooks, callbacks and background tasks (never thrown into the bot)",
                List.of("hook"), this::labelCap, () -> { }, cells));
        this.overflow = register(new Counter("argus_label_overflow",
                "Observations whose label value was replaced by 'other' (label cap reached or id-like value)",
                List.of("metric"), this::labelCap, () -> { }, cells));
    }

    /** Distinct values admitted per label. */
    public int labelCap() {
        return labelCap;
    }

    /**
     * Changes the label cap at run time. It applies to values seen from now on: series already admitted
     * keep counting (lowering the cap never removes or zeroes one), and raising it admits new values
     * where the old cap had sent them to {@code other}.
     */
    public void labelCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("labelCap must be positive");
        }
        labelCap = cap;
    }

    public Counter counter(String name, String help, String... labels) {
        return register(new Counter(name, help, List.of(labels), this::labelCap, overflowFor(name), cells));
    }

    public Histogram histogram(String name, String help, String unit, double[] buckets, String... labels) {
        return register(new Histogram(name, help, unit, buckets, List.of(labels), this::labelCap, overflowFor(name), cells));
    }

    /** A gauge read at scrape time. */
    public void gauge(String name, String help, String unit, List<String> labels, CallbackFamily.Collector collector) {
        register(new CallbackFamily(name, help, unit, MetricType.GAUGE, labels, collector));
    }

    /** A counter whose total lives elsewhere (e.g. a sink's accounting) and is read at scrape time. */
    public void counterCallback(String name, String help, List<String> labels, CallbackFamily.Collector collector) {
        register(new CallbackFamily(name, help, "", MetricType.COUNTER, labels, collector));
    }

    /**
     * A count and sum kept elsewhere (a JVM MXBean), read at scrape time and exported as a histogram
     * whose only bucket is {@code +Inf}: the same {@code _count} and {@code _sum} series as a summary.
     */
    public void totalsCallback(String name, String help, String unit, List<String> labels,
                               CallbackTotals.Collector collector) {
        register(new CallbackTotals(name, help, unit, labels, collector));
    }

    /** A constant info metric (value 1) with descriptive labels. */
    public void info(String name, String help, Labels labels) {
        for (String label : labels.names()) {
            LabelPolicy.checkName(name, label);
        }
        register(new CallbackFamily(name, help, "", MetricType.INFO, labels.names(),
                out -> out.emit(1, labels.values().toArray(String[]::new))));
    }

    /** Removes a family (e.g. when a bot detaches); unknown names are ignored. */
    public void remove(String name) {
        families.removeIf(f -> f.name().equals(name));
    }

    private <F extends Family> F register(F family) {
        synchronized (families) {
            for (Family f : families) {
                if (f.name().equals(family.name())) {
                    throw new IllegalArgumentException("Metric '" + family.name() + "' is already defined");
                }
            }
            families.add(family);
        }
        return family;
    }

    private Runnable overflowFor(String name) {
        return () -> overflow.labels(name).inc();
    }

    /**
     * Counts an error caught in Argus' own code that the caller has already reported in its own words
     * (one line that says what is left out and why, instead of a stack trace).
     */
    public void countError(String hook) {
        try {
            errors.labels(hook).inc();
        } catch (RuntimeException ignored) {
            // Counting must not become the failure it is counting.
        }
    }

    /**
     * Counts and logs (at most once a minute per hook) an error caught in Argus' own code, without
     * rethrowing: instrumentation fails open (invariant 5). {@code hook} must come from a fixed set.
     */
    public void recordError(String hook, Throwable error) {
        try {
            errors.labels(hook).inc();
            long now = System.nanoTime();
            Long last = lastLogged.get(hook);
            if (last == null || now - last > LOG_INTERVAL_NANOS) {
                lastLogged.put(hook, now);
                LOG.warn("Argus hook '{}' failed; the bot is unaffected (counted in argus_instrumentation_errors_total)",
                        hook, error);
            }
        } catch (RuntimeException ignored) {
            // Counting must not become the failure it is counting.
        }
    }

    /** The error counter's value for a hook (tests, dashboard). */
    public long errorCount(String hook) {
        return errors.labels(hook).value();
    }

    @Override
    public MetricsSnapshot snapshot() {
        List<MetricFamily> out = new ArrayList<>(families.size());
        Cells.View view = cells.view();
        for (Family f : families) {
            if (f == errors) {
                continue; // collected last so that errors raised while collecting are included
            }
            try {
                out.add(f.collect(constLabels, view));
            } catch (RuntimeException | LinkageError e) {
                recordError("collect:" + f.name(), e);
            }
        }
        out.add(errors.collect(constLabels, cells.view())); // a fresh view: it includes those errors
        return new MetricsSnapshot(System.currentTimeMillis(), out);
    }

    /** The current value of a counter/gauge point (labels without the constant ones), or NaN. */
    public double value(String family, String... labelValues) {
        String[] all = new String[constLabels.values().size() + labelValues.length];
        for (int i = 0; i < constLabels.values().size(); i++) {
            all[i] = constLabels.values().get(i);
        }
        System.arraycopy(labelValues, 0, all, constLabels.values().size(), labelValues.length);
        return valueOf(snapshot(), family, all);
    }

    /** A snapshot value (labels in full, constant labels first): a counter/gauge point's value, or NaN. */
    public static double valueOf(MetricsSnapshot s, String family, String... labelValues) {
        MetricFamily f = s.family(family);
        if (f == null || !(f.point(labelValues) instanceof ValuePoint v)) {
            return Double.NaN;
        }
        return v.value();
    }
}
