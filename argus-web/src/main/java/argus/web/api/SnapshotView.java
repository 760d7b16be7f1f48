package argus.web.api;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.ValuePoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard's JSON view of a registry snapshot: every family as it is, plus an
 * {@code overview} of the numbers the page leads with (rates are derived by the page from
 * consecutive snapshots). Reads the same immutable snapshot the Prometheus exporter renders.
 *
 * <pre>{@code
 * Map<String, Object> json = new SnapshotView("discord").toJson(registry.snapshot());
 * }</pre>
 */
public final class SnapshotView {
    private final String ns;
    private final Supplier<List<String>> custom;
    private final Supplier<Map<String, Subsystems.Status>> subsystems;

    /** @param namespace the bot metrics' prefix ({@code namespace} setting), may be empty */
    public SnapshotView(String namespace) {
        this(namespace, List::of);
    }

    /**
     * @param custom the families the bot defined itself (its own timers, counters, gauges), listed in
     *               the page's "custom" section
     */
    public SnapshotView(String namespace, Supplier<List<String>> custom) {
        this(namespace, custom, () -> null);
    }

    /**
     * @param subsystems each subsystem's state for the page (up, down or off; see {@link Subsystems}),
     *                   read once per build; null when unknown
     */
    public SnapshotView(String namespace, Supplier<List<String>> custom,
                        Supplier<Map<String, Subsystems.Status>> subsystems) {
        this.ns = namespace.isEmpty() ? "" : namespace + "_";
        this.custom = custom;
        this.subsystems = subsystems;
    }

    public Map<String, Object> toJson(MetricsSnapshot snapshot) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", snapshot.timestampMillis());
        Map<String, Subsystems.Status> states = subsystems.get();
        Map<String, Object> o = overview(snapshot);
        Subsystems.Status sink = states == null ? null : states.get(Subsystems.SINK);
        if (sink != null) {
            // Health is the truth for the sink: the gauge cannot tell "not configured" from "down".
            o.put("sink_up", sink.state() == Subsystems.State.OFF ? null : sink.state() == Subsystems.State.UP);
        }
        out.put("overview", o);
        if (states != null) {
            Map<String, Object> sub = new LinkedHashMap<>();
            states.forEach((name, st) -> sub.put(name, st.json()));
            out.put("subsystems", sub);
        }
        List<Object> families = new ArrayList<>(snapshot.families().size());
        for (MetricFamily f : snapshot.families()) {
            families.add(family(f));
        }
        out.put("families", families);
        out.put("custom", custom.get());
        return out;
    }

    Map<String, Object> overview(MetricsSnapshot s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("shards_up", number(sum(s, ns + "shards_connected", null, null)));
        o.put("shards_total", number(sum(s, ns + "shards_configured", null, null)));
        o.put("guilds", number(sum(s, ns + "guilds", null, null)));
        o.put("uptime_seconds", number(sum(s, ns + "uptime_seconds", null, null)));
        o.put("interactions_total", number(sum(s, ns + "interactions", null, null)));
        o.put("commands_total", number(sum(s, ns + "app_commands", null, null)));
        o.put("command_errors_total", number(sum(s, ns + "app_commands", "status", "error")));
        HistogramPoint latency = merged(s.family(ns + "app_command_duration_seconds"));
        o.put("command_count", latency == null ? 0 : latency.count());
        o.put("command_p50_ms", latency == null ? null : finiteOrNull(latency.quantile(0.5) * 1000));
        o.put("command_p95_ms", latency == null ? null : finiteOrNull(latency.quantile(0.95) * 1000));
        o.put("command_latency", latency == null ? null : buckets(latency));
        o.put("gateway_events_total", number(sum(s, ns + "gateway_events", null, null)));
        o.put("rest_ratelimits_total", number(sum(s, ns + "ratelimits", null, null)));
        // Without a "sink" point the sink is absent (analytics off): null, not a sum of nothing read as down.
        Double sinkUp = has(s, "argus_subsystem_up", "subsystem", "sink")
                ? sum(s, "argus_subsystem_up", "subsystem", "sink") : null;
        o.put("sink_up", sinkUp == null ? null : sinkUp > 0);
        o.put("sink_dropped_total", number(sum(s, "argus_history_events_dropped", null, null)));
        o.put("sink_pending", number(sum(s, "argus_history_events_pending", null, null)));
        o.put("instrumentation_errors_total", number(sum(s, "argus_instrumentation_errors", null, null)));
        // JVM (jvm_metrics setting): null when it is off, and the page then leaves the tiles empty.
        o.put("heap_used_bytes", number(sum(s, "jvm_memory_used_bytes", "area", "heap")));
        o.put("heap_max_bytes", number(sum(s, "jvm_memory_max_bytes", "area", "heap")));
        HistogramPoint gc = merged(s.family("jvm_gc_collection_seconds"));
        o.put("gc_seconds_total", gc == null ? null : finiteOrNull(gc.sum()));
        o.put("gc_collections_total", gc == null ? null : gc.count());
        return o;
    }

    /** Sums a family's values (optionally only points whose label equals a value); null when absent. */
    static Double sum(MetricsSnapshot s, String name, String label, String value) {
        MetricFamily f = s.family(name);
        if (f == null) {
            return null;
        }
        double total = 0;
        boolean any = false;
        for (DataPoint p : f.points()) {
            if (p instanceof ValuePoint v && (label == null || value.equals(p.labels().get(label)))
                    && Double.isFinite(v.value())) {
                total += v.value();
                any = true;
            }
        }
        return any || label != null ? total : (f.points().isEmpty() ? 0.0 : null);
    }

    /** Whether a family has a point whose label equals a value. */
    static boolean has(MetricsSnapshot s, String name, String label, String value) {
        MetricFamily f = s.family(name);
        if (f == null) {
            return false;
        }
        for (DataPoint p : f.points()) {
            if (value.equals(p.labels().get(label))) {
                return true;
            }
        }
        return false;
    }

    /** Adds up the children of a histogram family that share one bucket layout; null when none. */
    static HistogramPoint merged(MetricFamily f) {
        if (f == null) {
            return null;
        }
        double[] bounds = null;
        long[] counts = null;
        double sum = 0;
        long count = 0;
        for (DataPoint p : f.points()) {
            if (!(p instanceof HistogramPoint h)) {
                continue;
            }
            if (bounds == null) {
                bounds = h.upperBounds();
                counts = new long[bounds.length];
            } else if (!java.util.Arrays.equals(bounds, h.upperBounds())) {
                continue;
            }
            long[] c = h.cumulativeCounts();
            for (int i = 0; i < c.length; i++) {
                counts[i] += c[i];
            }
            sum += h.sum();
            count += h.count();
        }
        return bounds == null ? null : new HistogramPoint(Labels.EMPTY, bounds, counts, sum, count);
    }

    private static Map<String, Object> family(MetricFamily f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("type", f.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("help", f.help());
        m.put("unit", f.unit());
        List<Object> points = new ArrayList<>(f.points().size());
        for (DataPoint p : f.points()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < p.labels().names().size(); i++) {
                labels.put(p.labels().names().get(i), p.labels().values().get(i));
            }
            pm.put("labels", labels);
            if (p instanceof ValuePoint v) {
                pm.put("value", finiteOrNull(v.value()));
            } else if (p instanceof HistogramPoint h) {
                pm.put("count", h.count());
                pm.put("sum", finiteOrNull(h.sum()));
                pm.putAll(buckets(h));
            }
            points.add(pm);
        }
        m.put("points", points);
        return m;
    }

    /** Bucket bounds (the last, +Inf, as null) and cumulative counts. */
    private static Map<String, Object> buckets(HistogramPoint h) {
        double[] b = h.upperBounds();
        List<Double> bounds = new ArrayList<>(b.length);
        for (double d : b) {
            bounds.add(finiteOrNull(d));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bounds", bounds);
        m.put("counts", h.cumulativeCounts());
        return m;
    }

    private static Object number(Double d) {
        if (d == null) {
            return null;
        }
        if (!Double.isFinite(d)) {
            return null;
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) (double) d : d;
    }

    static Double finiteOrNull(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
