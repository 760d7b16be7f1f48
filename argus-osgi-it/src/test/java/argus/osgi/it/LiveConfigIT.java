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

    /**
     * 50 edits under a steady stream of real JDA commands: 40 of {@code argus.core} ({@code label_cap}
     * and {@code timer_cap}, applied in place) and 10 port moves of {@code argus.http}. Every counter on
     * every scrape is at least what it was, {@code /metrics} answers 200 on the current port throughout
     * (the watcher follows each move once the new port answers: the rebind itself is measured), and
     * every interaction the bot answered is counted, none evicted: no in-flight timer was lost.
     */
    @Test
    public void fiftyEditsOfCoreAndHttpWithPortMovesNeverLowerACounterOrLoseATimer() throws Exception {
        await(() -> get("/metrics").status() == 200, WAIT, () -> "/metrics: " + get("/metrics"));
        CoreServices core = awaitService(CoreServices.class, null, WAIT);
        Configuration http = configAdmin.getConfiguration("argus.http", "?");
        Dictionary<String, Object> good = copy(http.getProperties());
        int[] labelCaps = {3, 50, 1, 200, 7, 100_000, 2, 500};
        int[] timerCaps = {10_000, 2_000, 50_000, 1_000, 10_000};
        long worstCoreMillis = 0;
        long worstMoveMillis = 0;
        int coreEdits = 0;
        int moves = 0;
        try (BotTraffic bot = new BotTraffic(context, 200)) {
            await(() -> scrape(INTERACTIONS) >= 50, WAIT, () -> "interactions: " + scrape(INTERACTIONS));
            try (ScrapeWatch metrics = new ScrapeWatch(this::get)) {
                double before = scrape(INTERACTIONS);
                for (int edit = 0; edit < 50; edit++) {
                    if (edit % 5 == 4) {
                        int to = freePort();
                        Dictionary<String, Object> moved = copy(good);
                        moved.put("port", Integer.toString(to));
                        long[] took = new long[1];
                        metrics.paused(() -> {
                            long t0 = System.nanoTime();
                            try {
                                http.update(moved);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            movedPort = to;
                            await(() -> get("/metrics").status() == 200, WAIT, () -> "port " + to + ": " + get("/metrics"));
                            took[0] = (System.nanoTime() - t0) / 1_000_000;
                        });
                        worstMoveMillis = Math.max(worstMoveMillis, took[0]);
                        moves++;
                    } else {
                        String label = Integer.toString(labelCaps[coreEdits % labelCaps.length]);
                        String timer = Integer.toString(timerCaps[coreEdits % timerCaps.length]);
                        long t0 = System.nanoTime();
                        configure("argus.core", Map.of("label_cap", label, "timer_cap", timer));
                        await(() -> label.equals(String.valueOf(coreProperty("label_cap")))
                                        && timer.equals(String.valueOf(coreProperty("timer_cap"))), WAIT,
                                () -> "core edit not applied: " + coreProperty("label_cap") + ", " + coreProperty("timer_cap"));
                        worstCoreMillis = Math.max(worstCoreMillis, (System.nanoTime() - t0) / 1_000_000);
                        coreEdits++;
                    }
                    double at = scrape(INTERACTIONS);
                    int n = edit;
                    await(() -> scrape(INTERACTIONS) > at, WAIT, () -> "collection stalled after edit " + n);
                }
                bot.pause();
                long sent = bot.sent();
                await(() -> scrape(INTERACTIONS) == sent, WAIT,
                        () -> "interactions counted " + scrape(INTERACTIONS) + " of " + sent + " answered " + bot.answered());
                double after = scrape(INTERACTIONS);
                metrics.close();

                assertEquals("/metrics through 50 edits", List.of(), metrics.problems());
                assertTrue("the watcher scraped throughout: " + metrics.scrapes(), metrics.scrapes() > 50);
                assertEquals("no timer in flight", 0.0, scrape("argus_timers_in_flight"), 0.0);
                double evicted = scrape("argus_timers_evicted_total");
                assertTrue("no timer evicted: " + evicted, Double.isNaN(evicted) || evicted == 0);
                assertSame("core was never restarted", core, service(CoreServices.class, null));
                assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("argus.core"));
                assertTrue(get("/healthz").body(), !get("/healthz").body().contains("restart:core"));
                System.out.printf("LIVE CONFIG: %d edits of argus.core and %d port moves of argus.http under %d "
                        + "commands/s: %s %.0f -> %.0f = every one answered (%d), every counter never lower (%d "
                        + "scrapes), slowest core edit written -> applied %d ms, slowest port move written -> "
                        + "answering %d ms%n", coreEdits, moves, 200, INTERACTIONS, before, after, sent,
                        metrics.scrapes(), worstCoreMillis, worstMoveMillis);
            }
        } finally {
            http.update(good);
            movedPort = null;
            await(() -> get("/metrics").status() == 200, WAIT, () -> "back on the configured port: " + get("/metrics"));
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
