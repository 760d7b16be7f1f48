package argus.web.api;

import argus.api.query.GuildId;
import argus.api.query.QueryLimits;

import java.util.Optional;

/**
 * The validated inputs of one analytics call. Built only through {@link #from}, so no analytics
 * query ever sees a value that {@link GuildId} and {@link QueryLimits} did not accept.
 */
public record AnalyticsRequest(GuildId guild, int days, int limit, Optional<String> clusterId, Bucket bucket) {
    private static final int MAX_NUMBER_CHARS = 9;

    /** How {@code interaction-volume} groups its rows ({@code bucket=day}, the default, or {@code bucket=hour}). */
    public enum Bucket { DAY, HOUR }

    /**
     * @param needsGuild whether {@code guild_id} is required (all per-guild views) or ignored
     * @throws QueryParams.BadRequest naming the parameter and what it accepts
     */
    public static AnalyticsRequest from(QueryParams q, boolean needsGuild) {
        GuildId guild = null;
        if (needsGuild) {
            String raw = q.get("guild_id");
            if (raw == null || raw.isEmpty()) {
                throw new QueryParams.BadRequest("guild_id is required: a Discord guild id (1 to 20 decimal digits)");
            }
            if (!GuildId.isValid(raw)) {
                throw new QueryParams.BadRequest("guild_id must be 1 to 20 decimal digits (a Discord snowflake)");
            }
            guild = GuildId.parse(raw);
        }
        int days = number(q, "days", QueryLimits.DEFAULT_DAYS, QueryLimits.MAX_DAYS);
        int limit = number(q, "limit", QueryLimits.DEFAULT_LIMIT, QueryLimits.MAX_LIMIT);
        try {
            QueryLimits.days(days);
            QueryLimits.limit(limit);
        } catch (IllegalArgumentException e) {
            throw new QueryParams.BadRequest(e.getMessage());
        }
        Optional<String> cluster = Optional.empty();
        if (q.has("cluster_id")) {
            try {
                cluster = Optional.of(QueryLimits.clusterId(q.get("cluster_id")));
            } catch (IllegalArgumentException e) {
                throw new QueryParams.BadRequest(e.getMessage());
            }
        }
        Bucket bucket = Bucket.DAY;
        if (q.has("bucket")) {
            bucket = switch (q.get("bucket")) {
                case "day" -> Bucket.DAY;
                case "hour" -> Bucket.HOUR;
                default -> throw new QueryParams.BadRequest("bucket must be day or hour");
            };
        }
        return new AnalyticsRequest(guild, days, limit, cluster, bucket);
    }

    private static int number(QueryParams q, String name, int fallback, int max) {
        if (!q.has(name)) {
            return fallback;
        }
        String raw = q.get(name);
        boolean digits = !raw.isEmpty() && raw.length() <= MAX_NUMBER_CHARS;
        for (int i = 0; digits && i < raw.length(); i++) {
            char c = raw.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (!digits) {
            throw new QueryParams.BadRequest(name + " must be a whole number between 1 and " + max);
        }
        return Integer.parseInt(raw);
    }
}
