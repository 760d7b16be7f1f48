package argus.e2e;

import argus.core.Argus;
import argus.discord.local.DemoTraffic;
import argus.discord.local.LocalDiscord;
import argus.example.bot.Demo;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tokenless demo on the module path's terms: the example bot ({@link Demo}: a real JDA
 * ShardManager on a local Discord with dozens of guilds) with Argus attached and {@link DemoTraffic}
 * users, faults every 300 ms: the dashboard and {@code /metrics} show traffic, gateway events (the
 * demo uses {@code Argus.instrument}), command errors, 429s of both scopes, resumes and a full
 * reconnect within seconds.
 */
class E2eDemoTest {
    static final Duration T = Duration.ofSeconds(30);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void demoTrafficShowsUpOnMetricsWithinSeconds() {
        Demo demo = Demo.create(36, 3);
        try {
            ShardManager bot = demo.buildShardManager(Argus::instrument);
            try (Argus argus = Argus.builder(bot).port(0).host("127.0.0.1").environment(Map.of())
                    .closeOnShutdown(false).start()) {
                demo.go(150, Duration.ofMillis(300));
                int port = argus.port();
                Scrape[] last = new Scrape[1];
                LocalDiscord.waitUntil(() -> {
                    Scrape s = Scrape.of(port);
                    last[0] = s;
                    return s.sumOrZero("discord_interactions_total", "status", "acknowledged") >= 200
                            && s.by("discord_app_commands_total", "command").keySet().containsAll(
                                    java.util.List.of("ping", "search", "stats", "slow", "flaky", "Profile"))
                            && s.sumOrZero("discord_command_errors_total", "command", "flaky") >= 1
                            && s.sumOrZero("discord_interactions_total", "status", "failed") >= 1
                            && s.sumOrZero("discord_ratelimits_total", "scope", "bucket") >= 1
                            && s.sumOrZero("discord_ratelimits_total", "scope", "global") >= 1
                            && s.sumOrZero("discord_shard_sessions_total", "event", "resume") >= 2
                            && s.sumOrZero("discord_shard_sessions_total", "event", "reconnect") >= 1
                            // Argus.instrument: raw gateway dispatches counted by type.
                            && s.sumOrZero("discord_gateway_events_total", "event", "GUILD_CREATE") >= 36
                            && s.sumOrZero("discord_gateway_events_total", "event", "INTERACTION_CREATE") >= 200;
                }, T, () -> "demo traffic not visible yet; last scrape:\n" + last[0].text);
                Scrape s = last[0];
                assertThat(s.sum("discord_shards_configured")).isEqualTo(3);
                // Once the faults stop, every shard is back with all its guilds.
                demo.traffic().close();
                LocalDiscord.waitUntil(() -> {
                    Scrape now = Scrape.of(port);
                    last[0] = now;
                    return now.sumOrZero("discord_guilds") == 36 && now.sumOrZero("discord_shards_connected") == 3;
                }, T, () -> "shards did not all come back; last scrape:\n" + last[0].text);
                assertThat(s.by("discord_interactions_total", "type").keySet())
                        .contains("slash_command", "autocomplete", "button", "string_select", "modal", "user_command");
                assertThat(demo.traffic().sent()).isPositive();
                assertThat(demo.traffic().faultsInjected()).isGreaterThanOrEqualTo(6);
                assertThat(Scrape.get(URI.create("http://127.0.0.1:" + port + "/"), null).statusCode()).isEqualTo(200);
                assertThat(demo.discord().rest().requests("PUT", "applications/\\d+/commands")).hasSize(1);
            }
        } finally {
            demo.close();
        }
    }
}
