package argus.osgi.it;

import argus.api.instrument.Counter;
import argus.api.instrument.Instrumentation;
import argus.api.instrument.Sample;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import java.time.Duration;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A bot bundle (the probe) that instruments its own code through the {@code Instrumentation} service
 * core registers: its metrics are served on the distribution's {@code /metrics} with the Discord ones.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InstrumentationServiceIT extends ArgusOsgiSupport {
    private static final Duration UP = Duration.ofSeconds(20);

    @Test
    public void aBotBundleTimesAndCountsItsOwnCodeThroughTheService() {
        Instrumentation metrics = awaitService(Instrumentation.class, null, UP);
        Counter jobs = metrics.counter("osgi_jobs", "Jobs run by the bot bundle", "outcome");
        jobs.labels("ok").inc(3);
        try (Sample t = metrics.timer("osgi_db_query")) {
            assertTrue(t != null);
        }
        // A bundle restart defines the same metric again: it gets the same counter, not an error.
        metrics.counter("osgi_jobs", "Jobs run by the bot bundle", "outcome").labels("ok").inc();

        await(() -> get("/metrics").status() == 200, UP, () -> "/metrics: " + get("/metrics"));
        assertEquals(4.0, scrape("discord_osgi_jobs_total{cluster=\"default\",outcome=\"ok\"}"), 0.0);
        assertEquals(1.0, scrape("discord_osgi_db_query_seconds_count{cluster=\"default\"}"), 0.0);
    }

    /**
     * The JVM and process families are on by default and switched in place through {@code argus.core}'s
     * PID ({@code jvm_metrics}); the bot bundle's metrics and their values survive both edits.
     */
    @Test
    public void jvmMetricsSwitchInPlaceThroughTheCorePidAndTheBotsMetricsSurvive() throws Exception {
        Instrumentation metrics = awaitService(Instrumentation.class, null, UP);
        metrics.counter("osgi_switch_jobs", "Jobs run while the JVM metrics are switched").inc(5);
        String mine = "discord_osgi_switch_jobs_total{cluster=\"default\"}";
        await(() -> scrape(mine) == 5.0, UP, () -> "/metrics: " + get("/metrics"));
        assertTrue("on by default", scrape("jvm_memory_used_bytes") > 0 && scrape("process_open_fds") > 0);

        configure("argus.core", Map.of("jvm_metrics", Boolean.FALSE));
        await(() -> get("/metrics").status() == 200 && !get("/metrics").body().contains("\njvm_")
                && !get("/metrics").body().contains("\nprocess_"), UP, () -> "JVM families still served");
        assertEquals(5.0, scrape(mine), 0.0);
        assertTrue(metrics == service(Instrumentation.class, null)); // the same service, not a restart

        configure("argus.core", Map.of("jvm_metrics", Boolean.TRUE));
        await(() -> scrape("jvm_memory_used_bytes") > 0, UP, () -> "JVM families not back");
        metrics.counter("osgi_switch_jobs", "Jobs run while the JVM metrics are switched").inc();
        assertEquals(6.0, scrape(mine), 0.0);
    }
}
