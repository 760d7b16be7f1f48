package argus.sink.clickhouse;

import argus.api.query.AnalyticsQuery;
import argus.api.query.CommandCount;
import argus.api.query.CommandStats;
import argus.api.query.DailyVolume;
import argus.api.query.GuildCount;
import argus.api.query.GuildId;
import argus.api.query.QueryLimits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The analytics read side over {@code argus_events}. Every value from a request is bound as a
 * parameter after {@link QueryLimits}/{@link GuildId} validation; only the validated table name is
 * part of the SQL text. Time windows compare the ISO {@code ts} strings directly, which keeps the
 * {@code ORDER BY (guild_id, ts)} index usable and reads rows written by argus-dpy too.
 */
public final class ClickHouseAnalyticsQuery implements AnalyticsQuery {
    private final ClickHouseConnections connections;
    private final String table;
    private final Clock clock;

    ClickHouseAnalyticsQuery(ClickHouseConnections connections, ClickHouseSchema schema, Clock clock) {
        this.connections = connections;
        this.table = schema.table();
        this.clock = clock;
    }

    @Override
    public List<DailyVolume> interactionVolume(GuildId guild, int days, Optional<String> clusterId) {
        String since = cutoff(QueryLimits.days(days));
        String sql = "SELECT substring(ts, 1, 10) AS day, count() AS n FROM " + table
                + " WHERE guild_id = ? AND event = 'interaction' AND ts >= ?" + clusterFilter(clusterId)
                + " GROUP BY day ORDER BY day";
        return run(sql, ps -> {
            ps.setString(1, guild.value());
            ps.setString(2, since);
            bindCluster(ps, 3, clusterId);
        }, rs -> new DailyVolume(LocalDate.parse(rs.getString(1)), rs.getLong(2)));
    }

    @Override
    public List<CommandCount> topCommands(GuildId guild, int limit, Optional<String> clusterId) {
        String sql = "SELECT command, count() AS n FROM " + table
                + " WHERE guild_id = ? AND event = 'app_command'" + clusterFilter(clusterId)
                + " GROUP BY command ORDER BY n DESC, command LIMIT ?";
        int lim = QueryLimits.limit(limit);
        return run(sql, ps -> {
            ps.setString(1, guild.value());
            int i = bindCluster(ps, 2, clusterId);
            ps.setInt(i, lim);
        }, rs -> new CommandCount(rs.getString(1), rs.getLong(2)));
    }

    @Override
    public List<CommandStats> commandStats(GuildId guild, int limit, Optional<String> clusterId) {
        String sql = "SELECT command, count() AS n, avg(duration_ms), quantile(0.5)(duration_ms), "
                + "quantile(0.95)(duration_ms), quantile(0.99)(duration_ms), countIf(outcome = 'error') / count() "
                + "FROM " + table + " WHERE guild_id = ? AND event = 'app_command'" + clusterFilter(clusterId)
                + " GROUP BY command ORDER BY n DESC, command LIMIT ?";
        int lim = QueryLimits.limit(limit);
        return run(sql, ps -> {
            ps.setString(1, guild.value());
            int i = bindCluster(ps, 2, clusterId);
            ps.setInt(i, lim);
        }, rs -> new CommandStats(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                rs.getDouble(6), rs.getDouble(7)));
    }

    @Override
    public OptionalDouble averageDuration(GuildId guild, Optional<String> clusterId) {
        String sql = "SELECT count(), avg(duration_ms) FROM " + table
                + " WHERE guild_id = ? AND event = 'app_command'" + clusterFilter(clusterId);
        List<double[]> rows = run(sql, ps -> {
            ps.setString(1, guild.value());
            bindCluster(ps, 2, clusterId);
        }, rs -> new double[]{rs.getLong(1), rs.getDouble(2)});
        return rows.isEmpty() || rows.get(0)[0] == 0 ? OptionalDouble.empty() : OptionalDouble.of(rows.get(0)[1]);
    }

    @Override
    public List<GuildCount> topGuilds(int days, int limit, Optional<String> clusterId) {
        String since = cutoff(QueryLimits.days(days));
        int lim = QueryLimits.limit(limit);
        String sql = "SELECT guild_id, count() AS n FROM " + table
                + " WHERE event = 'interaction' AND guild_id != '' AND ts >= ?" + clusterFilter(clusterId)
                + " GROUP BY guild_id ORDER BY n DESC, guild_id LIMIT ?";
        return run(sql, ps -> {
            ps.setString(1, since);
            int i = bindCluster(ps, 2, clusterId);
            ps.setInt(i, lim);
        }, rs -> new GuildCount(rs.getString(1), rs.getLong(2)));
    }

    /** The first day of a window of {@code days} days ending today (UTC), as an ISO prefix. */
    private String cutoff(int days) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days - 1L).toString();
    }

    private static String clusterFilter(Optional<String> clusterId) {
        return clusterId.isPresent() ? " AND cluster_id = ?" : "";
    }

    private static int bindCluster(PreparedStatement ps, int index, Optional<String> clusterId) throws SQLException {
        if (clusterId.isPresent()) {
            ps.setString(index, QueryLimits.clusterId(clusterId.get()));
            return index + 1;
        }
        return index;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> run(String sql, Binder binder, RowMapper<T> mapper) {
        Connection c = null;
        boolean healthy = false;
        try {
            c = connections.borrow();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                healthy = true;
                return out;
            }
        } catch (SQLException e) {
            throw new AnalyticsUnavailableException("ClickHouse query failed: "
                    + ClickHouseEventSink.describe(e), e);
        } finally {
            connections.release(c, healthy);
        }
    }

    /** The analytics store could not answer; the HTTP layer maps it to 503. */
    public static final class AnalyticsUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AnalyticsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
