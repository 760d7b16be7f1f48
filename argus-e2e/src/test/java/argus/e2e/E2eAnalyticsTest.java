package argus.e2e;

import argus.api.sink.SinkStats;
import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.LocalRest.Reply;
import argus.discord.local.Payloads;
import argus.sink.clickhouse.ClickHouseTestServer;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics path end to end: a real JDA on the local Discord, {@code Argus.attach}-style start
 * with per-guild analytics on the real ClickHouse (the sink tests' engine: CLICKHOUSE_DSN,
 * Testcontainers or the chDB fixture), then exactly one {@code interaction} row per interaction and
 * one {@code app_command} row per command in the table, with their guild ids and commands, and
 * {@code /api/analytics/*} answering them to the dashboard token only.
 */
class E2eAnalyticsTest {
    static final Duration T = Duration.ofSeconds(30);
    static final String TOKEN = "e2e-dashboard-token";

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyInteractionBecomesExactlyOneRowWithItsGuildAndCommand() {
        String dsn = ClickHouseTestServer.dsn(); // skips (or fails with CI=true) when no engine can be had
        String table = "argus_events_e2e_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        ClickHouseHttp clickhouse = new ClickHouseHttp(dsn);
        long g0 = Payloads.guildId(0);
        long g1 = Payloads.guildId(1);
        long g2 = Payloads.guildId(2);
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guild(g0, "a").guild(g1, "b").guild(g2, "c")
                .start()) {
            JDA jda = discord.jda().listeners(new E2eBot()).configure(Argus::instrument).connect();
            try (Argus argus = Argus.builder(jda).port(0).host("127.0.0.1").clusterId("e2e-analytics")
                    .enablePerGuild(true).clickhouseDsn(dsn).clickhouseTable(table).sinkFlushIntervalMs(50)
                    .dashboardAuthToken(TOKEN).environment(Map.of()).closeOnShutdown(false).start()) {
                assertThat(argus.sink()).as("the ClickHouse sink is bound").isPresent();

                // (guild, kind, command) of every interaction; app commands also write an app_command row.
                Map<String, Integer> interactions = new TreeMap<>();
                Map<String, Integer> commands = new TreeMap<>();
                List<DataObject> plan = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    plan.add(Payloads.slashCommand(g0, "ping"));
                }
                for (int i = 0; i < 3; i++) {
                    plan.add(Payloads.slashCommand(g0, "slow"));
                }
                plan.add(Payloads.slashCommand(g1, "ping"));
                plan.add(Payloads.slashCommand(g1, "ping"));
                plan.add(Payloads.userCommand(g1, "Profile"));
                plan.add(Payloads.slashCommand(g1, "config", "set")); // a subcommand: "config set", as argus-dpy writes
                plan.add(Payloads.button(g1, "vote"));
                plan.add(Payloads.button(g2, "vote"));
                plan.add(Payloads.autocomplete(g2, "search", "text", "he"));
                DataObject failing = Payloads.slashCommand(g2, "fail");
                E2eMetricsTest.faultCallback(discord, failing, Reply.unknownInteraction());
                plan.add(failing);
                plan.add(Payloads.slashCommand(0, "ping")); // a DM: guild_id ''
                for (DataObject i : plan) {
                    discord.dispatchInteraction(i);
                    String guild = i.hasKey("guild_id") ? i.getString("guild_id") : "";
                    int type = i.getInt("type");
                    String command = type == 2 ? fullName(i.getObject("data")) : "";
                    String kind = type == 2 ? (i.getObject("data").getInt("type") == 1 ? "slash_command" : "user_command")
                            : type == 3 ? "button" : "autocomplete";
                    interactions.merge(guild + "|" + kind + "|" + command, 1, Integer::sum);
                    if (type == 2) {
                        commands.merge(guild + "|" + kind + "|" + command, 1, Integer::sum);
                    }
                }
                int n = plan.size();
                int c = commands.values().stream().mapToInt(Integer::intValue).sum();
                Scrape scrape = E2eMetricsTest.awaitSettled(argus.port(), n);
                // The series use the same full name as the rows.
                assertThat(scrape.sum("discord_app_commands_total", "command", "config set", "status", "success"))
                        .isEqualTo(1.0);
                assertThat(scrape.by("discord_app_commands_total", "command")).doesNotContainKey("config");
                // Wait for the sink: every accepted event written (no drops, no failures).
                LocalDiscord.waitUntil(() -> {
                    SinkStats st = argus.sink().orElseThrow().stats();
                    return st.accepted() == n + c && st.written() == n + c;
                }, T, () -> "sink stats " + argus.sink().orElseThrow().stats());
                SinkStats st = argus.sink().orElseThrow().stats();
                assertThat(st.dropped()).isZero();
                assertThat(st.failed()).isZero();

                assertThat(grouped(clickhouse, table, "interaction")).isEqualTo(interactions);
                assertThat(grouped(clickhouse, table, "app_command")).isEqualTo(commands);
                assertThat(clickhouse.rows("SELECT count() FROM " + table)).containsExactly(List.of(Integer.toString(n + c)));
                assertThat(clickhouse.rows("SELECT DISTINCT cluster_id FROM " + table))
                        .containsExactly(List.of("e2e-analytics"));
                assertThat(clickhouse.rows("SELECT outcome, error_type FROM " + table
                        + " WHERE event = 'app_command' AND command = 'fail'"))
                        .containsExactly(List.of("error", "UNKNOWN_INTERACTION"));

                // The analytics API over HTTP, with the dashboard token.
                int port = argus.port();
                DataObject top = api(port, "top-commands?guild_id=" + g0, TOKEN);
                assertThat(rows(top)).containsExactly(List.of("ping", 5L), List.of("slow", 3L));
                DataObject top1 = api(port, "top-commands?guild_id=" + g1, TOKEN);
                assertThat(rows(top1)).containsExactly(List.of("ping", 2L), List.of("Profile", 1L),
                        List.of("config set", 1L));
                DataObject volume = api(port, "interaction-volume?guild_id=" + g0, TOKEN);
                assertThat(rows(volume)).hasSize(1);
                assertThat(rows(volume).get(0).get(1)).isEqualTo(8L);
                DataObject stats = api(port, "command-stats?guild_id=" + g2, TOKEN);
                assertThat(rows(stats)).hasSize(1);
                assertThat(rows(stats).get(0).get(0)).isEqualTo("fail");
                assertThat(((Number) rows(stats).get(0).get(6)).doubleValue()).isEqualTo(1.0); // error_rate
                DataObject avg = api(port, "avg-duration?guild_id=" + g0, TOKEN);
                assertThat(avg.getDouble("avg_ms")).isPositive();
                DataObject guilds = api(port, "top-guilds", TOKEN);
                // Each with the name the bot's JDA cache holds (never from ClickHouse: the table has no name column).
                assertThat(rows(guilds)).containsExactly(List.of(Long.toString(g0), 8L, "a"),
                        List.of(Long.toString(g1), 5L, "b"), List.of(Long.toString(g2), 3L, "c"));
                assertThat(api(port, "guild-name?guild_id=" + g1, TOKEN).getString("guild_name")).isEqualTo("b");
                assertThat(status(port, "guild-name?guild_id=" + g1, null)).isEqualTo(401);
                // Per-guild data only with the token.
                assertThat(status(port, "top-commands?guild_id=" + g0, null)).isEqualTo(401);
                assertThat(status(port, "top-commands?guild_id=" + g0, "wrong")).isEqualTo(401);
            } finally {
                clickhouse.rows("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /** The payload's full command name as Discord's options nest it: {@code name [group] sub}. */
    private static String fullName(DataObject data) {
        StringBuilder name = new StringBuilder(data.getString("name"));
        DataObject level = data;
        while (level.hasKey("options") && !level.getArray("options").isEmpty()) {
            DataObject first = level.getArray("options").getObject(0);
            int type = first.getInt("type");
            if (type != 1 && type != 2) { // 1 subcommand, 2 group; anything else is a value option
                break;
            }
            name.append(' ').append(first.getString("name"));
            level = first;
        }
        return name.toString();
    }

    private static Map<String, Integer> grouped(ClickHouseHttp ch, String table, String event) {
        Map<String, Integer> out = new TreeMap<>();
        for (List<String> r : ch.rows("SELECT guild_id, type, command, count() FROM " + table + " WHERE event = '"
                + event + "' GROUP BY guild_id, type, command")) {
            out.put(r.get(0) + "|" + r.get(1) + "|" + r.get(2), Integer.parseInt(r.get(3)));
        }
        return out;
    }

    private static DataObject api(int port, String path, String token) {
        HttpResponse<String> r = Scrape.get(URI.create("http://127.0.0.1:" + port + "/api/analytics/" + path), token);
        assertThat(r.statusCode()).as("GET /api/analytics/%s: %s", path, r.body()).isEqualTo(200);
        return DataObject.fromJson(r.body());
    }

    private static int status(int port, String path, String token) {
        return Scrape.get(URI.create("http://127.0.0.1:" + port + "/api/analytics/" + path), token).statusCode();
    }

    private static List<List<Object>> rows(DataObject body) {
        List<List<Object>> out = new ArrayList<>();
        DataArray rows = body.getArray("rows");
        for (int i = 0; i < rows.length(); i++) {
            List<Object> row = new ArrayList<>();
            DataArray r = rows.getArray(i);
            for (int k = 0; k < r.length(); k++) {
                Object v = r.toList().get(k);
                row.add(v instanceof Integer x ? (Object) x.longValue() : v);
            }
            out.add(row);
        }
        return out;
    }
}
