package argus.sink.clickhouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The analytics table: created exactly as argus-dpy's tutorial states, then extended by idempotent
 * {@code ADD COLUMN IF NOT EXISTS} migrations, so one ClickHouse can serve Python and Java bots.
 */
final class ClickHouseSchema {
    /** The seed's statement, verbatim but for the table name. */
    static final String CREATE = "CREATE TABLE IF NOT EXISTS %s (ts String, event LowCardinality(String), "
            + "guild_id String, type LowCardinality(String), command String, duration_ms Float64) "
            + "ENGINE = MergeTree() ORDER BY (guild_id, ts)";

    /** Columns added after the seed; rows written by older writers read as the defaults. */
    static final List<String> MIGRATIONS = List.of(
            "ALTER TABLE %s ADD COLUMN IF NOT EXISTS cluster_id LowCardinality(String) DEFAULT ''",
            "ALTER TABLE %s ADD COLUMN IF NOT EXISTS outcome LowCardinality(String) DEFAULT ''",
            "ALTER TABLE %s ADD COLUMN IF NOT EXISTS error_type LowCardinality(String) DEFAULT ''",
            "ALTER TABLE %s ADD COLUMN IF NOT EXISTS shard UInt32 DEFAULT 0");

    static final String COLUMNS = "ts, event, guild_id, type, command, duration_ms, cluster_id, outcome, error_type, shard";

    private final String table;
    private final String bareName;
    private final String database;
    private final int retentionDays;

    /**
     * @param table validated by the {@code clickhouse_table} setting (letters, digits, _; optional db.)
     */
    ClickHouseSchema(String table, int retentionDays) {
        int dot = table.indexOf('.');
        this.database = dot < 0 ? null : table.substring(0, dot);
        this.bareName = dot < 0 ? table : table.substring(dot + 1);
        this.table = dot < 0 ? quote(table) : quote(database) + "." + quote(bareName);
        this.retentionDays = retentionDays;
    }

    /** The quoted, validated table name for use in SQL (identifiers cannot be bound as parameters). */
    String table() {
        return table;
    }

    void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(String.format(CREATE, table));
            for (String m : MIGRATIONS) {
                s.execute(String.format(m, table));
            }
            if (retentionDays > 0) {
                s.execute("ALTER TABLE " + table + " MODIFY TTL parseDateTimeBestEffort(ts) + toIntervalDay("
                        + retentionDays + ")");
            } else if (hasTtl(c)) {
                s.execute("ALTER TABLE " + table + " REMOVE TTL");
            }
        }
    }

    private boolean hasTtl(Connection c) throws SQLException {
        String sql = "SELECT engine_full FROM system.tables WHERE database = "
                + (database == null ? "currentDatabase()" : "?") + " AND name = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (database != null) {
                ps.setString(i++, database);
            }
            ps.setString(i, bareName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1).contains(" TTL ");
            }
        }
    }

    private static String quote(String identifier) {
        return "`" + identifier + "`";
    }
}
