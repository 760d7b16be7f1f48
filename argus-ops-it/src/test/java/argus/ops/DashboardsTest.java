package argus.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * grafana/dashboards: every dashboard parses, has the cluster variable, and every Prometheus panel
 * query is valid PromQL (promtool parses it as a recording rule, Grafana's variables substituted)
 * over catalogued metrics only.
 */
class DashboardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS = "prometheus";
    private static final String CLICKHOUSE = "grafana-clickhouse-datasource";

    record Query(String dashboard, String panel, String expr) {
    }

    static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Path p : Repo.files("grafana/dashboards", ".json")) {
            out.put(p.getFileName().toString(), JSON.readTree(p.toFile()));
        }
        return out;
    }

    static List<Query> promQueries() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> d : dashboards().entrySet()) {
            for (JsonNode panel : d.getValue().path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (PROMETHEUS.equals(target.path("datasource").path("type").asText())) {
                        out.add(new Query(d.getKey(), panel.path("title").asText(), target.path("expr").asText()));
                    }
                }
            }
        }
        return out;
    }

    /** The guild board's SQL panel queries (Grafana's ClickHouse plugin), as {@code rawSql}. */
    static List<Query> sqlQueries() throws IOException {
        List<Query> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> d : dashboards().entrySet()) {
            for (JsonNode panel : d.getValue().path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (CLICKHOUSE.equals(target.path("datasource").path("type").asText())) {
                        out.add(new Query(d.getKey(), panel.path("title").asText(), target.path("rawSql").asText()));
                    }
                }
            }
        }
        return out;
    }

    private static final Pattern TIME_INTERVAL = Pattern.compile("\\$__timeInterval\\(((?:[^()]|\\([^()]*\\))*)\\)");

    /**
     * The SQL Grafana's ClickHouse plugin sends for a panel query: its macros expanded as the plugin
     * expands them ({@code $__fromTime} is {@code toDateTime(seconds)}, {@code $__timeInterval(c)} is
     * {@code toStartOfInterval(toDateTime(c), INTERVAL n second)}), the guild textbox and the
     * cluster variable (single-quoted list) filled in.
     */
    static String substituteSql(String sql, long fromSeconds, long toSeconds, String guild, String cluster) {
        String s = TIME_INTERVAL.matcher(sql).replaceAll("toStartOfInterval(toDateTime($1), INTERVAL 60 second)");
        return s.replace("$__fromTime", "toDateTime(" + fromSeconds + ")")
                .replace("$__toTime", "toDateTime(" + toSeconds + ")")
                .replace("${guild}", guild)
                .replace("${ch_cluster:singlequote}", "'" + cluster + "'")
                .replace("${ch_cluster}", cluster);
    }

    /** Grafana's variables as a concrete query would have them (all clusters and shards, 5 m rate windows). */
    static String substitute(String expr) {
        return substitute(expr, ".*");
    }

    /** As {@link #substitute(String)}, with one cluster selected. */
    static String substitute(String expr, String cluster) {
        return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                .replace("$cluster", cluster).replace("$shard", ".*");
    }

    @Test
    void theDashboardsAreTheFiveShipped() throws IOException {
        Map<String, JsonNode> d = dashboards();
        assertThat(d.keySet()).containsExactly("argus-gateway-rest.json", "argus-guild-analytics.json",
                "argus-interactions.json", "argus-overview.json", "argus-self.json");
        Set<String> uids = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : d.entrySet()) {
            JsonNode dash = e.getValue();
            assertThat(uids.add(dash.path("uid").asText())).as("unique uid: " + e.getKey()).isTrue();
            assertThat(dash.path("title").asText()).as(e.getKey()).startsWith("Argus / ");
            assertThat(dash.path("panels").size()).as(e.getKey()).isGreaterThan(5);
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dash.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as(e.getKey() + ": unique panel id").isTrue();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(e.getKey()).isLessThanOrEqualTo(24);
            }
        }
    }

    @Test
    void prometheusDashboardsFilterByClusterAndShard() throws IOException {
        for (Map.Entry<String, JsonNode> e : dashboards().entrySet()) {
            if (e.getKey().equals("argus-guild-analytics.json")) {
                continue;
            }
            List<String> vars = new ArrayList<>();
            e.getValue().path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
            assertThat(vars).as(e.getKey()).contains("datasource", "cluster");
        }
        JsonNode gateway = dashboards().get("argus-gateway-rest.json");
        List<String> vars = new ArrayList<>();
        gateway.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
        assertThat(vars).contains("shard");
        // Every query of a cluster-scoped dashboard honours the cluster variable, except Prometheus' own up.
        assertThat(promQueries()).filteredOn(q -> !q.expr().startsWith("up{") && !q.expr().contains("ALERTS"))
                .allSatisfy(q -> assertThat(q.expr()).as(q.dashboard() + " / " + q.panel())
                        .contains("cluster=~\"$cluster\""));
        assertThat(promQueries()).filteredOn(q -> q.expr().contains("shard=~\"$shard\"")).hasSizeGreaterThan(3);
    }

    @Test
    void everyPanelQuerySelectsOnlyCataloguedMetrics() throws IOException {
        Set<String> allowed = PromQl.allowed();
        List<Query> queries = promQueries();
        assertThat(queries).hasSizeGreaterThan(50);
        for (Query q : queries) {
            Set<String> names = PromQl.metricNames(substitute(q.expr()));
            assertThat(names).as(q.dashboard() + " / " + q.panel() + ": " + q.expr()).isNotEmpty();
            assertThat(allowed).as(q.dashboard() + " / " + q.panel() + ": " + q.expr()).containsAll(names);
        }
    }

    /** promtool parses each query as the expression of a recording rule: a syntax error fails the check. */
    @Test
    void everyPanelQueryIsValidPromQl(@TempDir Path tmp) throws Exception {
        List<Query> queries = promQueries();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: argus_dashboard_query_").append(i).append('\n')
                    .append("        expr: ").append(JSON.writeValueAsString(substitute(queries.get(i).expr())))
                    .append('\n');
        }
        Path file = tmp.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        Repo.Result r = Repo.promtool(tmp, "check", "rules", file.getFileName().toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    /** The check above can fail: a broken query is refused. */
    @Test
    void promtoolRefusesABrokenQuery(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("bad.yml"), "groups:\n  - name: bad\n    rules:\n      - record: bad\n"
                + "        expr: " + JSON.writeValueAsString("sum by (le (rate(discord_guilds[5m]))") + "\n");
        Repo.Result r = Repo.promtool(tmp, "check", "rules", "bad.yml");
        assertThat(r.exit()).as(r.output()).isNotZero();
    }

    /** What PrometheusServerTest sends to the real engine: every macro and variable replaced. */
    @Test
    void theGuildBoardsSqlHasEveryMacroAndVariableReplaced() throws IOException {
        List<Query> sql = sqlQueries();
        assertThat(sql).hasSizeGreaterThanOrEqualTo(5);
        for (Query q : sql) {
            String s = substituteSql(q.expr(), 1_000, 2_000, "1200000000000000001", "ops");
            assertThat(s).as(q.panel()).doesNotContain("$").contains("toDateTime(1000)").contains("toDateTime(2000)");
        }
        assertThat(substituteSql("SELECT $__timeInterval(parseDateTime64BestEffort(ts, 3)) AS time", 0, 0, "", ""))
                .isEqualTo("SELECT toStartOfInterval(toDateTime(parseDateTime64BestEffort(ts, 3)), INTERVAL 60 second) AS time");
    }

    @Test
    void theGuildBoardQueriesArgusEventsThroughTheClickHousePlugin() throws IOException {
        JsonNode guild = dashboards().get("argus-guild-analytics.json");
        int sql = 0;
        for (JsonNode panel : guild.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("type").asText()).isEqualTo(CLICKHOUSE);
                String q = target.path("rawSql").asText();
                assertThat(q).contains("FROM argus_events").contains("$__fromTime").contains("$__toTime");
                if (!panel.path("title").asText().equals("Busiest guilds")) {
                    assertThat(q).as(panel.path("title").asText()).contains("guild_id = '${guild}'");
                }
                sql++;
            }
        }
        assertThat(sql).isGreaterThanOrEqualTo(5);
    }
}
