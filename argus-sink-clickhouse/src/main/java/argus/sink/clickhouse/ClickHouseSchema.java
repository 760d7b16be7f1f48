package argus.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.query.GenericRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    /** The columns Argus writes, in RowBinary order. */
    static final List<String> COLUMN_LIST = List.of("ts", "event", "guild_id", "type", "command", "duration_ms",
            "cluster_id", "outcome", "error_type", "shard");

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

    void apply(Client client) throws Exception {
        execute(client, String.format(CREATE, table));
        for (String m : MIGRATIONS) {
            execute(client, String.format(m, table));
        }
        if (retentionDays > 0) {
            execute(client, "ALTER TABLE " + table + " MODIFY TTL parseDateTimeBestEffort(ts) + toIntervalDay("
                    + retentionDays + ")");
        } else if (hasTtl(client)) {
            execute(client, "ALTER TABLE " + table + " REMOVE TTL");
        }
    }

    private static void execute(Client client, String sql) throws Exception {
        try (CommandResponse ignored = client.execute(sql).get(60, TimeUnit.SECONDS)) {
            // DDL: success is the absence of an exception
        }
    }

    private boolean hasTtl(Client client) {
        String sql = "SELECT engine_full FROM system.tables WHERE database = "
                + (database == null ? "currentDatabase()" : "{db:String}") + " AND name = {name:String}";
        Map<String, Object> params = database == null ? Map.of("name", bareName) : Map.of("db", database, "name", bareName);
        List<GenericRecord> rows = client.queryAll(sql, params);
        return !rows.isEmpty() && rows.get(0).getString("engine_full").contains(" TTL ");
    }

    private static String quote(String identifier) {
        return "`" + identifier + "`";
    }
}
