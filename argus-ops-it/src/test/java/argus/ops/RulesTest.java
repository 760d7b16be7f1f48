package argus.ops;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** prometheus/: the rules are valid, pass their promtool unit tests and select only catalogued metrics. */
class RulesTest {
    private static final List<String> RULE_FILES = List.of("argus-recording.yml", "argus-alerts.yml");

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        args.addAll(RULE_FILES);
        Repo.Result r = Repo.promtool(Repo.path("prometheus"), args.toArray(String[]::new));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 11 rules found").contains("SUCCESS: 13 rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        List<Path> tests = Repo.files("prometheus/tests", ".yml");
        assertThat(tests).hasSize(2);
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        tests.forEach(t -> args.add(Repo.path("prometheus").relativize(t).toString()));
        Repo.Result r = Repo.promtool(Repo.path("prometheus"), args.toArray(String[]::new));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("FAILED");
    }

    /** Each alert in argus-alerts.yml has a firing case in prometheus/tests/alerts_test.yml. */
    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasAFiringTestCase() throws IOException {
        Map<String, Object> tests = Repo.yaml(Repo.path("prometheus/tests/alerts_test.yml"));
        List<String> fired = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> a : (List<Map<String, Object>>) t.getOrDefault("alert_rule_test", List.of())) {
                if (!((List<?>) a.get("exp_alerts")).isEmpty()) {
                    fired.add((String) a.get("alertname"));
                }
            }
        }
        assertThat(fired).containsExactlyInAnyOrderElementsOf(alerts().stream().map(a -> (String) a.get("alert")).toList());
    }

    @Test
    void everyAlertCarriesSeverityAndRunbookText() throws IOException {
        for (Map<String, Object> alert : alerts()) {
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) alert.get("labels");
            assertThat(annotations).as((String) alert.get("alert")).containsKeys("summary", "description", "runbook");
            assertThat(annotations.get("runbook")).as((String) alert.get("alert")).startsWith("1. ").contains("2. ");
            assertThat(labels.get("severity")).as((String) alert.get("alert")).isIn("page", "ticket");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void rulesSelectOnlyCataloguedMetrics() throws IOException {
        Set<String> allowed = PromQl.allowed();
        int checked = 0;
        for (String file : RULE_FILES) {
            Map<String, Object> rules = Repo.yaml(Repo.path("prometheus/" + file));
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    String expr = (String) rule.get("expr");
                    Set<String> names = PromQl.metricNames(expr);
                    assertThat(names).as(expr).isNotEmpty();
                    assertThat(allowed).as(expr).containsAll(names);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(24);
    }

    @Test
    void theNameCheckSeesThroughPromQl() throws IOException {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (cluster, le) "
                + "(rate(discord_app_command_duration_seconds_bucket{cluster=~\"$cluster\",le=\"2.5\"}[5m])))"))
                .containsExactly("discord_app_command_duration_seconds_bucket");
        assertThat(PromQl.metricNames("label_replace(sum by (type) (rate(discord_interactions_total[5m])), "
                + "\"kind\", \"x\", \"type\", \"a|b\") / on (cluster) group_left () discord_guilds > bool 1e3"))
                .containsExactly("discord_interactions_total", "discord_guilds");
        assertThat(PromQl.metricNames("count(ALERTS{alertstate=\"firing\"}) or vector(0)")).containsExactly("ALERTS");
        assertThat(PromQl.allowed()).as("names from before the catalogue matched argus-dpy's are refused")
                .doesNotContain("discord_gateway_latency_seconds", "discord_voice_connections",
                        "discord_rest_ratelimits_total")
                .contains("discord_shard_latency_seconds", "discord_ratelimits_total", "discord:ratelimits:rate5m",
                        "discord_interaction_ack_latency_seconds_bucket");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alerts() throws IOException {
        Map<String, Object> file = Repo.yaml(Repo.path("prometheus/argus-alerts.yml"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            out.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return out;
    }
}
