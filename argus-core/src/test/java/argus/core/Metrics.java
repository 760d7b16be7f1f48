package argus.core;

import argus.api.config.Settings;
import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.ValuePoint;
import argus.discord.local.LocalDiscord;

import java.time.Duration;
import java.util.List;

/** Reading exact series out of an Argus registry (the cluster label is filled in). */
final class Metrics {
    private static final Duration T = Duration.ofSeconds(10);

    private Metrics() {
    }

    /** A counter or gauge point's value; NaN when the series does not exist. */
    static double value(Argus argus, String family, String... labels) {
        return argus.registry().value(family, labels);
    }

    /** The histogram point of these labels, or null. */
    static HistogramPoint histogram(Argus argus, String family, String... labels) {
        MetricFamily f = argus.registry().snapshot().family(family);
        if (f == null) {
            return null;
        }
        String[] all = new String[labels.length + 1];
        all[0] = argus.config().get(Settings.CLUSTER_ID);
        System.arraycopy(labels, 0, all, 1, labels.length);
        return f.point(all) instanceof HistogramPoint h ? h : null;
    }

    /** Observations in a histogram series (0 when it does not exist). */
    static long count(Argus argus, String family, String... labels) {
        HistogramPoint h = histogram(argus, family, labels);
        return h == null ? 0 : h.count();
    }

    /** Every point of a family (empty when the family has none). */
    static List<DataPoint> points(Argus argus, String family) {
        MetricFamily f = argus.registry().snapshot().family(family);
        return f == null ? List.of() : f.points();
    }

    /** The sum of every counter/gauge point of a family. */
    static double total(Argus argus, String family) {
        double sum = 0;
        for (DataPoint p : points(argus, family)) {
            if (p instanceof ValuePoint v) {
                sum += v.value();
            }
        }
        return sum;
    }

    /**
     * Waits until a series reaches {@code expected}: REST responses are counted on JDA's rate-limit
     * threads, after the bot's own {@code complete()} may already have returned.
     */
    static void await(Argus argus, double expected, String family, String... labels) {
        LocalDiscord.waitUntil(() -> value(argus, family, labels) == expected, T,
                () -> family + List.of(labels) + " is " + value(argus, family, labels) + ", expected " + expected);
    }

    /** As {@link #await}, for a histogram series' observation count. */
    static void awaitCount(Argus argus, long expected, String family, String... labels) {
        LocalDiscord.waitUntil(() -> count(argus, family, labels) == expected, T,
                () -> family + List.of(labels) + " count is " + count(argus, family, labels) + ", expected " + expected);
    }
}
