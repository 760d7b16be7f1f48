package argus.api.query;

import java.util.regex.Pattern;

/** The bounds every analytics input must meet; shared by the HTTP layer and the query implementation. */
public final class QueryLimits {
    public static final int MAX_DAYS = 366;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_DAYS = 30;
    public static final int DEFAULT_LIMIT = 10;
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

    private QueryLimits() {
    }

    public static int days(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS);
        }
        return days;
    }

    public static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    public static String clusterId(String clusterId) {
        if (clusterId == null || !CLUSTER.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("cluster_id must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return clusterId;
    }
}
