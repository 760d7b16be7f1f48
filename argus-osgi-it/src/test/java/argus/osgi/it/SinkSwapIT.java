package argus.osgi.it;

import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The heart of the OSGi design: configuring ClickHouse swaps NullSink out while the bot runs under a
 * steady stream of commands, deleting the configuration swaps it back, ten times; core's accounting
 * balances and never goes back at any scrape, and every event written is in the table. Commands sent
 * while no sink at all was bound are held in core and reach the table with the first sink.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SinkSwapIT extends ArgusOsgiSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLICKHOUSE = "(argus.sink=clickhouse)";

    @Override
    protected Option[] extraOptions() {
        return new Option[] {clickHouse()};
    }

    @Test
    public void tenSwapsUnderLoadKeepExactMonotonicAccountingAndEventsBeforeTheFirstBindReachTheTable()
            throws Exception {
        String table = "argus_it_swap_" + System.nanoTime();
        awaitService(EventSink.class, "(argus.sink=null)", WAIT);
        Map<String, Object> clickHouseConfig = Map.of(
                "enable_per_guild", "true",
                "clickhouse_dsn", System.getProperty(DSN_PROPERTY),
                "clickhouse_table", table,
                "sink_flush_interval_ms", "100");
        org.osgi.framework.Bundle nullSink = bundle("argus.sink.nullsink");
        try (BotTraffic bot = new BotTraffic(context, 300);
             ScrapeWatch accounting = new ScrapeWatch(this::get)) {
            await(() -> scrape("discord_app_commands_total") >= 100, WAIT,
                    () -> "commands before the swap: " + scrape("discord_app_commands_total"));
            assertNull("analytics is off by default", service(EventSink.class, CLICKHOUSE));

            // No sink bound at all (as between core's start and the sink's bind): commands named "early".
            nullSink.stop();
            await(() -> service(EventSink.class, null) == null, WAIT, () -> "a sink is still registered");
            bot.command = "early";
            long earlyFrom = bot.sent();
            await(() -> bot.sent() > earlyFrom + 100, WAIT, () -> "traffic stalled at " + bot.sent());
            bot.command = null;
            await(() -> scrapeWhere("discord_app_commands_total", "command=\"early\"") > 100, WAIT,
                    () -> "early commands counted: " + scrapeWhere("discord_app_commands_total", "command=\"early\""));

            long swapStart = System.nanoTime();
            long worstInMillis = 0;
            long worstOutMillis = 0;
            EventSink previous = null;
            for (int swap = 1; swap <= 10; swap++) {
                long t0 = System.nanoTime();
                configure("argus.sink.clickhouse", clickHouseConfig);
                EventSink before = previous;
                await(() -> { EventSink s = service(EventSink.class, CLICKHOUSE); return s != null && s != before; },
                        WAIT, () -> "no new ClickHouse sink");
                EventSink clickHouse = service(EventSink.class, CLICKHOUSE);
                await(() -> clickHouse.stats().written() > 0, WAIT, () -> "nothing written: " + clickHouse.stats());
                worstInMillis = Math.max(worstInMillis, (System.nanoTime() - t0) / 1_000_000);
                if (swap == 1) {
                    nullSink.start(); // from now on ClickHouse swaps with NullSink
                    assertEquals("/api/analytics is mounted while analytics exists", 403,
                            awaitStatus("/api/analytics/top-commands?guild_id=1200000000000000001", 403));
                }
                long sentAtIn = bot.sent();
                await(() -> bot.sent() > sentAtIn + 150, WAIT, () -> "traffic stalled at " + bot.sent());

                long t1 = System.nanoTime();
                deleteConfiguration("argus.sink.clickhouse");
                await(() -> service(EventSink.class, CLICKHOUSE) == null, WAIT, () -> "ClickHouse sink still registered");
                await(() -> clickHouse.health().detail().contains("closed"), WAIT,
                        () -> "outgoing sink not closed: " + clickHouse.health());
                worstOutMillis = Math.max(worstOutMillis, (System.nanoTime() - t1) / 1_000_000);
                SinkStats stats = clickHouse.stats();
                assertEquals("nothing failed while the engine was up: " + stats, 0, stats.failed());
                assertEquals("nothing left pending after the drain: " + stats, 0, stats.pending());
                previous = clickHouse;
            }
            long swapsMillis = (System.nanoTime() - swapStart) / 1_000_000;
            long sentAtEnd = bot.sent();
            await(() -> bot.sent() > sentAtEnd + 150, WAIT, () -> "traffic stalled after the swaps");
            accounting.close();

            double written = scrape("argus_history_events_written_total");
            long rows = Long.parseLong(clickHouseQuery("SELECT count() FROM " + table));
            assertEquals("rows in ClickHouse = events written, over 10 sinks", (long) written, rows);
            assertEquals(0.0, scrape("argus_history_events_failed_total"), 0.0);
            double early = scrapeWhere("discord_app_commands_total", "command=\"early\"");
            long earlyRows = Long.parseLong(clickHouseQuery("SELECT count() FROM " + table + " WHERE command = 'early'"));
            assertEquals("every command sent before any sink was bound is in the table (an interaction row and "
                    + "an app_command row each)", (long) (2 * early), earlyRows);
            assertEquals("/metrics and the accounting through 10 swaps", List.of(), accounting.problems());
            assertTrue("the watcher scraped throughout: " + accounting.scrapes(), accounting.scrapes() > 10);
            assertEquals(404, awaitStatus("/api/analytics/top-commands?guild_id=1200000000000000001", 404));
            System.out.printf("SINK SWAP under %d commands/s: 10 swaps NullSink <-> ClickHouse in %d ms, slowest in "
                    + "%d ms (config written -> first write), slowest out %d ms (deleted -> drained and closed); %.0f "
                    + "events written = %d rows, %d of them from %.0f commands before any sink was bound; "
                    + "accounting balanced and never lower in %d scrapes%n", 300, swapsMillis, worstInMillis,
                    worstOutMillis, written, rows, earlyRows, early, accounting.scrapes());
        } finally {
            if (nullSink.getState() != org.osgi.framework.Bundle.ACTIVE) {
                nullSink.start();
            }
        }
    }

    private int awaitStatus(String path, int status) {
        await(() -> get(path).status() == status, WAIT, () -> path + " answered " + get(path));
        return status;
    }
}
