package argus.micrometer;

import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSource;
import argus.exporter.prometheus.ClientJavaSnapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves Argus' metrics from a bot's Micrometer {@link PrometheusMeterRegistry}, so a bot that already
 * exposes Micrometer (Spring Boot's {@code /actuator/prometheus}, or its own endpoint) has one registry
 * and one endpoint. The series are Argus' own, with the same names, labels (the {@code cluster} label
 * included) and buckets as Argus' {@code /metrics}: the binder registers a collector that converts
 * Argus' snapshot at every scrape, so new label values appear as Argus admits them, and Argus'
 * cardinality guards (id labels refused, {@code label_cap}, overflow to {@code other}) have already
 * applied to everything that crosses.
 *
 * <pre>{@code
 * // Spring Boot: a MeterBinder bean is bound to the auto-configured registry.
 * @Bean Argus argus(JDA jda) { return Argus.builder(jda).port(0).start(); }      // or no HTTP: dashboard off
 * @Bean MeterBinder argusMetrics(Argus argus) { return new ArgusMeterBinder(argus.services().metrics()); }
 *
 * // Plain Micrometer:
 * new ArgusMeterBinder(argus.services().metrics()).bindTo(prometheusMeterRegistry);
 * }</pre>
 *
 * <p>One direction only, Argus into Micrometer: Argus' guards work at definition and on first sight of
 * a label value in its own registry, so Micrometer meters imported the other way would cross unguarded.
 * A bot's own metrics belong in {@code argus.instrumentation()} (guarded) or stay in Micrometer.
 *
 * <p>Argus' {@code jvm_*} and {@code process_*} families are left out by default: Spring Boot and
 * Micrometer's JVM binders already register those names, and one name twice breaks the scrape.
 * {@link #includeJvm()} keeps them (for a registry without Micrometer's JVM binders).
 *
 * <p>The registry must be a {@link PrometheusMeterRegistry} (or a composite holding one): Argus'
 * buckets and label sets can only be reproduced exactly by a Prometheus backend.
 */
public final class ArgusMeterBinder implements MeterBinder, AutoCloseable {
    private final MetricsSource argus;
    private final boolean jvm;
    private final Set<PrometheusMeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());
    private final AtomicLong failures = new AtomicLong();
    private final MultiCollector collector = this::collect;

    /** @param argus Argus' registry, e.g. {@code argus.services().metrics()} (OSGi: the CoreServices service's) */
    public ArgusMeterBinder(MetricsSource argus) {
        this(argus, false);
    }

    private ArgusMeterBinder(MetricsSource argus, boolean jvm) {
        if (argus == null) {
            throw new IllegalArgumentException("argus metrics source is required");
        }
        this.argus = argus;
        this.jvm = jvm;
    }

    /** A binder that also bridges Argus' {@code jvm_*} and {@code process_*} families. */
    public ArgusMeterBinder includeJvm() {
        return new ArgusMeterBinder(argus, true);
    }

    /**
     * Adds Argus' series to {@code registry}'s Prometheus scrape. Binding the same registry again does
     * nothing (Spring may bind a binder more than once).
     *
     * @throws IllegalArgumentException when {@code registry} is not (and does not contain) a
     *                                  {@link PrometheusMeterRegistry}
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        PrometheusMeterRegistry prometheus = prometheus(registry);
        if (prometheus == null) {
            throw new IllegalArgumentException("ArgusMeterBinder needs a PrometheusMeterRegistry (or a composite "
                    + "holding one), got " + registry.getClass().getName());
        }
        synchronized (bound) {
            if (bound.add(prometheus)) {
                prometheus.getPrometheusRegistry().register(collector);
            }
        }
    }

    /** Removes Argus' series from every registry this binder was bound to. */
    @Override
    public void close() {
        synchronized (bound) {
            for (PrometheusMeterRegistry r : bound) {
                r.getPrometheusRegistry().unregister(collector);
            }
            bound.clear();
        }
    }

    /** Scrapes whose Argus part failed (they served the bot's own meters without it). */
    public long failures() {
        return failures.get();
    }

    private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry c) {
            for (MeterRegistry member : c.getRegistries()) {
                PrometheusMeterRegistry p = prometheus(member);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Fail-open: an Argus failure costs the bot's scrape Argus' part, never the bot's own meters. */
    private MetricSnapshots collect() {
        try {
            List<MetricSnapshot> out = new ArrayList<>();
            for (MetricFamily f : argus.snapshot().families()) {
                if (jvm || !(f.name().startsWith("jvm_") || f.name().startsWith("process_"))) {
                    out.add(ClientJavaSnapshots.convert(f)); // the exporter's own conversion: both endpoints render the same series
                }
            }
            return new MetricSnapshots(out);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            return MetricSnapshots.of();
        }
    }
}
