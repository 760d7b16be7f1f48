package argus.sink.clickhouse;

import argus.api.query.AnalyticsQuery;
import argus.api.query.CommandCount;
import argus.api.query.CommandStats;
import argus.api.query.DailyVolume;
import argus.api.query.GuildCount;
import argus.api.query.GuildId;
import argus.api.query.HourlyVolume;
import argus.api.query.QueryLimits;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.GenericRecord;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The analytics read side over {@code argus_events}. Every request value is validated
 * ({@link GuildId}, {@link QueryLimits}) and then bound as a server-side query parameter
 * ({@code {name:Type}}); the SQL text holds only the validated table name. Time windows compare the
 * day prefix of the ISO {@code ts} strings ({@code substring(ts, 1, 10)}, which reads rows written by
 * argus-dpy as well): written that way, the per-day aggregate projection of {@link ClickHouseSchema}
 * answers them instead of a scan of the guild's rows.
 *
 * <pre>{@code
 * AnalyticsQuery q = new ClickHouseSinkProvider().openQuery(config).orElseThrow();
 * q.topCommands(GuildId.parse("81384788765712384"), 10, Optional.empty());
 * }</pre>
 */
public final class ClickHouseAnalyticsQuery implements AnalyticsQuery, AutoCloseable {
    /** ClickHouse's error code for a missing table. */
    private static final int UNKNOWN_TABLE = 60;

    private final Client client;
    private final String table;
    private final Clock clock;
    /** Sees each statement and its parameters before it is sent (tests EXPLAIN exactly what runs). */
    private final BiConsumer<String, Map<String, Object>> sending;

    ClickHouseAnalyticsQuery(Client client, ClickHouseSchema schema, Clock clock) {
        this(client, schema, clock, (sql, params) -> { });
    }

    ClickHouseAnalyticsQuery(Client client, ClickHouseSchema schema, Clock clock,
                             BiConsumer<String, Map<String, Object>> sending) {
        this.client = client;
        this.table = schema.table();
        this.clock = clock;
        this.sending = sending;
    }

    @Override
    public List<DailyVolume> interactionVolume(GuildId guild, int days, Optional<String> clusterId) {
        Map<String, Object> p = params(guild, clusterId);
        p.put("since", cutoff(QueryLimits.days(days)));
        return run("SELECT substring(ts, 1, 10) AS day, count() AS n FROM " + table
                + " WHERE guild_id = {guild:String} AND event = 'interaction' AND substring(ts, 1, 10) >= {since:String}"
                + clusterFilter(clusterId) + " GROUP BY day ORDER BY day", p,
                r -> new DailyVolume(LocalDate.parse(r.getString("day")), r.getLong("n")));
    }

    /**
     * Per UTC hour: the first 13 characters of {@code ts} ({@code 2026-12-04T19}) are its hour, as its
     * first 10 are its day; the window is the last {@code days} × 24 hours, the current one included.
     */
    @Override
    public Optional<List<HourlyVolume>> hourlyInteractionVolume(GuildId guild, int days, Optional<String> clusterId) {
        Map<String, Object> p = params(guild, clusterId);
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        p.put("since", HOUR.format(hour.minus(QueryLimits.days(days) * 24L - 1, ChronoUnit.HOURS)));
        return Optional.of(run("SELECT substring(ts, 1, 13) AS hour, count() AS n FROM " + table
                + " WHERE guild_id = {guild:String} AND event = 'interaction' AND substring(ts, 1, 13) >= {since:String}"
                + clusterFilter(clusterId) + " GROUP BY hour ORDER BY hour", p,
                r -> new HourlyVolume(Instant.parse(r.getString("hour") + ":00:00Z"), r.getLong("n"))));
    }

    @Override
    public List<CommandCount> topCommands(GuildId guild, int limit, Optional<String> clusterId) {
        Map<String, Object> p = params(guild, clusterId);
        p.put("lim", QueryLimits.limit(limit));
        return run("SELECT command, count() AS n FROM " + table
                + " WHERE guild_id = {guild:String} AND event = 'app_command'" + clusterFilter(clusterId)
                + " GROUP BY command ORDER BY n DESC, command LIMIT {lim:UInt32}", p,
                r -> new CommandCount(r.getString("command"), r.getLong("n")));
    }

    @Override
    public List<CommandStats> commandStats(GuildId guild, int limit, Optional<String> clusterId) {
        Map<String, Object> p = params(guild, clusterId);
        p.put("lim", QueryLimits.limit(limit));
        // Percentiles are t-digest estimates: mergeable states, so the per-command projection answers
        // them for a guild of any size (exact quantiles would read every row of the guild).
        return run("SELECT command, count() AS n, avg(duration_ms) AS avg_ms, "
                + "quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) AS q, toFloat64(q[1]) AS p50, "
                + "toFloat64(q[2]) AS p95, toFloat64(q[3]) AS p99, "
                + "countIf(outcome = 'error') / count() AS error_rate FROM " + table
                + " WHERE guild_id = {guild:String} AND event = 'app_command'" + clusterFilter(clusterId)
                + " GROUP BY command ORDER BY n DESC, command LIMIT {lim:UInt32}", p,
                r -> new CommandStats(r.getString("command"), r.getLong("n"), r.getDouble("avg_ms"),
                        r.getDouble("p50"), r.getDouble("p95"), r.getDouble("p99"), r.getDouble("error_rate")));
    }

    @Override
    public OptionalDouble averageDuration(GuildId guild, Optional<String> clusterId) {
        List<double[]> rows = run("SELECT count() AS n, avg(duration_ms) AS avg_ms FROM " + table
                + " WHERE guild_id = {guild:String} AND event = 'app_command'" + clusterFilter(clusterId),
                params(guild, clusterId), r -> new double[]{r.getLong("n"), r.getLong("n") == 0 ? 0 : r.getDouble("avg_ms")});
        return rows.isEmpty() || rows.get(0)[0] == 0 ? OptionalDouble.empty() : OptionalDouble.of(rows.get(0)[1]);
    }

    @Override
    public List<GuildCount> topGuilds(int days, int limit, Optional<String> clusterId) {
        Map<String, Object> p = new HashMap<>();
        clusterId.ifPresent(c -> p.put("cluster", QueryLimits.clusterId(c)));
        p.put("since", cutoff(QueryLimits.days(days)));
        p.put("lim", QueryLimits.limit(limit));
        return run("SELECT guild_id, count() AS n FROM " + table
                + " WHERE event = 'interaction' AND guild_id != '' AND substring(ts, 1, 10) >= {since:String}"
                + clusterFilter(clusterId)
                + " GROUP BY guild_id ORDER BY n DESC, guild_id LIMIT {lim:UInt32}", p,
                r -> new GuildCount(r.getString("guild_id"), r.getLong("n")));
    }

    /** The first day of a window of {@code days} days ending today (UTC), as an ISO date prefix. */
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private String cutoff(int days) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days - 1L).toString();
    }

    private static Map<String, Object> params(GuildId guild, Optional<String> clusterId) {
        Map<String, Object> p = new HashMap<>();
        p.put("guild", guild.value());
        clusterId.ifPresent(c -> p.put("cluster", QueryLimits.clusterId(c)));
        return p;
    }

    private static String clusterFilter(Optional<String> clusterId) {
        return clusterId.isPresent() ? " AND cluster_id = {cluster:String}" : "";
    }

    private <T> List<T> run(String sql, Map<String, Object> params, Function<GenericRecord, T> mapper) {
        sending.accept(sql, params);
        try {
            return client.queryAll(sql, params).stream().map(mapper).toList();
        } catch (RuntimeException e) {
            if (isUnknownTable(e)) {
                return List.of(); // nothing written yet: the sink creates the table on its first write
            }
            throw new AnalyticsUnavailableException("ClickHouse query failed: " + ClickHouseEventSink.describe(e), e);
        }
    }

    private static boolean isUnknownTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerException se && se.getCode() == UNKNOWN_TABLE) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }

    /** The analytics store could not answer; the HTTP layer maps it to 503. */
    public static final class AnalyticsUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AnalyticsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
