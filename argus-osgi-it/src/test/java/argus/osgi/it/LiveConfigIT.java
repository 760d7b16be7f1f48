package argus.osgi.it;

import argus.api.spi.CoreServices;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/**
 * Configuration updates while the shipped demo bot runs: they apply in place, so editing core never
 * resets a counter, and an invalid value keeps the previous configuration running and says so in
 * {@code /healthz}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveConfigIT extends ArgusOsgiSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INTERACTIONS = "discord_interactions_total";

    @Test
    public void editingCoresLabelCapUnderDemoTrafficNeverLowersACounter() throws Exception {
        await(() -> get("/metrics").status() == 200, WAIT, () -> "/metrics: " + get("/metrics"));
        configure("argus.example.bot", Map.of("mode", "demo", "guilds", "12", "shards", "2", "rate", "100"));
        await(() -> scrape(INTERACTIONS) >= 50, WAIT, () -> "demo interactions: " + scrape(INTERACTIONS));
        CoreServices core = awaitService(CoreServices.class, null, WAIT);

        try (ScrapeWatch metrics = new ScrapeWatch(this::get, this::scrape, "/metrics", INTERACTIONS)) {
            double before = scrape(INTERACTIONS);
            long worstApplyMillis = 0;
            int edits = 0;
            for (int cap : List.of(3, 50, 1, 200, 7, 100_000, 2, 500, 10, 200)) {
                long t0 = System.nanoTime();
                configure("argus.core", Map.of("label_cap", Integer.toString(cap)));
                await(() -> Integer.toString(cap).equals(String.valueOf(coreProperty("label_cap"))), WAIT,
                        () -> "label_cap " + cap + " not applied: " + coreProperty("label_cap"));
                worstApplyMillis = Math.max(worstApplyMillis, (System.nanoTime() - t0) / 1_000_000);
                edits++;
                double at = scrape(INTERACTIONS);
                await(() -> scrape(INTERACTIONS) > at, WAIT, () -> "collection stalled after label_cap=" + cap);
            }
            double after = scrape(INTERACTIONS);
            metrics.close();

            assertEquals("/metrics through " + edits + " edits", List.of(), metrics.problems());
            assertTrue("the watcher scraped throughout: " + metrics.scrapes(), metrics.scrapes() > edits); // at least one per edit, however loaded the machine
            assertSame("core was never restarted", core, service(CoreServices.class, null));
            assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("argus.core"));
            assertTrue(before + " -> " + after, after > before);
            assertTrue(get("/healthz").body(), !get("/healthz").body().contains("restart:core"));
            System.out.printf("LIVE CONFIG: %d label_cap edits under the demo bot: %s %.0f -> %.0f, never lower "
                    + "(%d scrapes), slowest update written -> applied %d ms%n", edits, INTERACTIONS, before, after,
                    metrics.scrapes(), worstApplyMillis);
        }
    }

    @Test
    public void anInvalidHttpValueKeepsMetricsServedAndHealthNamesPidAndKey() throws Exception {
        await(() -> get("/metrics").status() == 200, WAIT, () -> "/metrics: " + get("/metrics"));
        Configuration http = configAdmin.getConfiguration("argus.http", "?");
        Dictionary<String, Object> good = copy(http.getProperties());
        try (ScrapeWatch metrics = new ScrapeWatch(this::get, this::scrape, "/metrics", null)) {
            Dictionary<String, Object> bad = copy(good);
            bad.put("port", "abc");
            http.update(bad);
            await(() -> get("/healthz").body().contains("config:argus.http"), WAIT,
                    () -> "/healthz: " + get("/healthz"));
            String health = get("/healthz").body();
            assertTrue(health, health.contains("'port'") && health.contains("abc") && health.contains("\"degraded\""));
            assertEquals(1.0, scrape("argus_config_rejected{cluster=\"default\",pid=\"argus.http\"}"), 0.0);
            assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("argus.http"));

            http.update(good);
            await(() -> !get("/healthz").body().contains("config:argus.http"), WAIT,
                    () -> "/healthz: " + get("/healthz"));
            metrics.close();
            assertEquals("/metrics while argus.http had an invalid value", List.of(), metrics.problems());
        } finally {
            http.update(good);
        }
    }

    private Object coreProperty(String key) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.equals("argus.core")) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    return c.properties.get(key);
                }
            }
        }
        return null;
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> from) {
        Hashtable<String, Object> to = new Hashtable<>();
        for (var keys = from.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            to.put(k, from.get(k));
        }
        return to;
    }
}
