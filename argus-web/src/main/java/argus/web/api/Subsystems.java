package argus.web.api;

import argus.api.health.Health;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the dashboard shows for each Argus subsystem: {@code up}, {@code down}, or {@code off}. Off is
 * not a fault: per-guild analytics that nobody configured has no sink (or, in OSGi, the NullSink),
 * and showing that as a red "down" (as {@code argus_subsystem_up} alone would suggest) sends users
 * hunting for a problem that does not exist. Down is kept for a subsystem that was asked for and
 * does not work, with the subsystem's own reason.
 *
 * <pre>{@code
 * Map<String, Subsystems.Status> s = Subsystems.of(context.health(), config.analyticsRequested(),
 *         context.analytics().isPresent());
 * }</pre>
 */
public final class Subsystems {
    /** The analytics sink's name in core's health map (and in {@code argus_subsystem_up}). */
    public static final String SINK = "sink";

    public enum State {
        UP, DOWN, OFF;

        /** The page's spelling. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One subsystem as the page shows it; {@code detail} is the reason shown on hover and under the tile. */
    public record Status(State state, String detail) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", state.json());
            m.put("detail", detail);
            return m;
        }
    }

    private Subsystems() {
    }

    /**
     * Every subsystem in {@code health}, plus always a {@value #SINK} entry (the page has a tile for it).
     *
     * @param analyticsRequested whether this configuration asks for per-guild analytics
     *                           ({@code enable_per_guild} and {@code clickhouse_dsn})
     * @param analyticsStore     whether an analytics store is bound right now (the read side is present;
     *                           in OSGi this is the only sign, as the dashboard's own PID does not carry
     *                           the analytics keys)
     */
    public static Map<String, Status> of(Map<String, Health> health, boolean analyticsRequested, boolean analyticsStore) {
        Map<String, Status> out = new LinkedHashMap<>();
        health.forEach((name, h) -> {
            if (!SINK.equals(name)) {
                out.put(name, new Status(h.up() ? State.UP : State.DOWN, h.detail()));
            }
        });
        out.put(SINK, sink(health.get(SINK), analyticsRequested, analyticsStore));
        return out;
    }

    private static Status sink(Health h, boolean requested, boolean store) {
        if (!requested && !store) {
            // Nothing asked for analytics: whatever is bound (nothing, or the NullSink) is "off", not a fault.
            return new Status(State.OFF, "per-guild analytics is not configured "
                    + "(set enable_per_guild=true and clickhouse_dsn to turn it on)");
        }
        if (h == null || !store) {
            // Asked for, but nothing records or answers (no sink module, or only the NullSink): a real fault.
            return new Status(State.DOWN, "per-guild analytics is configured but no analytics store is running "
                    + "(is argus-sink-clickhouse installed? see the log)");
        }
        return new Status(h.up() ? State.UP : State.DOWN, h.detail());
    }
}
