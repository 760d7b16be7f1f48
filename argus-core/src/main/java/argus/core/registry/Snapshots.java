package argus.core.registry;

import argus.api.metrics.DataPoint;

import java.util.Comparator;
import java.util.List;

/** Deterministic point order (by label values), so scrapes and golden files are stable. */
final class Snapshots {
    private static final Comparator<DataPoint> BY_LABELS = (x, y) -> {
        List<String> a = x.labels().values();
        List<String> b = y.labels().values();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private Snapshots() {
    }

    static List<DataPoint> sorted(List<DataPoint> points) {
        points.sort(BY_LABELS);
        return points;
    }
}
