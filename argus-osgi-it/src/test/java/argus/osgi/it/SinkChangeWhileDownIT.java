package argus.osgi.it;

import argus.api.sink.EventSink;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

/**
 * An operator changes the ClickHouse sink's configuration while the engine it writes to is down: the
 * new sink is bound at once, the old one drains (and gives up) on a thread of its own, and Config
 * Admin goes on dispatching: a dashboard token written meanwhile applies within 2 s. The sink
 * accounting that core exports never goes backwards through the change.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SinkChangeWhileDownIT extends ArgusOsgiSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLICKHOUSE = "(argus.sink=clickhouse)";

    @Override
    protected Option[] extraOptions() {
        return new Option[] {clickHouse()};
    }

    @Test
    public void aSinkChangeDuringADownEngineDrainBlocksNoOtherConfiguration() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // nothing listens there once closed: a ClickHouse that is down
        }
        awaitService(EventSink.class, "(argus.sink=null)", WAIT);
        try (BotTraffic bot = new BotTraffic(context, 200);
             ScrapeWatch accounting = new ScrapeWatch(this::get)) {
            long worstTokenMillis = 0;
            EventSink replacement = null;
            for (int round = 1; round <= 2; round++) {
                EventSink before = replacement;
                configure("argus.sink.clickhouse", Map.of("enable_per_guild", "true",
                        "clickhouse_dsn", "http://127.0.0.1:" + deadPort, "sink_flush_interval_ms", "100"));
                await(() -> { EventSink s = service(EventSink.class, CLICKHOUSE); return s != null && s != before; },
                        WAIT, () -> "the sink for the down engine is not bound");
                EventSink down = service(EventSink.class, CLICKHOUSE);
                await(() -> down.stats().pending() > 50, WAIT, () -> "events held for the down engine: " + down.stats());

                // The change: a working engine. Then, right behind it on Config Admin's queue, a dashboard token.
                String table = "argus_it_change_" + System.nanoTime();
                configure("argus.sink.clickhouse", Map.of("enable_per_guild", "true",
                        "clickhouse_dsn", System.getProperty(DSN_PROPERTY), "clickhouse_table", table,
                        "sink_flush_interval_ms", "100"));
                long t0 = System.nanoTime();
                configure("argus.web", Map.of("dashboard_auth_token", "it-token-" + round));
                await(() -> get("/api/config").status() == 401, WAIT, () -> "token not applied: " + get("/api/config"));
                long tokenMillis = (System.nanoTime() - t0) / 1_000_000;
                worstTokenMillis = Math.max(worstTokenMillis, tokenMillis);
                assertTrue("a dashboard token written during the drain applied in " + tokenMillis + " ms",
                        tokenMillis < 2_000);

                await(() -> service(EventSink.class, CLICKHOUSE) != down, WAIT, () -> "the old sink is still bound");
                EventSink next = service(EventSink.class, CLICKHOUSE);
                assertNotSame(down, next);
                await(() -> next.stats().written() > 100, WAIT, () -> "the new sink writes: " + next.stats());
                long rows = Long.parseLong(clickHouseQuery("SELECT count() FROM " + table));
                assertTrue("rows reach the new table: " + rows, rows > 0);
                System.out.printf("SINK CHANGE %d while the engine is down: dashboard token applied %d ms after the "
                        + "sink change was written; old sink %s; new sink %s%n", round, tokenMillis, down.stats(),
                        next.stats());
                replacement = next;
                deleteConfiguration("argus.web");
                await(() -> get("/api/config").status() != 401, WAIT, () -> "token not removed: " + get("/api/config"));
            }
            accounting.close();
            assertEquals("/metrics and the accounting through the changes", List.of(), accounting.problems());
            System.out.printf("SINK CHANGE while the engine is down, twice: slowest dashboard token %d ms%n",
                    worstTokenMillis);
        } finally {
            deleteConfiguration("argus.web");
        }
    }
}
