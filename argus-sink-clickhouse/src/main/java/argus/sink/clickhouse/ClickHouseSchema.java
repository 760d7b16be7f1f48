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
 *
 * <p>With a cluster ({@code clickhouse_cluster}), every statement runs {@code ON CLUSTER}: the rows live in
 * {@code <table>_local}, the same table on {@code ReplicatedMergeTree} (the usual {@code {shard}} and
 * {@code {replica}} macros), and the configured name becomes a {@code Distributed} table over it, sharded
 * by guild, which inserts and reads go through (so the query side and argus-dpy's own queries need no
 * change). Columns are added to both; projections, retention and the retired projection apply to the local
 * table, where the rows are. Without a cluster the statements are exactly those of one server.
 *
 * <p>The statements are formed by pure functions ({@link #createStatements}, {@link #upgradeStatements})
 * from what the server reports, so tests compare them to golden files; {@link #apply} runs them.
 */
final class ClickHouseSchema {
    /** The seed's statement, verbatim but for the table name. */
    static final String CREATE = "CREATE TABLE IF NOT EXISTS %s (ts String, event LowCardinality(String), "
            + "guild_id String, type LowCardinality(String), command String, duration_ms Float64) "
            + "ENGINE = MergeTree() ORDER BY (guild_id, ts)";

    /**
     * The seed's engine replaced in cluster mode: the ZooKeeper path and replica name from each server's
     * macros, as ClickHouse's documentation writes them ({@code {database}} and {@code {table}} expand to the
     * local table's own names).
     */
    static final String REPLICATED_ENGINE =
            "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')";

    /** Suffix of the replicated local table in cluster mode; the configured name is the Distributed table. */
    static final String LOCAL_SUFFIX = "_local";

    /**
     * How the Distributed table spreads rows over shards: by guild, so that one guild's rows (and the
     * aggregates its views read) sit on one shard, and a per-guild read can skip the others
     * ({@code optimize_skip_unused_shards}).
     */
    static final String SHARDING_KEY = "cityHash64(guild_id)";

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
    private final String database;
    private final String bareName;
    /** The table that holds the rows: the configured one, or its {@code _local} table on a cluster. */
    private final String storage;
    private final String storageBareName;
    /** The cluster, or "" for one server. */
    private final String cluster;
    /** {@code " ON CLUSTER '<cluster>'"}, or "" for one server. */
    private final String onCluster;
    private final int retentionDays;
    private final Map<String, String> projectionSettings;

    /**
     * @param table validated by the {@code clickhouse_table} setting (letters, digits, _; optional db.)
     */
    ClickHouseSchema(String table, int retentionDays) {
        this(table, retentionDays, "", PROJECTION_SETTINGS);
    }

    /**
     * @param cluster validated by the {@code clickhouse_cluster} setting (a name or a {@code {macro}}: no
     *                quote or backslash can reach the string literal it is written in); "" for one server
     */
    ClickHouseSchema(String table, int retentionDays, String cluster) {
        this(table, retentionDays, cluster, PROJECTION_SETTINGS);
    }

    /** With other projection settings (tests: a server that refuses them). */
    ClickHouseSchema(String table, int retentionDays, Map<String, String> projectionSettings) {
        this(table, retentionDays, "", projectionSettings);
    }

    ClickHouseSchema(String table, int retentionDays, String cluster, Map<String, String> projectionSettings) {
        this.projectionSettings = Map.copyOf(projectionSettings);
        int dot = table.indexOf('.');
        this.database = dot < 0 ? null : table.substring(0, dot);
        this.bareName = dot < 0 ? table : table.substring(dot + 1);
        this.table = qualified(bareName);
        this.cluster = cluster == null ? "" : cluster;
        this.onCluster = this.cluster.isEmpty() ? "" : " ON CLUSTER '" + this.cluster + "'";
        this.storageBareName = this.cluster.isEmpty() ? bareName : bareName + LOCAL_SUFFIX;
        this.storage = qualified(storageBareName);
        this.retentionDays = retentionDays;
    }

    /** The quoted, validated table name for use in SQL (identifiers cannot be bound as parameters). */
    String table() {
        return table;
    }

    /** Whether the table spans a cluster (a Distributed table over replicated local tables). */
    boolean clustered() {
        return !cluster.isEmpty();
    }

    /** One DDL statement, and the one to run instead when the server refuses the first (or null). */
    record Ddl(String sql, String fallback) {
        Ddl(String sql) {
            this(sql, null);
        }
    }

    void apply(Client client) throws Exception {
        // One server: exactly the reads and statements of before the cluster mode (no database lookup, the TTL
        // state read only when it matters).
        for (String sql : createStatements(clustered() && database == null ? currentDatabase(client) : database)) {
            execute(client, sql);
        }
        if (clustered()) {
            String engine = tableColumn(client, bareName, "engine");
            if (!engine.equals("Distributed")) {
                // CREATE ... IF NOT EXISTS kept a table made before the cluster setting (by one server, or by
                // argus-dpy's own statement): writing into it would put every row on this one server.
                throw new IllegalStateException("clickhouse_cluster is set but " + table + " is a " + engine
                        + " table, not Distributed: rename it (or set clickhouse_table to another name) so that the "
                        + "cluster's tables can be created, then copy its rows into the new table");
            }
        }
        String createTableQuery = tableColumn(client, storageBareName, "create_table_query");
        String engineFull = retentionDays > 0 ? "" : tableColumn(client, storageBareName, "engine_full");
        for (Ddl ddl : upgradeStatements(createTableQuery, engineFull)) {
            if (ddl.fallback() == null) {
                execute(client, ddl.sql());
                continue;
            }
            try {
                execute(client, ddl.sql());
            } catch (Exception e) {
                if (!isServerError(e)) {
                    throw e; // unreachable or timed out: the caller retries the whole schema later
                }
                execute(client, ddl.fallback());
            }
        }
    }

    /**
     * The statements that run on every start, in order: the seed (or, on a cluster, the replicated local
     * table and then the Distributed table), and the column migrations. All idempotent.
     *
     * @param database the table's database: the configured one, else the server's current one (the
     *                 Distributed engine names it; only used on a cluster)
     */
    List<String> createStatements(String database) {
        List<String> out = new java.util.ArrayList<>();
        if (!clustered()) {
            out.add(String.format(CREATE, table));
            for (String m : MIGRATIONS) {
                out.add(String.format(m, table));
            }
            return out;
        }
        String target = storage + onCluster;
        out.add(String.format(CREATE, target).replace("ENGINE = MergeTree()", REPLICATED_ENGINE));
        for (String m : MIGRATIONS) {
            out.add(String.format(m, target));
        }
        // AS the local table: the Distributed table gets its columns as they are now, migrations included.
        out.add("CREATE TABLE IF NOT EXISTS " + table + onCluster + " AS " + storage + " ENGINE = Distributed('"
                + cluster + "', " + quote(database) + ", " + quote(storageBareName) + ", " + SHARDING_KEY + ")");
        // A Distributed table made by an older version lacks later columns: the same migrations add them.
        for (String m : MIGRATIONS) {
            out.add(String.format(m, table + onCluster));
        }
        return out;
    }

    /**
     * What the table still needs, given its state on the server: projections it lacks (then materialized
     * for rows already there), retired projections it has, and the retention TTL.
     *
     * @param createTableQuery the storage table's {@code system.tables.create_table_query}
     * @param engineFull       its {@code system.tables.engine_full}
     */
    List<Ddl> upgradeStatements(String createTableQuery, String engineFull) {
        List<Ddl> out = new java.util.ArrayList<>();
        String alter = "ALTER TABLE " + storage + onCluster + " ";
        for (Map.Entry<String, String> projection : PROJECTIONS.entrySet()) {
            String name = projection.getKey();
            if (!hasProjection(createTableQuery, name)) {
                // With its PROJECTION_SETTINGS when the server accepts them (recent releases); an older server
                // rejects the WITH SETTINGS clause and gets the same projection with the table's granularity:
                // correct, only less selective.
                String add = alter + "ADD PROJECTION IF NOT EXISTS " + name + " (" + projection.getValue() + ")";
                String settings = projectionSettings.get(name);
                out.add(settings == null ? new Ddl(add) : new Ddl(add + " WITH SETTINGS (" + settings + ")", add));
                // Rows already in the table (an existing or shared table): built by a background mutation,
                // only when the projection is new, so restarts cost nothing.
                out.add(new Ddl(alter + "MATERIALIZE PROJECTION " + name));
            }
        }
        for (String retired : RETIRED_PROJECTIONS) {
            if (hasProjection(createTableQuery, retired)) {
                // After the replacement's MATERIALIZE (mutations run in order): the replacement answers the
                // same queries, so dropping the old one loses nothing; the engine uses whichever reads less
                // until then.
                out.add(new Ddl(alter + "DROP PROJECTION IF EXISTS " + retired));
            }
        }
        if (retentionDays > 0) {
            out.add(new Ddl(alter + "MODIFY TTL parseDateTimeBestEffort(ts) + toIntervalDay(" + retentionDays + ")"));
        } else if (engineFull.contains(" TTL ")) {
            out.add(new Ddl(alter + "REMOVE TTL"));
        }
        return out;
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

    // "try": the response is opened only to be closed, and its close() declares Exception, which callers handle.
    @SuppressWarnings("try")
    private static void execute(Client client, String sql) throws Exception {
        try (CommandResponse ignored = client.execute(sql).get(60, TimeUnit.SECONDS)) {
            // DDL: success is the absence of an exception
        }
    }

    private static String currentDatabase(Client client) {
        return client.queryAll("SELECT currentDatabase() AS v").get(0).getString("v");
    }

    /**
     * One column of a table's row in system.tables on the server this client reaches ("" when the
     * table is not there). On a cluster the ON CLUSTER statements have reached every server by then.
     */
    private String tableColumn(Client client, String name, String column) {
        String sql = "SELECT " + column + " AS v FROM system.tables WHERE database = "
                + (database == null ? "currentDatabase()" : "{db:String}") + " AND name = {name:String}";
        Map<String, Object> params = database == null ? Map.of("name", name) : Map.of("db", database, "name", name);
        List<GenericRecord> rows = client.queryAll(sql, params);
        return rows.isEmpty() ? "" : rows.get(0).getString("v");
    }

    /** {@code name} in this table's database, quoted. */
    private String qualified(String name) {
        return database == null ? quote(name) : quote(database) + "." + quote(name);
    }

    private static String quote(String identifier) {
        return "`" + identifier + "`";
    }
}
