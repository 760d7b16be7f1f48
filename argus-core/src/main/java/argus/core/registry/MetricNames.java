package argus.core.registry;

import java.util.regex.Pattern;

/** Validation of metric names, so a bad metric fails when it is defined, not at scrape time. */
final class MetricNames {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricNames() {
    }

    static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid metric name");
        }
        if (name.endsWith("_total") || name.endsWith("_info") || name.endsWith("_bucket") || name.endsWith("_count")
                || name.endsWith("_sum") || name.endsWith("_created")) {
            throw new IllegalArgumentException("Metric '" + name
                    + "': give the base name; the suffix is added by the format");
        }
        return name;
    }
}
