package argus.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * compose.yml and the provisioning it mounts. No Docker engine runs here, so this checks what can be
 * checked without one: the YAML parses, every mounted file exists, the mounts put files where the
 * provisioning and Prometheus' configuration look for them, and promtool accepts the configuration.
 */
class ComposeTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = Repo.yaml(Repo.path("compose.yml"));
        return (Map<String, Map<String, Object>>) (Map<String, ?>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static List<String[]> mounts(String service) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (Object v : (List<Object>) services().get(service).getOrDefault("volumes", List.of())) {
            String[] parts = ((String) v).split(":");
            out.add(parts);
        }
        return out;
    }

    @Test
    void theFourServicesAreThere() throws IOException {
        assertThat(services().keySet()).containsExactlyInAnyOrder("bot", "prometheus", "grafana", "clickhouse");
        assertThat(services().get("grafana").get("environment").toString()).contains("grafana-clickhouse-datasource");
    }

    @Test
    void everyMountedRepositoryFileExists() throws IOException {
        int checked = 0;
        for (String service : services().keySet()) {
            for (String[] m : mounts(service)) {
                if (m[0].startsWith("./")) {
                    assertThat(Repo.path(m[0].substring(2))).as(service + " mounts " + m[0]).exists();
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(6);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusLoadsTheMountedRulesAndScrapesTheBot(@TempDir Path tmp) throws Exception {
        Map<String, Object> config = Repo.yaml(Repo.path("prometheus/prometheus.yml"));
        Map<String, String> mounted = new java.util.HashMap<>();
        for (String[] m : mounts("prometheus")) {
            mounted.put(m[1], m[0]);
        }
        List<String> ruleFiles = (List<String>) config.get("rule_files");
        assertThat(ruleFiles).hasSize(2);
        String text = Files.readString(Repo.path("prometheus/prometheus.yml"));
        for (String rules : ruleFiles) {
            assertThat(mounted).as("mounted into the container: " + rules).containsKey(rules);
            Path local = Repo.path(mounted.get(rules).substring(2));
            text = text.replace(rules, local.toString());
        }
        List<Map<String, Object>> scrapes = (List<Map<String, Object>>) config.get("scrape_configs");
        assertThat(scrapes).extracting(s -> s.get("job_name")).containsExactly("argus");
        assertThat(scrapes.get(0).get("static_configs").toString()).contains("bot:9191");
        // promtool checks the configuration and the rule files it names (container paths made local).
        Files.writeString(tmp.resolve("prometheus.yml"), text);
        Repo.Result r = Repo.promtool(tmp, "check", "config", "prometheus.yml");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 2 rule files found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaProvisioningFindsTheDashboardsAndTheirDataSources() throws IOException {
        Map<String, String> mounted = new java.util.HashMap<>();
        for (String[] m : mounts("grafana")) {
            mounted.put(m[1], m[0]);
        }
        Map<String, Object> providers = Repo.yaml(Repo.path("grafana/provisioning/dashboards/argus.yml"));
        String path = (String) ((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers")).get(0)
                .get("options")).get("path");
        assertThat(mounted).as("the provider's path is mounted").containsEntry(path, "./grafana/dashboards");
        assertThat(mounted).containsEntry("/etc/grafana/provisioning/dashboards", "./grafana/provisioning/dashboards")
                .containsEntry("/etc/grafana/provisioning/datasources", "./grafana/provisioning/datasources");

        Map<String, Object> sources = Repo.yaml(Repo.path("grafana/provisioning/datasources/argus.yml"));
        Set<String> types = new HashSet<>();
        for (Map<String, Object> ds : (List<Map<String, Object>>) sources.get("datasources")) {
            types.add((String) ds.get("type"));
        }
        // Every data source type a dashboard uses (through its datasource variable) is provisioned.
        Set<String> used = new HashSet<>();
        for (JsonNode d : DashboardsTest.dashboards().values()) {
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("type").asText().equals("datasource")) {
                    used.add(v.path("query").asText());
                }
            }
        }
        assertThat(types).containsAll(used).contains("prometheus", "grafana-clickhouse-datasource");
    }
}
