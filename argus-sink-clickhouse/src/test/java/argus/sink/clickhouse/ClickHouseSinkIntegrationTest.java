package argus.sink.clickhouse;

import argus.api.config.ArgusConfig;
import argus.api.query.AnalyticsQuery;
import argus.api.query.CommandCount;
import argus.api.query.CommandStats;
import argus.api.query.DailyVolume;
import argus.api.query.GuildCount;
import argus.api.query.GuildId;
import argus.api.query.HourlyVolume;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.query.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The sink and query side against a real ClickHouse engine (see {@link ClickHouseTestServer}). */
class ClickHouseSinkIntegrationTest {
    private static final String GUILD_A = "81384788765712384";
    private static final String GUILD_B = "222078108977594368";

    private String table;
    private Client admin;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void freshTable() {
        table = "argus_events_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        admin = ClickHouseClients.create(ClickHouseDsn.parse(ClickHouseTestServer.dsn()), Duration.ofSeconds(30));
    }

    @AfterEach
    void dropTable() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        exec("DROP TABLE IF EXISTS " + table);
        admin.close();
    }

    private ArgusConfig config(String dsn, Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>(Map.of("enable_per_guild", true, "clickhouse_dsn", dsn,
                "clickhouse_table", table, "sink_flush_interval_ms", 50));
        m.putAll(extra);
        return ArgusConfig.resolve(m, Map.of());
    }

    private EventSink openSink(ArgusConfig cfg) {
        EventSink sink = new ClickHouseSinkProvider().open(cfg).orElseThrow();
        toClose.add(() -> sink.close(Duration.ofSeconds(5)));
        return sink;
    }

    private AnalyticsQuery openQuery(ArgusConfig cfg) {
        AnalyticsQuery q = new ClickHouseSinkProvider().openQuery(cfg).orElseThrow();
        toClose.add((AutoCloseable) q);
        return q;
    }

    private static AnalyticsEvent command(String guild, String command, double ms, String outcome, String cluster) {
        return new AnalyticsEvent(System.currentTimeMillis(), EventKind.APP_COMMAND, Long.parseUnsignedLong(guild),
                "slash_command", command, ms, outcome, outcome.equals("error") ? "IllegalStateException" : "", 0, cluster);
    }

    private static AnalyticsEvent interaction(String guild, long epochMillis, String cluster) {
        return new AnalyticsEvent(epochMillis, EventKind.INTERACTION, guild.isEmpty() ? 0 : Long.parseUnsignedLong(guild),
                "slash_command", "ping", 12.5, "acknowledged", "", 1, cluster);
    }

    private void exec(String sql) throws Exception {
        try (CommandResponse ignored = admin.execute(sql).get(60, TimeUnit.SECONDS)) {
            // executed
        }
    }

    /** Inserts the rows of {@code select}: (ts, event, guild_id, type, command, duration_ms, cluster_id, outcome). */
    private void insertRows(String select) throws Exception {
        exec("INSERT INTO " + table + " (ts, event, guild_id, type, command, duration_ms, cluster_id, outcome) " + select);
    }

    /** Lets a sink create the table (its schema and projections) with one row of {@code guild}, and closes it. */
    private void createTableThroughTheSink(String guild) {
        EventSink sink = openSink(config(ClickHouseTestServer.dsn(), Map.of()));
        sink.record(command(guild, "warmup", 1, "success", "default"));
        sink.close(Duration.ofSeconds(10));
    }

    /** A query whose every statement (with its parameters) is added to {@code sent} before it runs. */
    private ClickHouseAnalyticsQuery recordingQuery(List<Map.Entry<String, Map<String, Object>>> sent) {
        ClickHouseAnalyticsQuery q = new ClickHouseAnalyticsQuery(
                ClickHouseClients.create(ClickHouseDsn.parse(ClickHouseTestServer.dsn()), Duration.ofSeconds(30)),
                new ClickHouseSchema(table, 0), java.time.Clock.systemUTC(),
                (sql, params) -> sent.add(Map.entry(sql, Map.copyOf(params))));
        toClose.add(q);
        return q;
    }

    /** The engine's plan for a statement exactly as a view sent it. */
    private String explain(Map.Entry<String, Map<String, Object>> statement) {
        StringBuilder plan = new StringBuilder();
        admin.queryAll("EXPLAIN " + statement.getKey(), statement.getValue())
                .forEach(r -> plan.append(r.getString(1)).append('\n'));
        return plan.toString();
    }

    private long rows(String where) {
        return admin.queryAll("SELECT count() AS n FROM " + table + (where.isEmpty() ? "" : " WHERE " + where))
                .get(0).getLong("n");
    }

    private String createStatement() {
        return admin.queryAll("SHOW CREATE TABLE " + table).get(0).getString(1);
    }

    @Test
    void aFreshServerEndsUpWithTheSeedTablePlusAddedColumns() {
        EventSink sink = openSink(config(ClickHouseTestServer.dsn(), Map.of()));
        sink.record(command(GUILD_A, "ping", 5, "success", "default"));
        sink.close(Duration.ofSeconds(10));

        Map<String, String> columns = new HashMap<>();
        for (GenericRecord r : admin.queryAll("SELECT name, type FROM system.columns WHERE database = currentDatabase()"
                + " AND table = {t:String} ORDER BY position", Map.of("t", table))) {
            columns.put(r.getString("name"), r.getString("type"));
        }
        assertThat(columns).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ts", "String", "event", "LowCardinality(String)", "guild_id", "String",
                "type", "LowCardinality(String)", "command", "String", "duration_ms", "Float64",
                "cluster_id", "LowCardinality(String)", "outcome", "LowCardinality(String)",
                "error_type", "LowCardinality(String)", "shard", "UInt32"));
        String ddl = createStatement();
        assertThat(ddl).contains("ENGINE = MergeTree").contains("ORDER BY (guild_id, ts)").doesNotContain("TTL");
        assertThat(ddl).contains("PROJECTION argus_guild_day").contains("PROJECTION argus_guild_cmd2")
                .doesNotContainPattern("PROJECTION argus_guild_cmd\\b")
                .contains("WITH SETTINGS (index_granularity = 256)"); // the engine of the tests knows projection settings
        assertThat(rows("")).isEqualTo(1);
    }

    /**
     * One table, two tools: rows this sink wrote next to rows shaped exactly as argus-dpy writes them
     * (the six base columns only, microsecond `ts` with an offset, its own type name). One command is
     * one series (full names in both), the views answer as the README's column table says, and they
     * agree with argus-dpy's own queries on the same rows except where the README says they differ.
     */
    @Test
    void aTableSharedWithArgusDpyServesBothToolsRows() throws Exception {
        String guild = "91384788765712399";
        EventSink sink = openSink(config(ClickHouseTestServer.dsn(), Map.of()));
        long now = System.currentTimeMillis();
        for (double ms : new double[] {10, 20, 30}) {
            sink.record(interaction(guild, now, "default"));
            sink.record(command(guild, "config set", ms, "success", "default"));
        }
        sink.record(interaction(guild, now, "default"));
        sink.record(command(guild, "ping", 7, "success", "default"));
        sink.close(Duration.ofSeconds(10));
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        exec("INSERT INTO " + table + " (ts, event, guild_id, type, command, duration_ms) VALUES "
                + "('" + today + "T00:00:01.123456+00:00', 'interaction', '" + guild + "', 'application_command', 'config set', 40.5), "
                + "('" + today + "T00:00:01.163956+00:00', 'app_command', '" + guild + "', 'application_command', 'config set', 40.5), "
                + "('" + today + "T00:00:02.000001+00:00', 'interaction', '" + guild + "', 'application_command', 'config set', 50.5), "
                + "('" + today + "T00:00:02.050501+00:00', 'app_command', '" + guild + "', 'application_command', 'config set', 50.5), "
                + "('" + today + "T00:00:03.000001+00:00', 'interaction', '" + guild + "', 'application_command', 'admin user ban', 60.25), "
                + "('" + today + "T00:00:03.060251+00:00', 'app_command', '" + guild + "', 'application_command', 'admin user ban', 60.25)");
        AnalyticsQuery q = openQuery(config(ClickHouseTestServer.dsn(), Map.of()));
        GuildId g = GuildId.parse(guild);

        List<CommandCount> top = q.topCommands(g, 10, Optional.empty());
        assertThat(top).containsExactly(new CommandCount("config set", 5), new CommandCount("admin user ban", 1),
                new CommandCount("ping", 1));
        List<CommandStats> stats = q.commandStats(g, 10, Optional.empty());
        assertThat(stats.get(0).command()).isEqualTo("config set");
        assertThat(stats.get(0).count()).isEqualTo(5);
        assertThat(stats.get(0).avgMs()).isCloseTo((10 + 20 + 30 + 40.5 + 50.5) / 5, within(1e-9));
        double average = q.averageDuration(g, Optional.empty()).orElseThrow();
        assertThat(average).isCloseTo((10 + 20 + 30 + 7 + 40.5 + 50.5 + 60.25) / 7, within(1e-9));
        // Volume: interaction rows per UTC day (7 here); argus-dpy counts every row (14), as the README says.
        List<DailyVolume> volume = q.interactionVolume(g, 1, Optional.empty());
        assertThat(volume).containsExactly(new DailyVolume(java.time.LocalDate.parse(today), 7));
        assertThat(rows("guild_id = '" + guild + "'")).isEqualTo(14);
        // argus-dpy's rows read the extra columns' defaults: no cluster, so a cluster-scoped view sees only ours.
        assertThat(q.topCommands(g, 10, Optional.of("default")))
                .containsExactly(new CommandCount("config set", 3), new CommandCount("ping", 1));

        // The views next to argus-dpy's own queries on the same rows (as the README describes them).
        Map<String, Object> p = Map.of("g", guild);
        List<CommandCount> dpyTop = admin.queryAll(String.format(DPY_TOP_COMMANDS, table), p).stream()
                .map(r -> new CommandCount(r.getString("command"), r.getLong("n"))).toList();
        assertThat(top).as("top commands (argus-dpy orders ties as it likes)").containsExactlyInAnyOrderElementsOf(dpyTop);
        assertThat(top).extracting(CommandCount::count).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        Map<String, Map.Entry<Long, Double>> dpyStats = new HashMap<>();
        admin.queryAll(String.format(DPY_COMMAND_STATS, table), p).forEach(r -> dpyStats.put(r.getString("command"),
                Map.entry(r.getLong("n"), r.getDouble("avg_ms"))));
        assertThat(stats).extracting(CommandStats::command).containsExactlyInAnyOrderElementsOf(dpyStats.keySet());
        for (CommandStats c : stats) {
            assertThat(c.count()).as("count of %s", c.command()).isEqualTo(dpyStats.get(c.command()).getKey());
            assertThat(c.avgMs()).as("average of %s", c.command())
                    .isCloseTo(dpyStats.get(c.command()).getValue(), within(1e-9));
        }
        double dpyAverage = admin.queryAll(String.format(DPY_AVERAGE, table), p).get(0).getDouble("avg_ms");
        assertThat(average).as("overall average").isCloseTo(dpyAverage, within(1e-9));
        // Volume differs as documented: argus-dpy counts every row, commands included.
        long dpyVolume = admin.queryAll(String.format(DPY_VOLUME, table), Map.of("g", guild, "d", 1)).get(0).getLong("n");
        long commands = stats.stream().mapToLong(CommandStats::count).sum();
        assertThat(dpyVolume).as("argus-dpy's volume: our interaction rows plus the app_command rows")
                .isEqualTo(volume.get(0).interactions() + commands);
        // A guild without rows: no average here, 0.0 in argus-dpy.
        String empty = "91384788765712400";
        assertThat(q.averageDuration(GuildId.parse(empty), Optional.empty())).isEmpty();
        assertThat(admin.queryAll(String.format(DPY_AVERAGE, table), Map.of("g", empty)).get(0).getDouble("avg_ms"))
                .isZero();
        System.out.printf(java.util.Locale.ROOT, "FIGURES mixed table (8 rows from this sink, 6 shaped as argus-dpy's): "
                + "top commands %s agree; per-command count and average agree for %d commands; overall average "
                + "%.3f ms both; interaction volume %d here (interaction rows, UTC day) vs %d in argus-dpy (every row, "
                + "rolling day); empty guild's average: none here, 0.0 in argus-dpy%n", top, stats.size(), dpyAverage,
                volume.get(0).interactions(), dpyVolume);
    }

    /*
     * argus-dpy's views, written from what they count (README, "One table with argus-dpy"; AnalyticsQuery):
     * straight over the rows, app_command rows for commands and durations, every row over a rolling window
     * for volume, 0.0 for a guild without commands.
     */
    private static final String DPY_TOP_COMMANDS = "SELECT command, count() AS n FROM %s "
            + "WHERE guild_id = {g:String} AND event = 'app_command' GROUP BY command ORDER BY n DESC LIMIT 10";
    private static final String DPY_COMMAND_STATS = "SELECT command, count() AS n, avg(duration_ms) AS avg_ms FROM %s "
            + "WHERE guild_id = {g:String} AND event = 'app_command' GROUP BY command ORDER BY n DESC";
    private static final String DPY_AVERAGE = "SELECT ifNull(avgOrNull(duration_ms), 0) AS avg_ms FROM %s "
            + "WHERE guild_id = {g:String} AND event = 'app_command'";
    private static final String DPY_VOLUME = "SELECT count() AS n FROM %s WHERE guild_id = {g:String} "
            + "AND parseDateTime64BestEffort(ts, 6) >= now64(6) - toIntervalDay({d:UInt32})";

    @Test
    void theDashboardQueriesReadTheAggregateProjectionsNotTheGuildsRows() throws Exception {
        createTableThroughTheSink(GUILD_A);
        // 20,000 rows for one guild over 10 days, inserted in one part (as a busy guild accumulates them).
        insertRows("SELECT formatDateTime(now() - toIntervalHour(number % 240), '%Y-%m-%dT%H:%i:%S.000Z'), "
                + "if(number % 2 = 0, 'interaction', 'app_command'), '" + GUILD_A + "', 'slash_command', "
                + "concat('cmd', toString(number % 7)), number % 100, 'default', 'success' FROM numbers(20000)");
        List<Map.Entry<String, Map<String, Object>>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ClickHouseAnalyticsQuery q = recordingQuery(sent);
        GuildId a = GuildId.parse(GUILD_A);
        assertThat(q.topCommands(a, 3, Optional.empty())).hasSize(3);
        assertThat(q.interactionVolume(a, 30, Optional.of("default")).stream().mapToLong(v -> v.interactions()).sum())
                .isEqualTo(10_000);
        assertThat(q.averageDuration(a, Optional.empty())).isPresent();
        assertThat(q.topGuilds(30, 5, Optional.empty())).isNotEmpty();
        assertThat(q.commandStats(a, 7, Optional.empty())).hasSize(7)
                .allSatisfy(c -> assertThat(c.p95Ms()).isBetween(90.0, 99.0)); // durations 0..99, uniform

        // The engine's plan for exactly the statements the views sent, with their parameters.
        List<String> plans = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> statement : sent) {
            plans.add(explain(statement));
        }
        assertThat(plans).hasSize(5);
        assertThat(plans.get(0)).as("top-commands").contains("ReadFromMergeTree (argus_guild_cmd2)");
        assertThat(plans.get(1)).as("interaction-volume").contains("ReadFromMergeTree (argus_guild_day)");
        assertThat(plans.get(2)).as("avg-duration").contains("ReadFromMergeTree (argus_guild_cmd2)");
        assertThat(plans.get(3)).as("top-guilds").contains("ReadFromMergeTree (argus_guild_day)");
        assertThat(plans.get(4)).as("command-stats").contains("ReadFromMergeTree (argus_guild_cmd2)");
    }

    /**
     * The percentiles are t-digest estimates merged from the projection's per-part states: on known
     * distributions, spread over several parts, they stay within 2% of the exact quantiles of the rows
     * (measured: within 0.7% for 5 k-70 k samples per command, BENCHMARKS.md, issue 4).
     */
    @Test
    void percentilesFromTheProjectionStayWithinTwoPercentOfTheExactQuantiles() throws Exception {
        createTableThroughTheSink(GUILD_B);
        // Three inserts (three parts, three sets of states to merge) of three shapes: exponential (mean 80 ms),
        // uniform 0..1,000 ms and log-normal (median 30 ms, long tail), 30,000 rows per command in all.
        for (int part = 0; part < 3; part++) {
            insertRows("SELECT formatDateTime(now() - toIntervalMinute(number % 1000), '%Y-%m-%dT%H:%i:%S.000Z'), "
                    + "'app_command', '" + GUILD_A + "', 'slash_command', ['expo', 'uniform', 'lognormal'][number % 3 + 1], "
                    + "multiIf(number % 3 = 0, -80 * log(1 - u), number % 3 = 1, 1000 * u, 30 * exp(sqrt(-2 * log(u)) * "
                    + "cos(2 * pi() * v))), 'default', 'success' FROM (SELECT number, (cityHash64(number, " + part + ", 1) "
                    + "% 1000000 + 0.5) / 1000000 AS u, (cityHash64(number, " + part + ", 2) % 1000000 + 0.5) / 1000000 AS v "
                    + "FROM numbers(30000))");
        }
        List<Map.Entry<String, Map<String, Object>>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ClickHouseAnalyticsQuery q = recordingQuery(sent);
        List<CommandStats> stats = q.commandStats(GuildId.parse(GUILD_A), 10, Optional.empty());
        assertThat(explain(sent.get(0))).contains("ReadFromMergeTree (argus_guild_cmd2)");

        Map<String, double[]> exact = new HashMap<>();
        for (GenericRecord r : admin.queryAll("SELECT command, quantilesExact(0.5, 0.95, 0.99)(duration_ms) AS q FROM "
                + table + " WHERE guild_id = '" + GUILD_A + "' AND event = 'app_command' GROUP BY command "
                + "SETTINGS optimize_use_projections = 0")) {
            List<Double> x = r.getList("q");
            exact.put(r.getString("command"), new double[]{x.get(0), x.get(1), x.get(2)});
        }
        assertThat(stats).extracting(CommandStats::command).containsExactlyInAnyOrder("expo", "uniform", "lognormal");
        for (CommandStats c : stats) {
            double[] x = exact.get(c.command());
            assertThat(c.count()).isEqualTo(30_000);
            assertThat(c.p50Ms()).as(c.command() + " p50").isCloseTo(x[0], within(0.02 * x[0]));
            assertThat(c.p95Ms()).as(c.command() + " p95").isCloseTo(x[1], within(0.02 * x[1]));
            assertThat(c.p99Ms()).as(c.command() + " p99").isCloseTo(x[2], within(0.02 * x[2]));
        }
    }

    /**
     * A table from the previous schema (aggregate projection {@code argus_guild_cmd}, 8,192-row granules)
     * gets the replacement once, loses the old one, and a later start neither adds nor materializes
     * anything again.
     */
    @Test
    void theRetiredProjectionIsReplacedOnceOnAnExistingTable() throws Exception {
        exec(String.format(ClickHouseSchema.CREATE, table));
        for (String m : ClickHouseSchema.MIGRATIONS) {
            exec(String.format(m, table));
        }
        exec("ALTER TABLE " + table + " ADD PROJECTION argus_guild_cmd (SELECT guild_id, event, cluster_id, command, "
                + "count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) "
                + "GROUP BY guild_id, event, cluster_id, command)");
        insertRows("SELECT formatDateTime(now(), '%Y-%m-%dT%H:%i:%S.000Z'), 'app_command', '" + GUILD_A + "', "
                + "'slash_command', 'old', number, 'default', 'success' FROM numbers(1000)");
        ArgusConfig cfg = config(ClickHouseTestServer.dsn(), Map.of());
        for (int start = 0; start < 2; start++) {
            EventSink sink = openSink(cfg);
            sink.record(command(GUILD_A, "new", 5, "success", "default"));
            sink.close(Duration.ofSeconds(10));
        }
        String ddl = createStatement();
        assertThat(ddl).contains("PROJECTION argus_guild_cmd2").doesNotContainPattern("PROJECTION argus_guild_cmd\\b");
        long materialized = admin.queryAll("SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() "
                + "AND table = {t:String} AND command LIKE '%MATERIALIZE PROJECTION argus_guild_cmd2%'", Map.of("t", table))
                .get(0).getLong("n");
        assertThat(materialized).as("MATERIALIZE PROJECTION argus_guild_cmd2 mutations").isEqualTo(1);
        AnalyticsQuery q = openQuery(cfg);
        List<CommandStats> stats = q.commandStats(GuildId.parse(GUILD_A), 10, Optional.empty());
        assertThat(stats).extracting(CommandStats::command).containsExactly("old", "new");
        assertThat(stats.get(0).p50Ms()).isCloseTo(499.5, within(5.0));
    }

    /** A server that refuses the projection's settings (older than projection settings) gets it without them. */
    @Test
    void aServerRefusingProjectionSettingsGetsTheProjectionWithoutThem() throws Exception {
        new ClickHouseSchema(table, 0, Map.of("argus_guild_cmd2", "argus_no_such_setting = 1")).apply(admin);
        String ddl = createStatement();
        assertThat(ddl).contains("PROJECTION argus_guild_cmd2").doesNotContain("WITH SETTINGS")
                .contains("PROJECTION argus_guild_day");
        insertRows("SELECT formatDateTime(now(), '%Y-%m-%dT%H:%i:%S.000Z'), 'app_command', '" + GUILD_A + "', "
                + "'slash_command', 'ping', number % 100, 'default', 'success' FROM numbers(20000)");
        String plan = explain(Map.entry("SELECT command, quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) AS q FROM "
                + table + " WHERE guild_id = '" + GUILD_A + "' AND event = 'app_command' GROUP BY command", Map.of()));
        assertThat(plan).contains("ReadFromMergeTree (argus_guild_cmd2)");
        // Applying the real schema later (e.g. after a server upgrade) keeps the projection as it is: no re-add.
        new ClickHouseSchema(table, 0).apply(admin);
        assertThat(createStatement()).doesNotContain("WITH SETTINGS");
    }

    @Test
    void roundTripGivesExactCountsAveragesPercentilesAndErrorRates() {
        ArgusConfig cfg = config(ClickHouseTestServer.dsn(), Map.of());
        EventSink sink = openSink(cfg);
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 100; i++) {          // ping: 1..100 ms, 10% errors
            sink.record(command(GUILD_A, "ping", i, i % 10 == 0 ? "error" : "success", "default"));
        }
        for (int i = 0; i < 30; i++) {
            sink.record(command(GUILD_A, "roll", 200, "success", "default"));
            sink.record(interaction(GUILD_A, now, "default"));
        }
        sink.record(command(GUILD_B, "ping", 1_000, "success", "default"));
        sink.record(interaction(GUILD_B, now, "default"));
        sink.record(interaction("", now, "default"));     // a DM: stored with an empty guild_id
        sink.close(Duration.ofSeconds(10));
        SinkStats stats = sink.stats();
        assertThat(stats.written()).isEqualTo(163);
        assertThat(stats.dropped() + stats.failed() + stats.pending()).isZero();

        AnalyticsQuery q = openQuery(cfg);
        GuildId a = GuildId.parse(GUILD_A);
        assertThat(q.topCommands(a, 10, Optional.empty()))
                .containsExactly(new CommandCount("ping", 100), new CommandCount("roll", 30));
        List<CommandStats> stats2 = q.commandStats(a, 10, Optional.empty());
        assertThat(stats2).hasSize(2);
        CommandStats ping = stats2.get(0);
        assertThat(ping.command()).isEqualTo("ping");
        assertThat(ping.count()).isEqualTo(100);
        assertThat(ping.avgMs()).isCloseTo(50.5, within(1e-9));
        assertThat(ping.errorRate()).isCloseTo(0.1, within(1e-9));
        assertThat(ping.p50Ms()).isCloseTo(50.5, within(1.0));
        assertThat(ping.p95Ms()).isCloseTo(95, within(1.5));
        assertThat(ping.p99Ms()).isCloseTo(99, within(1.5));
        assertThat(stats2.get(1).avgMs()).isEqualTo(200.0);
        OptionalDouble avg = q.averageDuration(a, Optional.empty());
        assertThat(avg).isPresent();
        assertThat(avg.getAsDouble()).isCloseTo((5050.0 + 30 * 200) / 130, within(1e-9));
        assertThat(q.averageDuration(GuildId.parse("1"), Optional.empty())).isEmpty();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(q.interactionVolume(a, 7, Optional.empty())).containsExactly(new DailyVolume(today, 30));
        assertThat(q.topGuilds(7, 10, Optional.empty()))
                .containsExactly(new GuildCount(GUILD_A, 30), new GuildCount(GUILD_B, 1));
        assertThat(rows("guild_id = '' AND event = 'interaction'")).isEqualTo(1);
    }

    @Test
    void everyDurationAndTextRoundTripsBitForBit_emptyLinesInTheBinaryRowsIncluded() {
        // 42.078452000000006 is 25 27 13 b7 0a 0a 45 40: the local engine once cut RowBinary bodies at
        // "\n\n" (a valid batch refused as "Cannot read all data"). Random doubles and awkward text cover
        // the other byte patterns; every row must come back exactly as recorded.
        ArgusConfig cfg = config(ClickHouseTestServer.dsn(), Map.of("sink_batch_size", 10_000, "sink_flush_interval_ms", 1_000));
        EventSink sink = openSink(cfg);
        java.util.Random random = new java.util.Random(42);
        double sum = 0;
        int n = 3_000;
        for (int i = 0; i < n; i++) {
            double ms = i % 50 == 0 ? 42.078452000000006 : Double.longBitsToDouble(random.nextLong() & 0x3fffffffffffffffL) % 1e6;
            sum += ms;
            String command = switch (i % 4) {
                case 0 -> "ping";
                case 1 -> "dé\n\nx";
                case 2 -> "ダイス";
                default -> "q'\\\t";
            };
            sink.record(new AnalyticsEvent(System.currentTimeMillis(), EventKind.APP_COMMAND, Long.parseUnsignedLong(GUILD_A),
                    "slash_command", command, ms, "success", "", i % 7, "default"));
        }
        sink.close(Duration.ofSeconds(20));
        SinkStats stats = sink.stats();
        assertThat(stats.failed()).isZero();
        assertThat(stats.written()).isEqualTo(n);
        assertThat(rows("duration_ms = 42.078452000000006")).isEqualTo(n / 50);
        assertThat(rows("command = 'dé\\n\\nx'")).isEqualTo(n / 4);
        assertThat(rows("command = 'q\\'\\\\\\t'")).isEqualTo(n / 4);
        double stored = admin.queryAll("SELECT sum(duration_ms) AS s FROM " + table).get(0).getDouble("s");
        assertThat(stored).isCloseTo(sum, within(Math.abs(sum) * 1e-12));
    }

    @Test
    void interactionVolumeCountsPerUtcDayInsideTheWindowOnly() {
        ArgusConfig cfg = config(ClickHouseTestServer.dsn(), Map.of());
        EventSink sink = openSink(cfg);
        long day = 86_400_000L;
        long today = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 3_600_000L;
        sink.record(interaction(GUILD_A, today, "default"));
        sink.record(interaction(GUILD_A, today - day, "default"));
        sink.record(interaction(GUILD_A, today - day, "default"));
        sink.record(interaction(GUILD_A, today - 10 * day, "default"));
        sink.close(Duration.ofSeconds(10));
        AnalyticsQuery q = openQuery(cfg);
        LocalDate d = LocalDate.now(ZoneOffset.UTC);
        assertThat(q.interactionVolume(GuildId.parse(GUILD_A), 2, Optional.empty()))
                .containsExactly(new DailyVolume(d.minusDays(1), 2), new DailyVolume(d, 1));
        assertThat(q.interactionVolume(GuildId.parse(GUILD_A), 30, Optional.empty())).hasSize(3);
    }

    @Test
    void hourlyVolumeCountsPerUtcHourInsideTheWindowOnly() {
        ArgusConfig cfg = config(ClickHouseTestServer.dsn(), Map.of());
        EventSink sink = openSink(cfg);
        Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        long minute = 60_000L;
        sink.record(interaction(GUILD_A, hour.toEpochMilli() + minute, "default"));
        sink.record(interaction(GUILD_A, hour.toEpochMilli() - 59 * minute, "default"));
        sink.record(interaction(GUILD_A, hour.toEpochMilli() - 58 * minute, "default"));
        sink.record(interaction(GUILD_A, hour.toEpochMilli() - 3 * 86_400_000L, "default"));
        sink.close(Duration.ofSeconds(10));
        AnalyticsQuery q = openQuery(cfg);

        assertThat(q.hourlyInteractionVolume(GuildId.parse(GUILD_A), 1, Optional.empty()))
                .get(org.assertj.core.api.InstanceOfAssertFactories.list(HourlyVolume.class))
                .containsExactly(new HourlyVolume(hour.minus(1, java.time.temporal.ChronoUnit.HOURS), 2),
                        new HourlyVolume(hour, 1));
        assertThat(q.hourlyInteractionVolume(GuildId.parse(GUILD_A), 7, Optional.empty()).orElseThrow()).hasSize(3);
    }

    @Test
    void clusterScopeSeparatesProcessesSharingOneTable() {
        ArgusConfig cfg = config(ClickHouseTestServer.dsn(), Map.of());
        EventSink sink = openSink(cfg);
        for (int i = 0; i < 3; i++) {
            sink.record(command(GUILD_A, "ping", 10, "success", "eu-1"));
        }
        sink.record(command(GUILD_A, "ping", 30, "success", "us-1"));
        sink.close(Duration.ofSeconds(10));
        AnalyticsQuery q = openQuery(cfg);
        GuildId a = GuildId.parse(GUILD_A);
        assertThat(q.topCommands(a, 5, Optional.of("eu-1"))).containsExactly(new CommandCount("ping", 3));
        assertThat(q.topCommands(a, 5, Optional.of("us-1"))).containsExactly(new CommandCount("ping", 1));
        assertThat(q.topCommands(a, 5, Optional.empty())).containsExactly(new CommandCount("ping", 4));
        assertThat(q.averageDuration(a, Optional.of("us-1")).getAsDouble()).isEqualTo(30.0);
    }

    @Test
    void aTableCreatedByTheOldSchemaIsMigratedAndItsRowsStayReadable() throws Exception {
        exec(String.format(ClickHouseSchema.CREATE, table));
        exec("INSERT INTO " + table + " (ts, event, guild_id, type, command, duration_ms) VALUES "
                + "('" + java.time.Instant.now() + "', 'app_command', '" + GUILD_A + "', 'slash_command', 'legacy', 42)");
        ArgusConfig cfg = config(ClickHouseTestServer.dsn(), Map.of());
        EventSink sink = openSink(cfg);
        sink.record(command(GUILD_A, "ping", 8, "success", "eu-1"));
        sink.close(Duration.ofSeconds(10));
        assertThat(createStatement()).contains("cluster_id").contains("outcome").contains("error_type").contains("shard");
        AnalyticsQuery q = openQuery(cfg);
        assertThat(q.topCommands(GuildId.parse(GUILD_A), 5, Optional.empty()))
                .containsExactly(new CommandCount("legacy", 1), new CommandCount("ping", 1));
        assertThat(rows("command = 'legacy' AND cluster_id = '' AND outcome = ''")).isEqualTo(1);
        // Idempotent: applying the migrations again changes nothing and does not fail.
        EventSink again = openSink(cfg);
        again.record(command(GUILD_A, "ping", 8, "success", "eu-1"));
        again.close(Duration.ofSeconds(10));
        assertThat(again.stats().written()).isEqualTo(1);
    }

    @Test
    void retentionDaysSetsATtlAndZeroRemovesIt() {
        EventSink sink = openSink(config(ClickHouseTestServer.dsn(), Map.of("clickhouse_retention_days", 90)));
        sink.record(command(GUILD_A, "ping", 1, "success", "default"));
        sink.close(Duration.ofSeconds(10));
        assertThat(createStatement()).contains("TTL").contains("parseDateTimeBestEffort(ts)");

        EventSink without = openSink(config(ClickHouseTestServer.dsn(), Map.of("clickhouse_retention_days", 0)));
        without.record(command(GUILD_A, "ping", 1, "success", "default"));
        without.close(Duration.ofSeconds(10));
        assertThat(createStatement()).doesNotContain("TTL");
        assertThat(rows("")).isEqualTo(2);
    }

    @Test
    void hostileInputsAreRejectedBeforeAnySqlRuns() {
        AnalyticsQuery q = openQuery(config(ClickHouseTestServer.dsn(), Map.of()));
        for (String hostile : List.of("1 OR 1=1", "1'; DROP TABLE x; --", "١٢٣", "123456789012345678901", "", "12 3")) {
            assertThatThrownBy(() -> GuildId.parse(hostile)).isInstanceOf(IllegalArgumentException.class);
        }
        GuildId a = GuildId.parse(GUILD_A);
        assertThatThrownBy(() -> q.topCommands(a, 0, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.topCommands(a, 101, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.interactionVolume(a, 367, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.topCommands(a, 5, Optional.of("eu' OR '1'='1")))
                .isInstanceOf(IllegalArgumentException.class);
        // A 20-digit id (the widest snowflake) is valid and simply has no rows.
        assertThat(q.topCommands(GuildId.parse("18446744073709551615"), 5, Optional.empty())).isEmpty();
    }

    @Test
    void anOutageNeverBlocksRecordCountsDropsExactlyAndWritingResumesWithoutRestart() throws Exception {
        URI target = URI.create(ClickHouseTestServer.dsn());
        try (CuttableProxy proxy = new CuttableProxy(target.getHost(), target.getPort())) {
            String viaProxy = ClickHouseTestServer.dsn().replace(target.getHost() + ":" + target.getPort(),
                    "127.0.0.1:" + proxy.port());
            EventSink sink = openSink(config(viaProxy, Map.of("sink_queue_capacity", 2_000, "sink_batch_size", 500)));
            AtomicBoolean run = new AtomicBoolean(true);
            AtomicLong maxRecordNanos = new AtomicLong();
            Thread producer = new Thread(() -> {
                while (run.get()) {
                    long t0 = System.nanoTime();
                    sink.record(command(GUILD_A, "ping", 3, "success", "default"));
                    maxRecordNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    try {
                        Thread.sleep(1); // a steady ~1k events/s
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            producer.start();
            awaitTrue(() -> sink.stats().written() > 0 && sink.health().up(), 20);

            proxy.cutBetweenRequests(); // an outage, not a lost answer (that case is at-least-once)
            awaitTrue(() -> !sink.health().up(), 20);
            Thread.sleep(10_000);                     // the server is "down" for 10 s
            assertThat(sink.stats().dropped()).as("a full queue drops and counts").isPositive();
            proxy.restore();
            long writtenAtRestore = sink.stats().written();
            awaitTrue(() -> sink.health().up() && sink.stats().written() > writtenAtRestore + 1_000, 60);

            run.set(false);
            producer.join();
            sink.close(Duration.ofSeconds(20));
            SinkStats s = sink.stats();
            assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
            assertThat(s.accepted()).isEqualTo(s.written() + s.failed() + s.pending());
            assertThat(s.failed()).isZero();
            assertThat(s.pending()).isZero();
            // At least once through an outage (README): every written event is in the table, at most a
            // resent batch more.
            assertThat(rows("")).as("every accepted event reached the table").isBetween(s.written(), s.written() + 2_000);
            assertThat(maxRecordNanos.get()).as("record() never waits on the store")
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** Every DSN parameter is accepted by the real engine's HTTP interface, uncompressed answers included. */
    @Test
    void theSupportedDsnParametersWorkAgainstTheEngine() {
        String base = ClickHouseTestServer.dsn();
        String dsn = base + (base.contains("?") ? "&" : "?") + "compress=0&connect_timeout_ms=2000&ssl=false&database="
                + ClickHouseDsn.parse(base).database();
        ArgusConfig cfg = config(dsn, Map.of());
        EventSink sink = openSink(cfg);
        sink.record(command(GUILD_A, "ping", 2, "success", "default"));
        sink.close(Duration.ofSeconds(10));
        assertThat(sink.stats().written()).isEqualTo(1);
        assertThat(openQuery(cfg).topCommands(GuildId.parse(GUILD_A), 5, Optional.empty()))
                .containsExactly(new CommandCount("ping", 1));
    }

    /** A bot thread recording ~1k events/s, timing every record() and, while asked to, the events held. */
    private static final class SteadyProducer implements AutoCloseable {
        private final EventSink sink;
        private final Thread thread;
        private final AtomicBoolean run = new AtomicBoolean(true);
        final AtomicLong maxRecordNanos = new AtomicLong();
        final AtomicLong peakHeld = new AtomicLong();
        /** Sample held events only while nothing is written: then pending, read on this thread, is exact. */
        volatile boolean samplePeak;

        SteadyProducer(EventSink sink) {
            this.sink = sink;
            this.thread = new Thread(this::produce, "steady-producer");
            thread.start();
        }

        private void produce() {
            while (run.get()) {
                long t0 = System.nanoTime();
                sink.record(command(GUILD_A, "ping", 3, "success", "default"));
                maxRecordNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                if (samplePeak) {
                    peakHeld.accumulateAndGet(sink.stats().pending(), Math::max);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            run.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String viaProxy(CuttableProxy proxy) {
        URI target = URI.create(ClickHouseTestServer.dsn());
        return ClickHouseTestServer.dsn().replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port());
    }

    private static CuttableProxy proxyToTheTestServer() throws java.io.IOException {
        URI target = URI.create(ClickHouseTestServer.dsn());
        return new CuttableProxy(target.getHost(), target.getPort());
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    /** Every accepted event is accounted for and in the table exactly once. */
    private void assertExactAccounting(SinkStats s) {
        assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
        assertThat(s.accepted()).isEqualTo(s.written() + s.failed() + s.pending());
        assertThat(s.pending()).isZero();
        assertThat(rows("")).as("rows in the table").isEqualTo(s.written());
    }

    /**
     * As {@link #assertExactAccounting} for a run through an outage, where delivery is at least once
     * (README): an insert whose answer is lost, cut or timed out on a loaded machine after the engine
     * stored it, is sent again. The sink's own counts stay exact; the table holds every written event,
     * and at most {@code held} more (a resent batch is never larger than what the sink may hold).
     */
    private void assertAtLeastOnceAccounting(SinkStats s, long held) {
        assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
        assertThat(s.accepted()).isEqualTo(s.written() + s.failed() + s.pending());
        assertThat(s.pending()).isZero();
        assertThat(rows("")).as("rows in the table: every written event, and at most one resent batch more")
                .isBetween(s.written(), s.written() + held);
    }

    /**
     * A server that takes connections and requests but never answers (the proxy stalls: what a frozen
     * or wedged ClickHouse looks like) is reported down within 15 s with the default request timeout,
     * the bot's record() never waits, and writing resumes within 5 s once the server answers again.
     */
    @Test
    void aHungServerIsReportedDownWithin15s_andWritingResumesWithin5sOfItsAnswer() throws Exception {
        int capacity = 2_000;
        try (CuttableProxy proxy = proxyToTheTestServer()) {
            EventSink sink = openSink(config(viaProxy(proxy), Map.of("sink_queue_capacity", capacity,
                    "sink_batch_size", 500)));
            SinkStats end;
            double toDown;
            double toResume;
            String reason;
            try (SteadyProducer producer = new SteadyProducer(sink)) {
                awaitTrue(() -> sink.stats().written() > 0 && sink.health().up(), 20);

                proxy.stall();
                long stalledAt = System.nanoTime();
                Thread.sleep(100); // an insert that was answered just before the stall is counted before sampling
                producer.samplePeak = true;
                awaitTrue(() -> !sink.health().up(), 30);
                toDown = secondsSince(stalledAt);
                reason = sink.health().detail();
                Thread.sleep(5_000);                      // hung a while longer: the worker gives up its request
                producer.samplePeak = false;

                proxy.restore();
                long restoredAt = System.nanoTime();
                long writtenAtRestore = sink.stats().written();
                awaitTrue(() -> sink.stats().written() > writtenAtRestore, 60);
                toResume = secondsSince(restoredAt);
                awaitTrue(() -> sink.health().up(), 20);
                assertThat(producer.maxRecordNanos.get()).as("record() never waits on the store")
                        .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
                assertThat(producer.peakHeld.get()).as("events held while hung").isLessThanOrEqualTo(capacity);
                System.out.printf("FIGURES hang: reported down %.1f s after the server stopped answering (\"%s\"); "
                        + "writing resumed %.1f s after it answered again; peak events held %d of %d%n",
                        toDown, reason, toResume, producer.peakHeld.get(), capacity);
            }
            sink.close(Duration.ofSeconds(20));
            end = sink.stats();
            assertThat(toDown).as("seconds to reported down").isLessThanOrEqualTo(15.0);
            assertThat(reason).startsWith("hung: ").contains("events pending");
            assertThat(toResume).as("seconds to the first write after the server answers").isLessThanOrEqualTo(5.0);
            assertThat(end.dropped()).as("the full sink dropped and counted").isPositive();
            assertExactAccounting(end);
        }
    }

    /**
     * However long the outage, writing resumes within 5 s of the server's return: the sink probes with
     * {@code SELECT 1} every second instead of backing off its retries (which used to double to a minute).
     * {@code -Dargus.it.outageSeconds=300} measures a longer outage.
     */
    @Test
    void afterALongOutageWritingResumesWithin5sOfTheServersReturn() throws Exception {
        long outageSeconds = Long.getLong("argus.it.outageSeconds", 30);
        int capacity = 300;
        try (CuttableProxy proxy = proxyToTheTestServer()) {
            EventSink sink = openSink(config(viaProxy(proxy), Map.of("sink_queue_capacity", capacity,
                    "sink_batch_size", 1_000)));
            double toResume;
            try (SteadyProducer producer = new SteadyProducer(sink)) {
                awaitTrue(() -> sink.stats().written() > 0 && sink.health().up(), 20);
                proxy.cutBetweenRequests(); // an outage, not a lost answer (that case is at-least-once)
                producer.samplePeak = true;
                awaitTrue(() -> !sink.health().up(), 20);
                Thread.sleep(TimeUnit.SECONDS.toMillis(outageSeconds));
                producer.samplePeak = false;
                assertThat(sink.health().detail()).startsWith("refused: ");
                proxy.restore();
                long restoredAt = System.nanoTime();
                long writtenAtRestore = sink.stats().written();
                awaitTrue(() -> sink.stats().written() > writtenAtRestore, 120);
                toResume = secondsSince(restoredAt);
                awaitTrue(() -> sink.health().up(), 20);
                assertThat(producer.peakHeld.get()).as("events held during the outage").isEqualTo(capacity);
                System.out.printf("FIGURES outage of %d s: writing resumed %.1f s after the server returned; "
                        + "peak events held %d of %d (batch size 1000)%n", outageSeconds, toResume,
                        producer.peakHeld.get(), capacity);
            }
            sink.close(Duration.ofSeconds(20));
            assertThat(toResume).as("seconds to the first write after the outage").isLessThanOrEqualTo(5.0);
            assertAtLeastOnceAccounting(sink.stats(), capacity);
        }
    }

    /**
     * The hang as it was found: the engine's own process frozen (SIGSTOP), with {@code sink_queue_capacity}
     * 300 and batches of up to 1,000 (where 775 events used to be held and the sink stayed up). It is
     * reported down within 15 s with the default request timeout, never holds more than the capacity,
     * and writes within 5 s of the engine running again (SIGCONT). {@code -Dargus.it.freezeSeconds=60}
     * measures the original 60 s freeze.
     */
    @Test
    void aFrozenEngineIsReportedDownWithin15s_holdsAtMostTheCapacity_andWritesWithin5sOfItsThaw() throws Exception {
        long freezeSeconds = Long.getLong("argus.it.freezeSeconds", 20);
        int capacity = 300;
        try (FreezableFixture engine = FreezableFixture.start();
             Client engineAdmin = ClickHouseClients.create(ClickHouseDsn.parse(engine.dsn), Duration.ofSeconds(30))) {
            EventSink sink = openSink(config(engine.dsn, Map.of("sink_queue_capacity", capacity,
                    "sink_batch_size", 1_000)));
            double toDown;
            double toResume;
            String reason;
            long peak;
            try (SteadyProducer producer = new SteadyProducer(sink)) {
                awaitTrue(() -> sink.stats().written() > 0 && sink.health().up(), 30);

                engine.freeze();
                long frozenAt = System.nanoTime();
                Thread.sleep(100); // an insert answered just before the freeze is counted before sampling
                producer.samplePeak = true;
                awaitTrue(() -> !sink.health().up(), 30);
                toDown = secondsSince(frozenAt);
                reason = sink.health().detail();
                Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(freezeSeconds) - (long) (secondsSince(frozenAt) * 1000)));
                producer.samplePeak = false;
                peak = producer.peakHeld.get();

                engine.thaw();
                long thawedAt = System.nanoTime();
                long writtenAtThaw = sink.stats().written();
                awaitTrue(() -> sink.stats().written() > writtenAtThaw, 60);
                toResume = secondsSince(thawedAt);
                awaitTrue(() -> sink.health().up(), 30);
                assertThat(producer.maxRecordNanos.get()).as("record() never waits on the store")
                        .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
                System.out.printf("FIGURES frozen engine for %d s: reported down %.1f s after the freeze (\"%s\"); "
                        + "writing resumed %.1f s after the thaw; peak events held %d of %d (batch size 1000)%n",
                        freezeSeconds, toDown, reason, toResume, peak, capacity);
            }
            sink.close(Duration.ofSeconds(20));
            assertThat(toDown).as("seconds to reported down").isLessThanOrEqualTo(15.0);
            assertThat(reason).startsWith("hung: ").contains("events pending");
            assertThat(peak).as("events held while frozen (queue, batch in hand, in flight)").isEqualTo(capacity);
            assertThat(toResume).as("seconds to the first write after the thaw").isLessThanOrEqualTo(5.0);
            SinkStats s = sink.stats();
            assertThat(s.dropped()).as("the full sink dropped and counted").isPositive();
            assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
            assertThat(s.accepted()).isEqualTo(s.written() + s.failed() + s.pending());
            assertThat(s.pending()).isZero();
            // At least once (README): the insert that timed out while frozen is still in the engine's
            // buffers and may be stored at the thaw as well as resent.
            long stored = engineAdmin.queryAll("SELECT count() AS n FROM " + table).get(0).getLong("n");
            assertThat(stored).as("rows in the frozen engine's table").isBetween(s.written(), s.written() + capacity);
        }
    }

    @Test
    void shutdownUnderLoadLosesNoAcceptedEvent() throws Exception {
        EventSink sink = openSink(config(ClickHouseTestServer.dsn(), Map.of("sink_queue_capacity", 200_000,
                "sink_batch_size", 5_000, "sink_flush_interval_ms", 1_000)));
        AtomicBoolean run = new AtomicBoolean(true);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread p = new Thread(() -> {
                while (run.get()) {
                    sink.record(command(GUILD_B, "roll", 4, "success", "default"));
                }
            });
            producers.add(p);
            p.start();
        }
        Thread.sleep(1_500);
        sink.close(Duration.ofSeconds(60));        // closes while the producers still push
        run.set(false);
        for (Thread p : producers) {
            p.join();
        }
        SinkStats s = sink.stats();
        assertThat(s.accepted()).isPositive();
        assertThat(s.failed()).isZero();
        assertThat(s.pending()).isZero();
        assertThat(s.written()).isEqualTo(s.accepted());
        assertThat(rows("")).isEqualTo(s.written());
        assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
    }

    @Test
    void anUnreachableServerNeitherBlocksOpeningNorThrowsAndReportsHealthDown() throws Exception {
        int dead = ClickHouseTestServer.freePort();
        long t0 = System.nanoTime();
        EventSink sink = openSink(config("http://argus:secret-pw@127.0.0.1:" + dead, Map.of("sink_queue_capacity", 10)));
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
        sink.record(command(GUILD_A, "ping", 1, "success", "default")); // the worker takes it and fails
        awaitTrue(() -> !sink.health().up(), 30);
        assertThat(sink.health().detail()).startsWith("refused: ").doesNotContain("secret-pw");
        // While the worker probes the server, the batch in hand and the queue together hold exactly the
        // capacity; the rest is dropped and counted, and record() never blocks.
        for (int i = 0; i < 20; i++) {
            sink.record(command(GUILD_A, "ping", 1, "success", "default"));
        }
        assertThat(sink.stats().dropped()).isEqualTo(11);
        assertThat(sink.stats().pending()).isEqualTo(10);
        sink.close(Duration.ofMillis(200));
        assertThat(sink.stats().failed()).as("the first event and the 9 queued").isEqualTo(10);
        assertThat(sink.stats().pending()).isZero();
    }

    /**
     * The README's sizing figure ("When one ClickHouse is not enough"): one million rows shaped like a busy
     * bot's (half interactions, half commands; 1,000 guilds; 10 commands; integer durations; 2% errors;
     * 43 ms apart, so about 12 hours), in the sink's own table, merged into one part. Prints the bytes per
     * row and bounds them, so a schema change that bloats the table fails here before the README is wrong.
     */
    @Test
    void sizingFigures_bytesPerRowOnDiskIncludingProjections() throws Exception {
        new ClickHouseSchema(table, 0).apply(admin);
        int rows = 1_000_000;
        exec("INSERT INTO " + table + " (ts, event, guild_id, type, command, duration_ms, cluster_id, outcome, error_type, shard) "
                + "SELECT concat(formatDateTime(toDateTime('2026-12-01 00:00:00', 'UTC') + intDiv(p * 43, 1000), "
                + "'%Y-%m-%dT%H:%i:%S', 'UTC'), '.', leftPad(toString((p * 43) % 1000), 3, '0'), 'Z'), "
                + "if(number % 2 = 0, 'interaction', 'app_command'), "
                + "toString(1200000000000000000 + (cityHash64(p, 7) % 1000) * 7919133), 'slash_command', "
                + "['ping','help','config set','config get','admin user ban','play','skip','queue','rank','daily']"
                + "[1 + cityHash64(p, 1) % 10], "
                + "toFloat64(20 + cityHash64(p, 2) % 400 + if(number % 2 = 1, cityHash64(p, 3) % 50, 0)), 'default', "
                + "if(number % 2 = 0, 'acknowledged', if(cityHash64(p, 4) % 50 = 0, 'error', 'success')), "
                + "if(number % 2 = 1 AND cityHash64(p, 4) % 50 = 0, 'UNKNOWN_INTERACTION', ''), "
                + "toUInt32((cityHash64(p, 7) % 1000) % 16) "
                + "FROM (SELECT number, intDiv(number, 2) AS p FROM numbers(" + rows + "))");
        exec("OPTIMIZE TABLE " + table + " FINAL");
        GenericRecord parts = admin.queryAll("SELECT sum(rows) AS r, sum(data_compressed_bytes) AS data, "
                + "sum(data_uncompressed_bytes) AS raw, sum(bytes_on_disk) AS disk FROM system.parts "
                + "WHERE database = currentDatabase() AND table = {t:String} AND active", Map.of("t", table)).get(0);
        assertThat(parts.getLong("r")).isEqualTo(rows);
        double data = parts.getLong("data") / (double) rows;
        double disk = parts.getLong("disk") / (double) rows;
        double raw = parts.getLong("raw") / (double) rows;
        System.out.printf(java.util.Locale.ROOT, "sizing: %d rows: %.1f B/row uncompressed, %.1f B/row compressed columns,"
                + " %.1f B/row on disk with the projections%n", rows, raw, data, disk);
        assertThat(disk).as("bytes per row on disk").isBetween(data, 30.0);
    }

    /** ClickHouse error codes for a statement refused only for want of a cluster (not a syntax error: 62). */
    private static final java.util.Set<Integer> NO_CLUSTER_HERE = java.util.Set.of(
            701, // CLUSTER_DOESNT_EXIST: no remote_servers entry of that name
            392); // QUERY_IS_PROHIBITED: "Replicated DDL queries are disabled" (no distributed DDL queue)

    /**
     * The cluster statements on the engine of the tests. It is one server without a cluster, ZooKeeper or
     * distributed DDL, so it cannot run them; what it can show is that it parses every one of them
     * ({@code EXPLAIN AST}) and refuses each only because there is no cluster, creating nothing.
     */
    @Test
    void theEngineParsesEveryClusterStatementAndRefusesItOnlyForWantOfACluster() throws Exception {
        ClickHouseSchema schema = new ClickHouseSchema(table, 30, "argus_it");
        List<String> statements = new ArrayList<>(schema.createStatements("default"));
        for (ClickHouseSchema.Ddl ddl : schema.upgradeStatements(ClickHouseSchemaGoldenTest.OLD_CREATE,
                ClickHouseSchemaGoldenTest.OLD_ENGINE)) {
            statements.add(ddl.sql());
            if (ddl.fallback() != null) {
                statements.add(ddl.fallback());
            }
        }
        assertThat(statements).hasSizeGreaterThan(10);
        // A one-server stand-in for the local table, so that the Distributed table's AS has columns to copy
        // and its statement reaches the cluster check (else the engine stops at the missing table: code 60).
        exec(String.format(ClickHouseSchema.CREATE, table + ClickHouseSchema.LOCAL_SUFFIX));
        toClose.add(() -> exec("DROP TABLE IF EXISTS " + table + ClickHouseSchema.LOCAL_SUFFIX));
        for (String sql : statements) {
            assertThat(admin.queryAll("EXPLAIN AST " + sql)).as("parsed: %s", sql).isNotEmpty();
            assertThatThrownBy(() -> exec(sql)).as("executed: %s", sql)
                    .satisfies(e -> assertThat(serverCode(e)).as("error code of %s", e).isIn(NO_CLUSTER_HERE));
        }
        assertThat(admin.queryAll("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE {t:String}",
                Map.of("t", table + "%"))).as("tables besides the stand-in").extracting(r -> r.getString("name"))
                .containsExactly(table + ClickHouseSchema.LOCAL_SUFFIX);
        // The same statements without a cluster are the one-server schema the other tests run.
        assertThat(new ClickHouseSchema(table, 30).createStatements(null))
                .allSatisfy(sql -> assertThat(sql).doesNotContain("CLUSTER"));
    }

    /** A cluster name the server does not know: the sink reports down with the server's reason and creates nothing. */
    @Test
    void aClusterTheServerDoesNotKnowIsReportedDownWithItsReason_andNothingIsCreated() throws Exception {
        EventSink sink = openSink(config(ClickHouseTestServer.dsn(), Map.of("clickhouse_cluster", "argus_nowhere",
                "clickhouse_request_timeout_ms", 1000)));
        long t0 = System.nanoTime();
        sink.record(command(GUILD_A, "ping", 1, "success", "default"));
        awaitTrue(() -> !sink.health().up(), 15);
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(15));
        assertThat(sink.health().detail()).contains("argus_nowhere");
        assertThat(admin.queryAll("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE {t:String}",
                Map.of("t", table + "%"))).as("tables created").isEmpty();
        sink.close(Duration.ofMillis(200));
        assertThat(sink.stats().failed()).isEqualTo(1);
        assertThat(sink.stats().written()).isZero();
    }

    private static int serverCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.clickhouse.client.api.ServerException se) {
                return se.getCode();
            }
        }
        return -1;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }
}
