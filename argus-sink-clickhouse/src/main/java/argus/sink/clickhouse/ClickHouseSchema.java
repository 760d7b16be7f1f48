package argus.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
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
     * pre-aggregated rows instead (BENCHMARKS.md, issue 4). ClickHouse maintains them on every insert,
     * including other writers' (the Python tool's); queries must filter the day as
     * {@code substring(ts, 1, 10)} to use them.
     */
    static final Map<String, String> PROJECTIONS = projections();

    /**
     * Storage settings per projection ({@code ... WITH SETTINGS (...)}, servers that know projection
     * settings only; elsewhere the projection is added without them). {@code argus_guild_cmd2} holds one
     * t-digest state (up to ~16 KB) per guild, event, cluster and command: with the default 8,192-row
     * granules, a guild with 50 commands read and deserialized 8,192 states per part to use 50 of them
     * (32,768 rows for 4 parts). 256-row granules cut that to 1,024 rows (BENCHMARKS.md, issue 4).
     */
    static final Map<String, String> PROJECTION_SETTINGS = Map.of("argus_guild_cmd2", "index_granularity = 256");

    /**
     * Argus' own projections replaced by a later definition: dropped from tables that have them (once, when
     * the replacement is in place), so inserts stop maintaining them. {@code argus_guild_cmd} was
     * {@code argus_guild_cmd2} with the default 8,192-row granules.
     */
    static final List<String> RETIRED_PROJECTIONS = List.of("argus_guild_cmd");

    private static Map<String, String> projections() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("argus_guild_day", "SELECT event, guild_id, cluster_id, substring(ts, 1, 10), count() "
                + "GROUP BY event, guild_id, cluster_id, substring(ts, 1, 10)");
        p.put("argus_guild_cmd2", "SELECT guild_id, event, cluster_id, command, count(), avg(duration_ms), "
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
    private final Map<String, String> projectionSettings;

    /**
     * @param table validated by the {@code clickhouse_table} setting (letters, digits, _; optional db.)
     */
    ClickHouseSchema(String table, int retentionDays) {
        this(table, retentionDays, PROJECTION_SETTINGS);
    }

    /** With other projection settings (tests: a server that refuses them). */
    ClickHouseSchema(String table, int retentionDays, Map<String, String> projectionSettings) {
        this.projectionSettings = Map.copyOf(projectionSettings);
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
            if (!hasProjection(ddl, projection.getKey())) {
                addProjection(client, projection.getKey(), projection.getValue());
                // Rows already in the table (an existing or shared table): built by a background mutation,
                // only when the projection is new, so restarts cost nothing.
                execute(client, "ALTER TABLE " + table + " MATERIALIZE PROJECTION " + projection.getKey());
            }
        }
        for (String retired : RETIRED_PROJECTIONS) {
            if (hasProjection(ddl, retired)) {
                // After the replacement's MATERIALIZE (mutations run in order): the replacement answers the
                // same queries, so dropping the old one loses nothing; the engine uses whichever reads less
                // until then.
                execute(client, "ALTER TABLE " + table + " DROP PROJECTION IF EXISTS " + retired);
            }
        }
        if (retentionDays > 0) {
            execute(client, "ALTER TABLE " + table + " MODIFY TTL parseDateTimeBestEffort(ts) + toIntervalDay("
                    + retentionDays + ")");
        } else if (hasTtl(client)) {
            execute(client, "ALTER TABLE " + table + " REMOVE TTL");
        }
    }

    /**
     * {@code ADD PROJECTION IF NOT EXISTS}, with its {@link #PROJECTION_SETTINGS} when the server accepts
     * them (recent releases); an older server rejects the {@code WITH SETTINGS} clause and gets the
     * same projection with the table's granularity: correct, only less selective.
     */
    private void addProjection(Client client, String name, String select) throws Exception {
        String add = "ALTER TABLE " + table + " ADD PROJECTION IF NOT EXISTS " + name + " (" + select + ")";
        String settings = projectionSettings.get(name);
        if (settings != null) {
            try {
                execute(client, add + " WITH SETTINGS (" + settings + ")");
                return;
            } catch (Exception e) {
                if (!isServerError(e)) {
                    throw e; // unreachable or timed out: the caller retries the whole schema later
                }
            }
        }
        execute(client, add);
    }

    private static boolean isServerError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerException) {
                return true;
            }
        }
        return false;
    }

    static boolean hasProjection(String createStatement, String name) {
        return java.util.regex.Pattern.compile("PROJECTION\\s+`?" + name + "\\b").matcher(createStatement).find();
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
