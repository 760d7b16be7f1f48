package argus.osgi.it;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

/**
 * Pushgateway push in the Felix container (PID {@code argus.pushgateway}), against a real Prometheus
 * Pushgateway (Debian's {@code prometheus-pushgateway}): off until configured; once configured, core's
 * metrics arrive as the group {@code job=argus, cluster=<core's cluster_id>}; an invalid update keeps
 * the pusher running and is reported; deleting the configuration deletes the group.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PushgatewayIT extends ArgusOsgiSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PID = "argus.pushgateway";

    @Test
    public void configuredItPushesCoresMetricsKeepsPushingThroughABadUpdateAndDeletesTheGroupWhenRemoved()
            throws Exception {
        Path binary = Path.of("/usr/bin/prometheus-pushgateway");
        if (!Files.isExecutable(binary)) {
            assertTrue("CI=true and no " + binary + ": scripts/ensure-test-tools.sh installs it",
                    !"true".equalsIgnoreCase(System.getenv("CI")));
            assumeTrue("no " + binary, false);
        }
        int port = freePort();
        // No persistence (Debian's default file would hand this gateway what earlier test runs pushed).
        Process gateway = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port,
                "--persistence.file=")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await(() -> status(port, "/-/ready") == 200, WAIT, () -> "the Pushgateway did not start");
            assertEquals("no configuration: no pusher", -1, componentState(PID));
            assertTrue(!group(port));

            configure(PID, Map.of("pushgateway_url", "http://127.0.0.1:" + port, "push_interval_ms", "1000"));
            await(() -> group(port), WAIT, () -> "no argus group on the Pushgateway: " + body(port, "/metrics"));
            String pushed = body(port, "/metrics");
            assertTrue(pushed, pushed.contains("argus_subsystem_up{") && pushed.contains("cluster=\"default\""));
            await(() -> scrape("argus_subsystem_up{cluster=\"default\",subsystem=\"pushgateway\"}") == 1.0, WAIT,
                    () -> "/healthz: " + get("/healthz"));

            // An invalid update keeps the running pusher and says so.
            Configuration c = configAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> bad = new Hashtable<>(Map.of("pushgateway_url", "ftp://127.0.0.1:" + port));
            c.update(bad);
            await(() -> get("/healthz").body().contains("config:" + PID), WAIT, () -> "/healthz: " + get("/healthz"));
            assertEquals(ComponentConfigurationDTO.ACTIVE, componentState(PID));
            double before = pushTime(port);
            await(() -> pushTime(port) > before, WAIT, () -> "no push after the rejected update");

            // Removing the configuration stops pushing and deletes the group.
            c.delete();
            await(() -> !group(port), WAIT, () -> "the group is still there: " + body(port, "/metrics"));
            await(() -> !get("/healthz").body().contains("pushgateway"), WAIT, () -> "/healthz: " + get("/healthz"));
            System.out.println("PUSHGATEWAY (OSGi): pushed, kept through a rejected update, group deleted on removal");
        } finally {
            gateway.destroy();
        }
    }

    /** Whether the Pushgateway holds Argus' group (its push_time_seconds series). */
    private static boolean group(int port) {
        return body(port, "/metrics").lines().anyMatch(l -> l.startsWith("push_time_seconds{") && l.contains("job=\"argus\""));
    }

    private static double pushTime(int port) {
        return body(port, "/metrics").lines()
                .filter(l -> l.startsWith("push_time_seconds{") && l.contains("job=\"argus\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static int status(int port, String path) {
        return statusOf("http://127.0.0.1:" + port + path);
    }

    private static String body(int port, String path) {
        return bodyOf("http://127.0.0.1:" + port + path);
    }
}
