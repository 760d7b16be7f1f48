package argus.osgi.it;

import argus.api.sink.EventSink;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The distribution as shipped: every bundle active, every component in its expected state, the routes served. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT extends ArgusOsgiSupport {
    private static final Duration UP = Duration.ofSeconds(20);

    @Test
    public void everyBundleIsActiveAndTheArgusComponentsAreUp() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertEquals("bundles not active", List.of(), notActive);

        for (String component : List.of("argus.core", "argus.http", "argus.web", "argus.sink.nullsink",
                "argus.exporter.prometheus")) {
            await(() -> componentState(component) == ComponentConfigurationDTO.ACTIVE, UP,
                    () -> component + " is in state " + componentState(component));
        }
        // Configuration-required components stay out of the way until configured.
        assertEquals(-1, componentState("argus.sink.clickhouse"));
        assertEquals(-1, componentState("argus.example.bot"));
    }

    @Test
    public void nullSinkIsTheOnlyAndLowestRankedSink() throws Exception {
        awaitService(EventSink.class, null, UP);
        var refs = context.getServiceReferences(EventSink.class, null);
        assertEquals(1, refs.size());
        ServiceReference<EventSink> ref = refs.iterator().next();
        assertEquals("null", ref.getProperty("argus.sink"));
        assertEquals(-1000, ref.getProperty(Constants.SERVICE_RANKING));
        assertTrue(context.getService(ref).getClass().getName().endsWith("NullSink"));
    }

    @Test
    public void metricsHealthAndDashboardAreServedOnTheConfiguredPort() {
        await(() -> get("/metrics").status() == 200, UP, () -> "/metrics: " + get("/metrics"));
        Reply metrics = get("/metrics");
        assertTrue(metrics.body(), metrics.body().contains("argus_up{cluster=\"default\"} 1"));
        Reply health = get("/healthz");
        assertEquals(health.body(), 200, health.status());
        assertTrue(health.body(), health.body().contains("\"core\""));
        await(() -> get("/").status() == 200, UP, () -> "/: " + get("/"));
        assertEquals(404, get("/api/analytics/top-commands?guild_id=1").status()); // analytics off: not mounted
    }

    @Test
    public void aBotServiceIsObservedWhileRegisteredAndForgottenAfter() throws Exception {
        await(() -> get("/metrics").status() == 200, UP, () -> "/metrics: " + get("/metrics"));
        long answered;
        try (BotTraffic bot = new BotTraffic(context, 200)) {
            await(() -> scrape("discord_app_commands_total") >= 50, UP,
                    () -> "commands counted: " + scrape("discord_app_commands_total") + ", answered " + bot.answered());
            await(() -> scrape("discord_guilds") == bot.guilds(), UP,
                    () -> "guilds " + scrape("discord_guilds") + " of " + bot.guilds());
            bot.pause();
            answered = bot.answered();
            await(() -> scrape("discord_app_commands_total") == bot.answered(), UP,
                    () -> "commands counted " + scrape("discord_app_commands_total") + " vs answered " + bot.answered());
        }
        // The bot left: its cache gauges go, the counters stay, and core keeps running.
        await(() -> Double.isNaN(scrape("discord_guilds")) || scrape("discord_guilds") == 0, UP,
                () -> "guilds after the bot left: " + scrape("discord_guilds"));
        assertEquals(answered, (long) scrape("discord_app_commands_total"));
        assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("argus.core"));
    }

    @Test
    public void theShippedExampleBotInDemoModeIsAShardManagerServiceThatCoreObserves() throws Exception {
        await(() -> get("/metrics").status() == 200, UP, () -> "/metrics: " + get("/metrics"));
        configure("argus.example.bot", Map.of("mode", "demo", "guilds", "12", "shards", "2", "rate", "40"));
        await(() -> componentState("argus.example.bot") == ComponentConfigurationDTO.ACTIVE, UP,
                () -> "argus.example.bot state " + componentState("argus.example.bot"));
        awaitService(net.dv8tion.jda.api.sharding.ShardManager.class, null, UP);
        await(() -> scrape("discord_shards_configured") == 2 && scrape("discord_shards_connected") == 2, UP,
                () -> "shards " + scrape("discord_shards_connected") + "/" + scrape("discord_shards_configured"));
        await(() -> scrape("discord_interactions_total") >= 20, Duration.ofSeconds(30),
                () -> "demo interactions observed: " + scrape("discord_interactions_total"));

        deleteConfiguration("argus.example.bot");
        await(() -> service(net.dv8tion.jda.api.sharding.ShardManager.class, null) == null, UP,
                () -> "the demo bot's service is still registered");
        await(() -> scrape("discord_shards_configured") == 0, UP,
                () -> "shards configured after the bot left: " + scrape("discord_shards_configured"));
        assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("argus.core"));
    }

    @Test
    public void anInvalidValueKeepsTheDashboardOnItsPreviousConfigurationNamingPidAndKey() throws Exception {
        await(() -> get("/").status() == 200, UP, () -> "/: " + get("/"));
        configure("argus.web", Map.of("dashboard_path", "no-leading-slash"));
        await(() -> get("/healthz").body().contains("config:argus.web"), UP, () -> "/healthz: " + get("/healthz"));
        String health = get("/healthz").body();
        assertTrue(health, health.contains("dashboard_path") && health.contains("\"degraded\""));
        assertEquals("the dashboard keeps its previous configuration", ComponentConfigurationDTO.ACTIVE,
                componentState("argus.web"));
        assertEquals("and keeps serving", 200, get("/").status());
        assertEquals(1.0, scrape("argus_config_rejected{cluster=\"default\",pid=\"argus.web\"}"), 0.0);
        assertEquals("/metrics is unaffected", 200, get("/metrics").status());

        deleteConfiguration("argus.web");
        await(() -> !get("/healthz").body().contains("config:argus.web"), UP, () -> "/healthz: " + get("/healthz"));
        assertEquals(0.0, scrape("argus_config_rejected{cluster=\"default\",pid=\"argus.web\"}"), 0.0);
        assertEquals(200, get("/").status());
    }

    @Test
    public void anUnknownKeyIsRefusedRatherThanIgnoredAndCoreKeepsRunning() throws Exception {
        await(() -> get("/metrics").status() == 200, UP, () -> "/metrics: " + get("/metrics"));
        Object coreBefore = service(argus.api.spi.CoreServices.class, null);
        configure("argus.core", Map.of("namespce", "bot"));
        await(() -> get("/healthz").body().contains("config:argus.core"), UP, () -> "/healthz: " + get("/healthz"));
        assertTrue(get("/healthz").body(), get("/healthz").body().contains("namespce"));
        assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("argus.core"));
        assertTrue("core was not restarted", coreBefore == service(argus.api.spi.CoreServices.class, null));
        configure("argus.core", Map.of("port", "9999"));   // a real key, but argus.http's
        await(() -> get("/healthz").body().contains("'port' is not read from Config Admin PID argus.core"), UP,
                () -> "/healthz: " + get("/healthz"));
        assertEquals(200, get("/metrics").status());
        deleteConfiguration("argus.core");
        await(() -> !get("/healthz").body().contains("config:argus.core"), UP, () -> "/healthz: " + get("/healthz"));
        assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("argus.core"));
    }
}
