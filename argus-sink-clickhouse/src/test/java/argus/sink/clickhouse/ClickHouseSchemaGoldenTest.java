package argus.sink.clickhouse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema's statements, one server and cluster, against golden files in {@code src/test/resources/schema}
 * ({@code -Dargus.updateGoldens=true} rewrites them; review the diff). The one-server goldens were taken
 * from the statements the engine fixture logged before the cluster mode existed, so they also pin that the
 * one-server path did not change. Whether the engine accepts them: {@code ClickHouseSinkIntegrationTest}.
 */
class ClickHouseSchemaGoldenTest {
    /** A fresh table: no projection yet, no TTL. */
    static final String FRESH_CREATE = "CREATE TABLE default.argus_events (`ts` String) ENGINE = MergeTree ORDER BY (guild_id, ts)";
    static final String FRESH_ENGINE = "MergeTree ORDER BY (guild_id, ts) SETTINGS index_granularity = 8192";
    /** A table an older version made: the retired projection, no replacement, a TTL. */
    static final String OLD_CREATE = "CREATE TABLE analytics.argus_events_local (`ts` String, "
            + "PROJECTION argus_guild_day (SELECT event GROUP BY event), PROJECTION argus_guild_cmd (SELECT command "
            + "GROUP BY command)) ENGINE = ReplicatedMergeTree ORDER BY (guild_id, ts)";
    static final String OLD_ENGINE = "ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}') "
            + "ORDER BY (guild_id, ts) TTL parseDateTimeBestEffort(ts) + toIntervalDay(90) SETTINGS index_granularity = 8192";

    record Case(String file, String what, ClickHouseSchema schema, String database, String create, String engine) {
    }

    static final List<Case> CASES = List.of(
            new Case("single-fresh.sql", "one server, a fresh table, rows kept forever",
                    new ClickHouseSchema("argus_events", 0), null, FRESH_CREATE, FRESH_ENGINE),
            new Case("single-retention.sql", "one server, db.table, 30 days of retention",
                    new ClickHouseSchema("analytics.argus_events", 30), null, FRESH_CREATE, FRESH_ENGINE),
            new Case("cluster-fresh.sql", "cluster 'argus', a fresh table in the current database 'default'",
                    new ClickHouseSchema("argus_events", 0, "argus"), "default", FRESH_CREATE, ""),
            new Case("cluster-retention.sql", "cluster macro {cluster}, db.table, 30 days of retention",
                    new ClickHouseSchema("analytics.argus_events", 30, "{cluster}"), "analytics", FRESH_CREATE, ""),
            new Case("cluster-upgrade.sql", "cluster 'argus', a local table an older version made (retired projection, "
                    + "a TTL), now without retention",
                    new ClickHouseSchema("analytics.argus_events", 0, "argus"), "analytics", OLD_CREATE, OLD_ENGINE));

    static String render(Case c) {
        StringBuilder b = new StringBuilder("-- ").append(c.what()).append('\n');
        for (String sql : c.schema().createStatements(c.database())) {
            b.append(sql).append(";\n");
        }
        for (ClickHouseSchema.Ddl ddl : c.schema().upgradeStatements(c.create(), c.engine())) {
            b.append(ddl.sql()).append(";\n");
            if (ddl.fallback() != null) {
                b.append("-- when the server refuses projection settings, instead:\n-- ").append(ddl.fallback()).append(";\n");
            }
        }
        return b.toString();
    }

    @Test
    void everyCaseMatchesItsGolden() throws IOException {
        boolean update = Boolean.getBoolean("argus.updateGoldens");
        for (Case c : CASES) {
            String actual = render(c);
            if (update) {
                Files.writeString(Path.of("src/test/resources/schema", c.file()), actual, StandardCharsets.UTF_8);
                continue;
            }
            try (InputStream in = ClickHouseSchemaGoldenTest.class.getResourceAsStream("/schema/" + c.file())) {
                assertThat(in).as("golden %s", c.file()).isNotNull();
                assertThat(actual).as("statements of %s (%s)", c.file(), c.what())
                        .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void onOneServerNothingMentionsAClusterAndTheSeedIsVerbatim() {
        ClickHouseSchema one = new ClickHouseSchema("argus_events", 0);
        assertThat(one.clustered()).isFalse();
        assertThat(one.createStatements(null)).first().isEqualTo(String.format(ClickHouseSchema.CREATE, "`argus_events`"));
        assertThat(String.join("\n", one.createStatements(null)))
                .doesNotContain("CLUSTER", "Replicated", "Distributed", "_local");
    }

    @Test
    void onAClusterRowsLiveInTheLocalTableAndTheConfiguredNameIsDistributedOverIt() {
        ClickHouseSchema schema = new ClickHouseSchema("analytics.argus_events", 0, "argus");
        List<String> create = schema.createStatements("analytics");
        assertThat(schema.table()).isEqualTo("`analytics`.`argus_events`"); // inserts and reads
        assertThat(create).allSatisfy(sql -> assertThat(sql).contains(" ON CLUSTER 'argus'"));
        assertThat(create.get(0)).contains("`analytics`.`argus_events_local`").contains("ReplicatedMergeTree(");
        assertThat(create).filteredOn(sql -> sql.contains("Distributed(")).singleElement().asString()
                .startsWith("CREATE TABLE IF NOT EXISTS `analytics`.`argus_events` ON CLUSTER 'argus' AS "
                        + "`analytics`.`argus_events_local`");
        // Columns reach both tables; projections and TTL only the local one, where the rows are.
        assertThat(create).filteredOn(sql -> sql.contains("ADD COLUMN IF NOT EXISTS shard")).hasSize(2);
        assertThat(schema.upgradeStatements(FRESH_CREATE, "")).allSatisfy(ddl ->
                assertThat(ddl.sql()).startsWith("ALTER TABLE `analytics`.`argus_events_local` ON CLUSTER 'argus' "));
    }
}
