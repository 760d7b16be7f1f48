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
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The heart of the OSGi design: configuring ClickHouse swaps NullSink out while the bot runs under a
 * steady stream of commands, deleting the configuration swaps it back, and every event the ClickHouse
 * sink accepted is in the table (offered = written + dropped, nothing failed or left pending).
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
    public void clickHouseSwapsInAndOutUnderLoadWithExactAccounting() throws Exception {
        String table = "argus_it_swap_" + System.nanoTime();
        awaitService(EventSink.class, "(argus.sink=null)", WAIT);
        try (BotTraffic bot = new BotTraffic(context, 300)) {
            await(() -> scrape("discord_app_commands_total") >= 100, WAIT,
                    () -> "commands before the swap: " + scrape("discord_app_commands_total"));
            assertNull("analytics is off by default", service(EventSink.class, CLICKHOUSE));

            // Swap in: both keys, as a file in conf/ or an admin would write them.
            long swapStart = System.nanoTime();
            configure("argus.sink.clickhouse", Map.of(
                    "enable_per_guild", "true",
                    "clickhouse_dsn", System.getProperty(DSN_PROPERTY),
                    "clickhouse_table", table,
                    "sink_flush_interval_ms", "100"));
            EventSink clickHouse = awaitService(EventSink.class, CLICKHOUSE, WAIT);
            await(() -> clickHouse.stats().offered() > 0, WAIT, () -> "no event reached the ClickHouse sink");
            long swapInMillis = (System.nanoTime() - swapStart) / 1_000_000;
            long sentAtSwapIn = bot.sent();
            await(() -> bot.sent() > sentAtSwapIn + 600, WAIT, () -> "traffic stalled at " + bot.sent());
            await(() -> clickHouse.stats().written() > 0, WAIT, () -> "nothing written: " + clickHouse.stats());
            assertEquals("/api/analytics is mounted while analytics exists", 403,
                    awaitStatus("/api/analytics/top-commands?guild_id=1200000000000000001", 403));

            // Swap out, still under load: NullSink again; the outgoing sink drains what it accepted.
            long outStart = System.nanoTime();
            deleteConfiguration("argus.sink.clickhouse");
            await(() -> service(EventSink.class, CLICKHOUSE) == null, WAIT, () -> "ClickHouse sink still registered");
            await(() -> clickHouse.health().detail().contains("closed"), WAIT,
                    () -> "outgoing sink not closed: " + clickHouse.health());
            long swapOutMillis = (System.nanoTime() - outStart) / 1_000_000;
            long sentAtSwapOut = bot.sent();
            await(() -> bot.sent() > sentAtSwapOut + 300, WAIT, () -> "traffic stalled after the swap");

            SinkStats stats = clickHouse.stats();
            assertEquals("nothing failed while the engine was up: " + stats, 0, stats.failed());
            assertEquals("nothing left pending after the drain: " + stats, 0, stats.pending());
            assertEquals("accepted = written: " + stats, stats.accepted(), stats.written());
            assertTrue("events flowed through the swap: " + stats, stats.written() >= 600);
            long rows = Long.parseLong(clickHouseQuery("SELECT count() FROM " + table));
            assertEquals("rows in ClickHouse = events the sink wrote", stats.written(), rows);
            assertEquals("the outgoing sink takes nothing after it left", stats.offered(), clickHouse.stats().offered());
            assertEquals(404, awaitStatus("/api/analytics/top-commands?guild_id=1200000000000000001", 404));
            assertTrue("/metrics kept serving", get("/metrics").status() == 200);
            System.out.printf("SINK SWAP under %d commands/s: NullSink -> ClickHouse %d ms (config written -> first "
                    + "event offered), ClickHouse -> NullSink %d ms (config deleted -> drained and closed), "
                    + "%d events written, %d dropped%n", 300, swapInMillis, swapOutMillis, stats.written(),
                    stats.dropped());
        }
    }

    private int awaitStatus(String path, int status) {
        await(() -> get(path).status() == status, WAIT, () -> path + " answered " + get(path));
        return status;
    }
}
