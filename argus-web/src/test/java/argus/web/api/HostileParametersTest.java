package argus.web.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile analytics parameters: SQL metacharacters, unicode, huge numbers, whitespace,
 * empty and repeated parameters, broken encodings. Every answer is 200 or 400 exactly as an
 * independent model of validity predicts (never a 5xx), and the query only ever sees valid values.
 */
class HostileParametersTest {
    private static final RecordingAnalyticsQuery QUERY = new RecordingAnalyticsQuery();
    private static WebFixture web;

    private static final Pattern GUILD = Pattern.compile("[0-9]{1,20}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

    /** Endpoint → its parameters. */
    private static final Map<String, List<String>> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put("interaction-volume", List.of("guild_id", "days", "bucket", "cluster_id"));
        VIEWS.put("top-commands", List.of("guild_id", "limit", "cluster_id"));
        VIEWS.put("command-stats", List.of("guild_id", "limit", "cluster_id"));
        VIEWS.put("percentiles", List.of("guild_id", "limit", "cluster_id"));
        VIEWS.put("avg-duration", List.of("guild_id", "cluster_id"));
        VIEWS.put("top-guilds", List.of("days", "limit", "cluster_id"));
    }

    static final List<String> HOSTILE = List.of(
            "1' OR '1'='1", "1; DROP TABLE argus_events; --", "1 UNION SELECT * FROM system.users", "1)--", "' OR 1=1 #",
            "1/*comment*/", "\\'", "\"", "`", "${jndi:ldap://x/a}", "{{7*7}}", "<script>alert(1)</script>", "%00",
            "1\u00002", "1\r\nX-Injected: yes", "\t1", " 1", "1 ", "  ", "", "+1", "-1", "0", "00", "1.5", "1e3", "0x10",
            "١٢٣", "１２３", "𝟏𝟐𝟑", "é", "日本", "🙂", "\uFEFF1", "1\u200B", "NaN", "Infinity", "-0", "null", "true", "[]",
            "{}", "9".repeat(21), "9".repeat(20), "1".repeat(200), "99999999999999999999999999999999", "2147483648",
            "-2147483649", "366", "367", "100", "101", "1", "30", "eu-1", "a.b_c-d", "x".repeat(64), "x".repeat(65),
            "eu 1", "eu/1", "eu%1", "../etc/passwd", "..", ".", "-", "_", "A", "81384788765712384", "%27", "%2527",
            "a&b=c", "a=b", "#frag", "?", "a+b", ";", "\u202Eabc", "\\", "\u0000", "ＯＲ", "SELECT", "sleep(10)",
            "day", "hour", "HOUR", "hour ", "week", "minute");

    @BeforeAll
    static void start() {
        web = WebFixture.start(WebFixture.settings("dashboard_auth_token", WebFixture.TOKEN), QUERY);
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    private static boolean valid(String name, String value) {
        return switch (name) {
            case "guild_id" -> GUILD.matcher(value).matches();
            case "days" -> NUMBER.matcher(value).matches() && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 366;
            case "limit" -> NUMBER.matcher(value).matches() && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 100;
            case "cluster_id" -> CLUSTER.matcher(value).matches();
            case "bucket" -> value.equals("day") || value.equals("hour");
            default -> false;
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    record Case(String view, List<String[]> params) {
        String target() {
            StringBuilder b = new StringBuilder("/api/analytics/").append(view);
            char sep = '?';
            for (String[] p : params) {
                b.append(sep).append(enc(p[0])).append('=').append(enc(p[1]));
                sep = '&';
            }
            return b.toString();
        }

        boolean expectOk() {
            List<String> seen = new ArrayList<>();
            boolean hasGuild = false;
            for (String[] p : params) {
                if (seen.contains(p[0]) || !VIEWS.get(view).contains(p[0]) || !valid(p[0], p[1])) {
                    return false;
                }
                seen.add(p[0]);
                hasGuild |= p[0].equals("guild_id");
            }
            return hasGuild || view.equals("top-guilds");
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        Random random = new Random(4);
        for (Map.Entry<String, List<String>> view : VIEWS.entrySet()) {
            for (String param : view.getValue()) {
                for (String value : HOSTILE) {
                    List<String[]> params = new ArrayList<>();
                    if (!param.equals("guild_id") && view.getValue().contains("guild_id")) {
                        params.add(new String[] {"guild_id", RecordingAnalyticsQuery.GUILD});
                    }
                    params.add(new String[] {param, value});
                    out.add(new Case(view.getKey(), params));
                }
            }
            // Repeated parameters, random mixes, and names that are not parameters at all.
            for (int i = 0; i < 40; i++) {
                List<String[]> params = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int j = 0; j < n; j++) {
                    List<String> names = new ArrayList<>(view.getValue());
                    names.add("token2");
                    names.add("GUILD_ID");
                    params.add(new String[] {names.get(random.nextInt(names.size())), HOSTILE.get(random.nextInt(HOSTILE.size()))});
                }
                out.add(new Case(view.getKey(), params));
            }
        }
        return out;
    }

    @Test
    void overAThousandHostileCasesAreAnswered200Or400ExactlyAsValidationPredicts() {
        List<Case> cases = cases();
        assertThat(cases.size()).isGreaterThanOrEqualTo(1000);
        int ok = 0;
        for (Case c : cases) {
            int callsBefore = QUERY.calls.size();
            WebFixture.Resp r = web.get(c.target(), "Authorization", "Bearer " + WebFixture.TOKEN);
            assertThat(r.status()).as(c.target()).isLessThan(500);
            assertThat(r.status()).as(c.target() + " " + r.body()).isEqualTo(c.expectOk() ? 200 : 400);
            assertThat(r.header("content-type")).as(c.target()).hasValue("application/json");
            if (r.status() == 400) {
                assertThat(QUERY.calls.size()).as("no query for " + c.target()).isEqualTo(callsBefore);
            } else {
                ok++;
                RecordingAnalyticsQuery.Call call = QUERY.calls.get(QUERY.calls.size() - 1);
                for (String[] p : c.params()) {
                    switch (p[0]) {
                        case "guild_id" -> assertThat(call.guild()).isEqualTo(p[1]);
                        case "days" -> assertThat(call.days()).isEqualTo(Integer.parseInt(p[1]));
                        case "limit" -> assertThat(call.limit()).isEqualTo(Integer.parseInt(p[1]));
                        case "cluster_id" -> assertThat(call.cluster()).hasValue(p[1]);
                        case "bucket" -> assertThat(call.method())
                                .isEqualTo(p[1].equals("hour") ? "hourlyInteractionVolume" : "interactionVolume");
                        default -> throw new AssertionError(p[0]);
                    }
                }
            }
        }
        assertThat(ok).as("some cases are valid and reach the query").isGreaterThan(50);
        assertThat(QUERY.violations).isEmpty();
    }

    @Test
    void brokenEncodingsOnTheWireAreNeverServerErrors() throws Exception {
        String[] raw = {"guild_id=%", "guild_id=%zz", "guild_id=%C0%AE", "guild_id=%FF%FE", "guild_id=%E2%82",
            "guild_id=1%00", "guild_id=1&&&&", "guild_id==1", "=1", "&", "guild_id", "guild_id=1&token",
            "guild_id=%u0031", "guild_id=1%", "guild_id=%%31", "days=%2B1", "guild_id=" + "9".repeat(3000),
            "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11&l=12&m=13&n=14&o=15&p=16&q=17", "guild_id=1;days=2",
            "guild_id=1%0d%0aX-Evil:%201", "guild_id[]=1", "guild_id=1&guild_id%00=2"};
        for (String q : raw) {
            for (String view : VIEWS.keySet()) {
                for (String auth : new String[] {"Authorization: Bearer " + WebFixture.TOKEN, "X-No: 1"}) {
                    WebFixture.RawResponse r = web.raw("/api/analytics/" + view + "?" + q, auth);
                    assertThat(r.status()).as(view + "?" + q).isBetween(200, 499);
                    assertThat(r.body()).doesNotContain("Exception", "at org.eclipse");
                }
            }
        }
        assertThat(QUERY.violations).isEmpty();
    }
}
