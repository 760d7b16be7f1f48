package argus.osgi.it;

import argus.api.sink.EventSink;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/**
 * Bundles that come and go while the bot runs: the dashboard (stop, update, start) and the Prometheus
 * exporter (uninstall, reinstall). Collection never pauses, /metrics and the sink are untouched by the
 * dashboard, and the counters survive the exporter because their state lives in core.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotSwapIT extends ArgusOsgiSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String COMMANDS = "discord_app_commands_total";

    @Test
    public void theDashboardStopsUpdatesAndStartsWithoutTouchingMetricsOrTheSink() throws Exception {
        await(() -> get("/").status() == 200, WAIT, () -> "dashboard: " + get("/"));
        EventSink sinkBefore = awaitService(EventSink.class, null, WAIT);
        Bundle web = bundle("argus.web");
        assertNotNull(web);
        try (BotTraffic bot = new BotTraffic(context, 200);
             ScrapeWatch metrics = new ScrapeWatch(this::get, this::scrape, "/metrics", COMMANDS)) {
            await(() -> scrape(COMMANDS) >= 50, WAIT, () -> "commands: " + scrape(COMMANDS));

            long scrapesBefore = metrics.scrapes();
            web.stop();
            assertEquals("dashboard gone with its bundle", 404, get("/").status());
            assertEquals(404, get("/api/snapshot").status());
            double duringStop = scrape(COMMANDS);
            await(() -> scrape(COMMANDS) > duringStop + 50, WAIT, () -> "collection paused without the dashboard");

            web.update();   // a new revision of the bundle, from its location
            web.start();
            await(() -> get("/").status() == 200, WAIT, () -> "dashboard not back: " + get("/"));
            await(() -> get("/api/snapshot").status() == 200, WAIT, () -> "snapshot: " + get("/api/snapshot"));
            await(() -> componentState("argus.web") == ComponentConfigurationDTO.ACTIVE, WAIT, () -> "argus.web");
            // Precondition of the check below: the watcher kept scraping across the restart (however slow the machine).
            await(() -> metrics.scrapes() > scrapesBefore + 3, WAIT, () -> "the watcher stalled at " + metrics.scrapes());

            bot.pause();
            await(() -> scrape(COMMANDS) == bot.answered(), WAIT,
                    () -> "counted " + scrape(COMMANDS) + " of " + bot.answered() + " answered: a gap in collection");
            metrics.close();
            assertEquals("/metrics during the dashboard's restart", List.of(), metrics.problems());
            assertSame("the sink was not touched", sinkBefore, service(EventSink.class, null));
        }
    }

    @Test
    public void removingTheExporterLeavesCoreAndDashboardAndReinstallingKeepsTheCounters() throws Exception {
        await(() -> get("/metrics").status() == 200, WAIT, () -> "/metrics: " + get("/metrics"));
        Bundle exporter = bundle("argus.exporter.prometheus");
        String location = exporter.getLocation();
        try (BotTraffic bot = new BotTraffic(context, 200)) {
            await(() -> scrape(COMMANDS) >= 50, WAIT, () -> "commands: " + scrape(COMMANDS));
            double before = scrape(COMMANDS);

            exporter.uninstall();
            await(() -> get("/metrics").status() == 404, WAIT, () -> "/metrics without exporter: " + get("/metrics"));
            assertTrue(get("/metrics").body(), get("/metrics").body().contains("argus-exporter-prometheus"));
            assertEquals("core keeps running", ComponentConfigurationDTO.ACTIVE, componentState("argus.core"));
            assertEquals("the dashboard keeps serving", 200, get("/api/snapshot").status());
            assertEquals(200, get("/healthz").status());
            long answeredWithoutExporter = bot.answered();
            await(() -> bot.answered() > answeredWithoutExporter + 100, WAIT, () -> "bot stalled");

            Bundle again = context.installBundle(location);
            again.start();
            await(() -> get("/metrics").status() == 200, WAIT, () -> "/metrics after reinstall: " + get("/metrics"));
            double after = scrape(COMMANDS);
            assertTrue("counters carried on across the exporter's absence: " + before + " -> " + after,
                    after >= before + 100);
            bot.pause();
            await(() -> scrape(COMMANDS) == bot.answered(), WAIT,
                    () -> "counted " + scrape(COMMANDS) + " of " + bot.answered() + " answered");
        }
    }
}
