package argus.e2e;

import argus.e2e.load.Soak;
import argus.sink.clickhouse.ClickHouseTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load driver's soak ({@link Soak}), short enough for CI: the demo (example bot, its users and
 * deliberate faults, the local Discord) with Argus and per-guild analytics into the tests' ClickHouse,
 * at a moderate rate for 40 s. After the warm-up, the heap a full GC leaves and the live threads outside
 * the pools that follow the load (Soak.ELASTIC: JDA's elastic rate-limit pool, okhttp's task runner,
 * the local Discord's; reported, not bounded) stay flat: a
 * leak of some kilobytes per interaction (32 KiB per {@code /ping}, about 9 KiB per interaction, read
 * +26 MiB) or a thread per {@code /stats} (+174 threads) breaks the bounds; the
 * margins (generous: 16 MiB, 20 threads, last three samples against the first three, by median) absorb
 * a loaded 2-core machine. The local Discord's held interactions stay within their bound throughout.
 * The minutes-long figures are the load driver's ({@code scripts/bench-e2e.sh --soak-minutes 5}).
 */
class E2eSoakTest {
    private static final double HEAP_MARGIN_MIB = 16;
    private static final double THREAD_MARGIN = 20;
    private static final int HELD = 2_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void heapAfterGcAndLiveThreadsStayFlatUnderSustainedDemoTraffic() throws Exception {
        String dsn = ClickHouseTestServer.dsn(); // skips (or fails with CI=true) when no engine can be had
        String table = "argus_events_soak_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        // 150/s over 40 s issues ~6,000 interactions: the local Discord's bound (2,000) is reached early on.
        Soak.Settings settings = new Soak.Settings(150, Duration.ofSeconds(40), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 40, 2, HELD);
        Soak.Result r;
        try {
            r = Soak.run(settings, dsn, table, s -> System.out.println("  " + s));
        } finally {
            new ClickHouseHttp(dsn).rows("DROP TABLE IF EXISTS " + table);
        }
        System.out.println("FIGURES " + r.summary());
        System.out.println("thread groups that changed: " + r.threadGroupChanges());
        List<Soak.Sample> measured = r.measured();
        assertThat(measured).as("measured samples").hasSizeGreaterThanOrEqualTo(5);
        Soak.Sample last = measured.get(measured.size() - 1);
        assertThat(last.sent()).as("the users kept sending").isGreaterThan(2_000);
        assertThat(last.written()).as("analytics reached ClickHouse").isPositive();
        assertThat(r.samples()).as("held interactions").allSatisfy(s ->
                assertThat(s.heldInteractions()).isLessThanOrEqualTo(HELD));
        // Both bounds are checked and reported together.
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(r.heapGrowthMiB()).as("heap after GC growth (MiB); " + r.summary()).isLessThan(HEAP_MARGIN_MIB);
            soft.assertThat(r.threadGrowth()).as("fixed thread growth; " + r.threadGroupChanges() + "; " + r.summary())
                    .isLessThan(THREAD_MARGIN);
        });
    }
}
