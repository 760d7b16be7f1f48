package argus.bench.web;

import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/analytics/*} latency over HTTP on a large {@code argus_events} table in a real
 * ClickHouse engine (the chDB fixture, or any ClickHouse by DSN).
 *
 * <ol>
 *   <li>Argus starts with {@code enable_per_guild}, {@code clickhouse_dsn}, {@code clickhouse_table} and
 *       {@code dashboard_auth_token}; its ClickHouse sink creates the table itself (the product's
 *       schema and migrations: nothing here copies the DDL).</li>
 *   <li>The rows are generated server-side ({@code INSERT ... SELECT ... FROM numbers(N)}): 2,000 guilds,
 *       one heavy guild with 10% of the events, four with 2.5% each, the other 1,995 sharing 80%; 50
 *       commands with a skewed (quadratic) popularity; 30 days up to now; one {@code interaction} and one
 *       {@code app_command} row per interaction; 2% errors; durations exponential with an 80 ms mean.</li>
 *   <li>Each endpoint is requested over HTTP with the bearer token for the heaviest guild and for a
 *       median guild: warm-up requests, then timed sequential requests; p50/p95/p99/max.</li>
 *   <li>Diagnosis: the same SQL the product sends (copied from ClickHouseAnalyticsQuery, for the
 *       engine's own elapsed time and rows read), EXPLAIN, projection parts, and (with {@code -Dvariants=true})
 *       the {@code before} table: the product table's parts with the previous command projection, served by
 *       its own Argus and measured interleaved with the product over HTTP.</li>
 * </ol>
 */
final class AnalyticsLatency {
    static final String TOKEN = "bench-analytics-token";

    private final String dsn;
    private final String table;
    private final long rows;
    private final int warmup;
    private final int requests;
    private final boolean reuse;
    private final boolean variants;
    private final ClickHouseHttp ch;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> summary = new ArrayList<>();

    AnalyticsLatency(String dsn, String table, long rows, int warmup, int requests, boolean reuse, boolean variants) {
        this.dsn = dsn;
        this.table = table;
        this.rows = rows;
        this.warmup = warmup;
        this.requests = requests;
        this.reuse = reuse;
        this.variants = variants;
        this.ch = new ClickHouseHttp(dsn);
    }

    /** One view of the analytics API. */
    record Endpoint(String name, String params, boolean perGuild) {
        String path(String guild) {
            return "/api/analytics/" + name + "?" + (perGuild ? "guild_id=" + guild + (params.isEmpty() ? "" : "&") : "") + params;
        }
    }

    /** What the dashboard's Analytics section asks for (analytics.js), plus the remaining views. */
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("interaction-volume", "days=30", true),
            new Endpoint("top-commands", "limit=10", true),
            new Endpoint("command-stats", "limit=100", true),
            new Endpoint("percentiles", "limit=100", true),
            new Endpoint("avg-duration", "", true),
            new Endpoint("top-guilds", "days=30&limit=12", false));

    /** One Argus (with its own local Discord and JDA) reading one table. */
    record Target(String label, String table, LocalDiscord discord, Argus argus) implements AutoCloseable {
        String base() {
            return "http://127.0.0.1:" + argus.port();
        }

        @Override
        public void close() {
            try {
                argus.close();
            } finally {
                discord.close();
            }
        }
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "%n== /api/analytics/* on %,d rows: ClickHouse %s, table %s%n", rows,
                redact(dsn), table);
        System.out.println("engine: " + ch.scalar("SELECT version()"));
        List<Target> targets = new ArrayList<>();
        try {
            if (!reuse) {
                ch.query("DROP TABLE IF EXISTS " + table);
            }
            Target product = target("product", table);
            targets.add(product);
            // The sink creates its table (or migrates a reused one) with its first batch: one real command through
            // the bot.
            long before = tableExists(table) ? Long.parseLong(ch.scalar("SELECT count() FROM " + table)) : 0;
            product.discord().dispatchInteraction(RealisticBot.slashCommand(Payloads.DEFAULT_GUILD_ID, "bench_first", "ok"));
            LocalDiscord.waitUntil(() -> tableExists(table), Duration.ofSeconds(60),
                    () -> "the sink did not create " + table + ": health " + product.argus().health() + ", app commands "
                            + product.argus().registry().value("discord_app_commands", "bench_first", "success")
                            + ", events offered " + product.argus().registry().value("argus_history_events_offered"));
            // Both events (interaction + app_command) written before the bulk insert: the fixture runs one query
            // at a time, so a sink insert queued behind the 10M-row INSERT would time out and retry after it.
            LocalDiscord.waitUntil(() -> Long.parseLong(ch.scalar("SELECT count() FROM " + table)) >= before + 2,
                    Duration.ofSeconds(60), () -> "the sink did not write both events to " + table);
            awaitMutations(table, "the product's schema migrations");
            System.out.println("the sink's own first rows: " + ch.query("SELECT event, guild_id, command, "
                    + "round(duration_ms, 1), outcome FROM " + table + " ORDER BY ts LIMIT 4").strip().replace("\n", "; "));
            System.out.println("table as the product created it: "
                    + ch.query("SHOW CREATE TABLE " + table).strip().replace("\\n", " ").replaceAll("\\s+", " "));
            load();
            String[] guilds = pickGuilds();
            String heavy = guilds[0];
            String light = guilds[1];
            if (variants) {
                for (Variant v : variants()) {
                    String vt = table + "_" + v.suffix;
                    System.out.printf(Locale.ROOT, "variant %s: %s%n", v.suffix, v.description);
                    long t0 = System.nanoTime();
                    ch.query("DROP TABLE IF EXISTS " + vt);
                    for (String ddl : v.ddl) {
                        ch.query(ddl.replace("$T", vt).replace("$BASE", table));
                    }
                    awaitMutations(vt, "variant " + v.suffix);
                    System.out.printf(Locale.ROOT, "  built in %.1f s: %s; %s%n", (System.nanoTime() - t0) / 1e9, parts(vt),
                            projectionParts(vt));
                    targets.add(target(v.suffix, vt));
                }
            }
            System.out.println("product table: " + parts(table) + "; " + projectionParts(table));
            measure(targets, heavy, light);
            for (Target t : targets) {
                System.out.println("\nEXPLAIN indexes = 1 of command-stats for the heavy guild (" + t.label() + " table):");
                explain(t.table(), heavy);
            }
            for (Target t : targets) {
                engineTimes(t.table(), heavy, 20);
            }
            engineTimes(table, light, 20);
        } finally {
            for (Target t : targets) {
                t.close();
            }
        }
        System.out.println();
        System.out.println("| table | endpoint | guild (rows) | n | p50 ms | p95 ms | p99 ms | max ms | p95 <= 50 ms |");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|---|");
        summary.forEach(System.out::println);
    }

    private Target target(String label, String t) {
        LocalDiscord discord = LocalDiscord.builder().timeout(Duration.ofSeconds(20)).start();
        try {
            JDA jda = discord.jda().listeners(new RealisticBot.CommandBot()).connect();
            return new Target(label, t, discord, startArgus(jda, t));
        } catch (RuntimeException | Error e) {
            discord.close();
            throw e;
        }
    }

    private Argus startArgus(JDA jda, String t) {
        Argus a = Argus.builder(jda).port(0).host("127.0.0.1").closeOnShutdown(false).environment(Map.of())
                .enablePerGuild(true).clickhouseDsn(dsn).clickhouseTable(t).dashboardAuthToken(TOKEN).start();
        if (a.port() <= 0 || a.sink().isEmpty()) {
            a.close();
            throw new IllegalStateException("Argus started without HTTP server or analytics sink (port " + a.port()
                    + ", sink " + a.sink() + "): are argus-web and argus-sink-clickhouse on the class path?");
        }
        return a;
    }

    private boolean tableExists(String t) {
        return "1".equals(ch.scalar("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = '"
                + t + "'"));
    }

    private void load() {
        String existing = ch.scalar("SELECT count() FROM " + table);
        if (reuse && Long.parseLong(existing) >= rows) {
            System.out.printf(Locale.ROOT, "reusing the %,d rows already in %s%n", rows, table);
            return;
        }
        if (!"0".equals(existing)) {
            ch.query("TRUNCATE TABLE " + table);
        }
        long now = System.currentTimeMillis();
        String sql = """
                INSERT INTO $T (ts, event, guild_id, type, command, duration_ms, cluster_id, outcome, error_type, shard)
                SELECT
                  concat(formatDateTime(toDateTime(intDiv(t, 1000)), '%Y-%m-%dT%H:%i:%S', 'UTC'), '.',
                         leftPad(toString(t % 1000), 3, '0'), 'Z') AS ts,
                  if(number % 2 = 0, 'interaction', 'app_command') AS event,
                  toString(1200000000000000000 + g) AS guild_id,
                  'slash_command' AS type,
                  concat('command_', leftPad(toString(toUInt32(floor(50 * pow((cityHash64(intDiv(number, 2), 2) % 10000) / 10000.0, 2)))), 2, '0')) AS command,
                  round(-log(((cityHash64(intDiv(number, 2), 3) % 100000) + 1) / 100001.0) * 80, 3) AS duration_ms,
                  'bench' AS cluster_id,
                  if(event = 'app_command', if(cityHash64(intDiv(number, 2), 4) % 100 < 2, 'error', 'success'), '') AS outcome,
                  if(outcome = 'error', 'IllegalStateException', '') AS error_type,
                  toUInt32(g % 16) AS shard
                FROM (
                  SELECT number,
                         toInt64($NOW - intDiv(number * 2592000000, $ROWS)) AS t,
                         multiIf(cityHash64(intDiv(number, 2), 1) % 1000 < 100, 0,
                                 cityHash64(intDiv(number, 2), 1) % 1000 < 200, 1 + cityHash64(intDiv(number, 2), 1) % 4,
                                 5 + cityHash64(intDiv(number, 2), 5) % 1995) AS g
                  FROM numbers($ROWS)
                )
                """.replace("$T", table).replace("$NOW", Long.toString(now)).replace("$ROWS", Long.toString(rows));
        long t0 = System.nanoTime();
        ch.query(sql);
        System.out.printf(Locale.ROOT, "generated %,d rows server-side in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
    }

    private String parts(String t) {
        return ch.query("SELECT concat(toString(count()), ' active parts, ', formatReadableQuantity(sum(rows)), ' rows, ', "
                + "formatReadableSize(sum(bytes_on_disk))) FROM system.parts WHERE database = currentDatabase() AND table = '"
                + t + "' AND active").strip();
    }

    /** Per projection: parts, rows, granules (marks) and size on disk. */
    private String projectionParts(String t) {
        return ch.query("SELECT arrayStringConcat(groupArray(s), ', ') FROM (SELECT concat('projection ', name, ': ', "
                + "toString(count()), ' parts, ', toString(sum(rows)), ' rows, ', toString(sum(marks)), ' granules, ', "
                + "formatReadableSize(sum(bytes_on_disk))) AS s FROM system.projection_parts WHERE database = currentDatabase() "
                + "AND table = '" + t + "' AND active GROUP BY name ORDER BY name)").strip();
    }

    /** Waits until the table has no unfinished mutation (MATERIALIZE / DROP PROJECTION run in the background). */
    private void awaitMutations(String t, String what) {
        long t0 = System.nanoTime();
        String where = " FROM system.mutations WHERE database = currentDatabase() AND table = '" + t + "'";
        LocalDiscord.waitUntil(() -> "0".equals(ch.scalar("SELECT count()" + where + " AND NOT is_done")),
                Duration.ofMinutes(10), () -> what + ": mutations still running on " + t + ": "
                        + ch.query("SELECT command, latest_fail_reason" + where + " AND NOT is_done"));
        String done = ch.query("SELECT arrayStringConcat(groupArray(command), '; ')" + where).strip()
                .replace("\\n", " ").replaceAll("\\s+", " ");
        System.out.printf(Locale.ROOT, "%s: no mutation pending on %s after %.1f s (mutations so far: %s)%n", what, t,
                (System.nanoTime() - t0) / 1e9, done.isEmpty() ? "none" : done);
    }

    /** The heaviest guild and the median guild by row count. */
    private String[] pickGuilds() {
        System.out.println(ch.query("SELECT concat(formatReadableQuantity(count()), ' rows, ', toString(uniqExact(guild_id)), "
                + "' guilds, ts ', min(ts), ' .. ', max(ts)) FROM " + table).strip() + "; " + parts(table));
        String[] heavy = ch.query("SELECT guild_id, count() AS n FROM " + table + " GROUP BY guild_id ORDER BY n DESC, "
                + "guild_id LIMIT 1").strip().split("\t");
        String[] median = ch.query("SELECT guild_id, n FROM (SELECT guild_id, count() AS n FROM " + table
                + " GROUP BY guild_id) ORDER BY n, guild_id LIMIT 1 OFFSET 1000").strip().split("\t");
        guildRows.put(heavy[0], Long.parseLong(heavy[1]));
        guildRows.put(median[0], Long.parseLong(median[1]));
        System.out.printf(Locale.ROOT, "heavy guild %s: %,d rows; light (median) guild %s: %,d rows%n",
                heavy[0], Long.parseLong(heavy[1]), median[0], Long.parseLong(median[1]));
        return new String[]{heavy[0], median[0]};
    }

    private final Map<String, Long> guildRows = new LinkedHashMap<>();

    /**
     * Every endpoint and guild against every target, interleaved request by request (rotating which
     * target goes first), so that load from other processes on this shared machine hits all tables alike.
     */
    private void measure(List<Target> targets, String heavy, String light) throws Exception {
        System.out.printf(Locale.ROOT, "%n%d warm-up + %d timed sequential requests per endpoint, guild and table, the "
                + "tables interleaved request by request%n", warmup, requests);
        // error-rate is not a route of its own: the error rate is a column of command-stats.
        int errorRate = send(targets.get(0).base() + "/api/analytics/error-rate?guild_id=" + heavy).statusCode();
        System.out.println("/api/analytics/error-rate answers " + errorRate + " (the error rate is command-stats' "
                + "error_rate column)");
        for (Endpoint e : ENDPOINTS) {
            for (String guild : e.perGuild ? List.of(heavy, light) : List.of("")) {
                int n = targets.size();
                String[] check = new String[n];
                for (int k = 0; k < n; k++) {
                    String url = targets.get(k).base() + e.path(guild);
                    for (int i = 0; i < warmup; i++) {
                        check[k] = body(send(url), url);
                    }
                }
                long[][] nanos = new long[n][requests];
                for (int i = 0; i < requests; i++) {
                    for (int j = 0; j < n; j++) {
                        int k = (i + j) % n;
                        String url = targets.get(k).base() + e.path(guild);
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = send(url);
                        nanos[k][i] = System.nanoTime() - t0;
                        body(r, url);
                    }
                }
                String who = e.perGuild ? (guild.equals(heavy) ? "heavy " : "light ") + guild + " ("
                        + String.format(Locale.ROOT, "%,d", guildRows.get(guild)) + ")" : "all guilds";
                for (int k = 0; k < n; k++) {
                    Latencies l = new Latencies(nanos[k]);
                    String verdict = !e.perGuild ? "n/a (not per guild)" : l.ms(95) <= 50 ? "met" : "**missed**";
                    String label = targets.get(k).label();
                    System.out.printf(Locale.ROOT, "  %-9s %-20s %-36s p50 %7.1f  p95 %7.1f  p99 %7.1f  max %7.1f ms  %s  [%s]%n",
                            label, e.name, who, l.ms(50), l.ms(95), l.ms(99), l.maxMs(), verdict, describe(check[k]));
                    summary.add(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s |",
                            label, e.name, who, l.count(), l.ms(50), l.ms(95), l.ms(99), l.maxMs(), verdict));
                }
            }
        }
    }

    private HttpResponse<String> send(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String body(HttpResponse<String> r, String url) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** A short description of a response: row count and the first row, or the average. */
    private static String describe(String json) {
        DataObject o = DataObject.fromJson(json);
        if (o.hasKey("rows")) {
            DataArray rows = o.getArray("rows");
            return rows.length() + " rows" + (rows.isEmpty() ? "" : ", first " + rows.getArray(0).toString());
        }
        return o.toString();
    }

    // ------------------------------------------------------------------ diagnosis

    /** The product's SQL (copied from ClickHouseAnalyticsQuery, parameters inlined) and a breakdown, timed in the engine. */
    private Map<String, String> sql(String t, String guild) {
        String since = LocalDate.now(ZoneOffset.UTC).minusDays(29).toString();
        String perGuild = " WHERE guild_id = '" + guild + "' AND event = 'app_command'";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("interaction-volume", "SELECT substring(ts, 1, 10) AS day, count() AS n FROM " + t + " WHERE guild_id = '"
                + guild + "' AND event = 'interaction' AND substring(ts, 1, 10) >= '" + since + "' GROUP BY day ORDER BY day");
        m.put("top-commands", "SELECT command, count() AS n FROM " + t + perGuild
                + " GROUP BY command ORDER BY n DESC, command LIMIT 10");
        m.put("command-stats (= percentiles)", "SELECT command, count() AS n, avg(duration_ms) AS avg_ms, "
                + "quantilesTDigest(0.5, 0.95, 0.99)(duration_ms) AS q, toFloat64(q[1]) AS p50, toFloat64(q[2]) AS p95, "
                + "toFloat64(q[3]) AS p99, countIf(outcome = 'error') / count() AS error_rate FROM " + t + perGuild
                + " GROUP BY command ORDER BY n DESC, command LIMIT 100");
        m.put("command-stats without the percentiles", "SELECT command, count() AS n, avg(duration_ms) AS avg_ms, "
                + "countIf(outcome = 'error') / count() AS error_rate FROM " + t + perGuild
                + " GROUP BY command ORDER BY n DESC, command LIMIT 100");
        m.put("avg-duration", "SELECT count() AS n, avg(duration_ms) AS avg_ms FROM " + t + perGuild);
        m.put("top-guilds", "SELECT guild_id, count() AS n FROM " + t + " WHERE event = 'interaction' AND guild_id != '' "
                + "AND substring(ts, 1, 10) >= '" + since + "' GROUP BY guild_id ORDER BY n DESC, guild_id LIMIT 12");
        m.put("SELECT 1 (HTTP round trip floor)", "SELECT 1");
        return m;
    }

    private void explain(String t, String heavy) {
        String explain = ch.query("EXPLAIN indexes = 1 " + sql(t, heavy).get("command-stats (= percentiles)"));
        for (String line : explain.split("\n")) {
            String l = line.replace("\\'", "'");
            if (l.contains("ReadFromMergeTree") || l.contains("Keys") || l.contains("Condition") || l.contains("Parts")
                    || l.contains("Granules") || l.contains("PrimaryKey") || l.contains("Name")) {
                System.out.println("  " + l.strip());
            }
        }
    }

    /** Engine-side elapsed and rows read (statistics of FORMAT JSON), median of {@code n} runs. */
    private void engineTimes(String t, String guild, int n) {
        System.out.printf(Locale.ROOT, "engine time on %s for guild %s (median of %d; elapsed as reported by ClickHouse, "
                + "round trip as seen by this client):%n", t, guild, n);
        for (var e : sql(t, guild).entrySet()) {
            long[] elapsed = new long[n];
            long[] trip = new long[n];
            long read = 0;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                DataObject o = DataObject.fromJson(ch.query(e.getValue() + " FORMAT JSON"));
                trip[i] = System.nanoTime() - t0;
                DataObject s = o.getObject("statistics");
                elapsed[i] = (long) (s.getDouble("elapsed") * 1e9);
                read = s.getLong("rows_read");
            }
            System.out.printf(Locale.ROOT, "  %-52s engine %7.1f ms  round trip %7.1f ms  rows read %,d%n", e.getKey(),
                    new Latencies(elapsed).ms(50), new Latencies(trip).ms(50), read);
        }
    }

    record Variant(String suffix, String description, List<String> ddl) {
    }

    /**
     * {@code before}: the product table's very parts (attached, not re-inserted: same part layout) with the
     * previous schema's command projection {@code argus_guild_cmd} (default 8,192-row granules) in place of
     * {@code argus_guild_cmd2}, to measure the change interleaved with the product under the same load.
     */
    private static List<Variant> variants() {
        return List.of(new Variant("before", "the product table's parts with the previous command projection "
                + "argus_guild_cmd (8,192-row granules) instead of argus_guild_cmd2 (256-row granules)",
                List.of("CREATE TABLE $T AS $BASE",
                        "ALTER TABLE $T ATTACH PARTITION tuple() FROM $BASE",
                        "ALTER TABLE $T ADD PROJECTION IF NOT EXISTS argus_guild_cmd (SELECT guild_id, event, cluster_id, "
                                + "command, count(), avg(duration_ms), countIf(outcome = 'error'), quantilesTDigest(0.5, 0.95, "
                                + "0.99)(duration_ms) GROUP BY guild_id, event, cluster_id, command)",
                        "ALTER TABLE $T MATERIALIZE PROJECTION argus_guild_cmd SETTINGS mutations_sync = 1",
                        "ALTER TABLE $T DROP PROJECTION IF EXISTS argus_guild_cmd2 SETTINGS mutations_sync = 1")));
    }

    private static String redact(String dsn) {
        return dsn.replaceAll("//[^@/]*@", "//***@");
    }
}
