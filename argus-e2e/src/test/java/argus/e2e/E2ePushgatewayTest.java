package argus.e2e;

import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import argus.exporter.prometheus.PushgatewayServer;
import net.dv8tion.jda.api.JDA;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hosting-panel recipe end to end: a real JDA bot with Argus on a host nobody scrapes pushes to a
 * real Pushgateway, which then serves the bot's series (what Prometheus would scrape from it); a clean
 * stop deletes the group so a stopped bot does not look alive.
 */
class E2ePushgatewayTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBotWithoutAnInboundPortIsSeenThroughThePushgateway() throws Exception {
        try (PushgatewayServer pgw = PushgatewayServer.start();
             LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(new E2eBot()).configure(Argus::instrument).connect();
            Argus argus = Argus.builder(jda).port(0).host("127.0.0.1").clusterId("panel")
                    .set("pushgateway_url", "http://127.0.0.1:" + pgw.port).set("pushgateway_job", "mybot")
                    .set("push_interval_ms", "1000").environment(Map.of()).closeOnShutdown(false).start();
            try {
                for (int i = 0; i < 3; i++) {
                    discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
                }
                String series = "discord_interactions_total{cluster=\"panel\",instance=\"\",job=\"mybot\","
                        + "status=\"acknowledged\",type=\"slash_command\"} 3";
                LocalDiscord.waitUntil(() -> scrape(pgw).contains(series), T, () -> "the pushed series:\n" + scrape(pgw));
                assertThat(argus.health()).containsKey("pushgateway");
                assertThat(argus.health().get("pushgateway").up()).isTrue();
            } finally {
                argus.close();
                jda.shutdownNow();
            }
            assertThat(pgw.scrape()).doesNotContain("job=\"mybot\"");
        }
    }

    private static String scrape(PushgatewayServer pgw) {
        try {
            return pgw.scrape();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
