package argus.core.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Invariant 2: no guild, user, channel or other unbounded id is ever a metric label. Enforced twice:
 * label <em>names</em> that denote ids are rejected when a metric is defined, and label
 * <em>values</em> that look like snowflakes collapse into {@code other} the first time they are seen.
 */
public final class LabelPolicy {
    /** The value every label falls back to once its cap is reached or a value is refused. */
    public static final String OTHER = "other";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern ID_LIKE = Pattern.compile(
            "(.*_)?(id|ids|uuid|snowflake|token)|.*(guild|user|member|channel|message|author|interaction|thread|webhook|role).*");
    /** Discord snowflakes are 17 to 20 digits; any long run of digits is an id, not a bounded value. */
    private static final Pattern SNOWFLAKE_LIKE = Pattern.compile(".*\\d{15,}.*");
    static final int MAX_VALUE_LENGTH = 100;

    private LabelPolicy() {
    }

    /**
     * Checks a label name at definition time.
     *
     * @throws IllegalArgumentException when the name is malformed, reserved or denotes an id
     */
    public static void checkName(String metric, String label) {
        if (label == null || !NAME.matcher(label).matches() || label.startsWith("__")) {
            throw new IllegalArgumentException("Metric '" + metric + "': label name '" + label
                    + "' is not a valid Prometheus label name");
        }
        if (label.equals("le") || label.equals("quantile")) {
            throw new IllegalArgumentException("Metric '" + metric + "': label '" + label + "' is reserved");
        }
        if (ID_LIKE.matcher(label.toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("Metric '" + metric + "': label '" + label
                    + "' is forbidden: ids are unbounded and never Prometheus labels (invariant 2). "
                    + "Per-guild or per-user questions belong to the analytics path (enable_per_guild + clickhouse_dsn).");
        }
    }

    /**
     * Whether a label value may be admitted: not null, bounded in length, and not an id.
     * Called only when a value is seen for the first time, never on the hot path.
     */
    public static boolean admissible(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_VALUE_LENGTH
                && !SNOWFLAKE_LIKE.matcher(value).matches();
    }
}
