package argus.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.query.GenericRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The analytics table: created exactly as argus-dpy's tutorial states, then extended by idempotent
 * {@code ADD COLUMN IF NOT EXISTS} migrations and aggregate projections, so one ClickHouse can serve
 * Python and Java bots.
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

    /**
     * Aggregate projections for the dashboard's per-guild views, by name. The primary key
     * {@code (guild_id, ts)} makes a heavy guild's views scan all its rows (about 1 M rows, 100-400 ms
     * on the test engine for a guild with 10% of 10 M rows); these answer interaction-volume,
     * top-guilds, top-commands, avg-duration and command-stats (t-digest percentile states) from
     * pre-aggregated rows instead (16-75 k rows read, BENCHMARKS.md, issue 4). ClickHouse maintains them on every insert, including other writers' (the
     * Python tool's); queries must filter the day as {@code substring(ts, 1, 10)} to use them.
     */
    static final Map<String, String> PROJECTIONS = projections();

    private static Map<String, String> projections() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("argus_guild_day", "SELECT event, guild_id, cluster_id, substring(ts, 1, 10), count() "
                + "GROUP BY event, guild_id, cluster_id, substring(ts, 1, 10)");
        p.put("argus_guild_cmd", "SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), "
                + "countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) "
                + "GROUP BY guild_id, event, cluster_id, command");
        return java.util.Collections.unmodifiableMap(p);
    }

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
        String ddl = createStatement(client);
        for (Map.Entry<String, String> projection : PROJECTIONS.entrySet()) {
            if (!java.util.regex.Pattern.compile("PROJECTION\\s+`?" + projection.getKey() + "\\b").matcher(ddl).find()) {
                execute(client, "ALTER TABLE " + table + " ADD PROJECTION IF NOT EXISTS " + projection.getKey()
                        + " (" + projection.getValue() + ")");
                // Rows already in the table (an existing or shared table): built by a background mutation,
                // only when the projection is new, so restarts cost nothing.
                execute(client, "ALTER TABLE " + table + " MATERIALIZE PROJECTION " + projection.getKey());
            }
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
        return tableColumn(client, "engine_full").contains(" TTL ");
    }

    private String createStatement(Client client) {
        return tableColumn(client, "create_table_query");
    }

    /** One column of this table's row in system.tables ("" when the table is not there). */
    private String tableColumn(Client client, String column) {
        String sql = "SELECT " + column + " AS v FROM system.tables WHERE database = "
                + (database == null ? "currentDatabase()" : "{db:String}") + " AND name = {name:String}";
        Map<String, Object> params = database == null ? Map.of("name", bareName) : Map.of("db", database, "name", bareName);
        List<GenericRecord> rows = client.queryAll(sql, params);
        return rows.isEmpty() ? "" : rows.get(0).getString("v");
    }

    private static String quote(String identifier) {
        return "`" + identifier + "`";
    }
}
