package argus.e2e;

import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.LocalRest.Reply;
import argus.discord.local.LocalRest.Scope;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A real JDA 6 ShardManager (3 shards, 9 guilds) on the local Discord, instrumented with
 * {@code Argus.instrument(builder)} and observed by {@code Argus.builder(shardManager)...start()} on a
 * free port: interactions of every kind, rejected callbacks, 429s of both scopes and the three ways a
 * session comes back, then exact values scraped from {@code /metrics} over HTTP.
 */
class E2eMetricsTest {
    static final int SHARDS = 3;
    static final int GUILDS = 9;
    static final Duration T = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyInteractionFaultAndReconnectIsCountedExactlyOnMetrics() {
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(GUILDS).start()) {
            // Hold READY back so Argus, attached right after build(), sees every session start.
            discord.gateway().pauseIdentify();
            ShardManager shards = discord.shardManager(SHARDS).listeners(new E2eBot())
                    .configure(Argus::instrument).build();
            try (Argus argus = Argus.builder(shards).port(0).host("127.0.0.1").clusterId("e2e")
                    .environment(Map.of()).closeOnShutdown(false).start()) {
                discord.gateway().awaitIdentifies(SHARDS, T);
                discord.gateway().resumeIdentify();
                discord.awaitConnected(shards);
                int port = argus.port();
                assertThat(port).isPositive();

                int sent = 0;
                List<Long> guilds = new ArrayList<>();
                for (int k = 0; k < GUILDS; k++) {
                    guilds.add(Payloads.guildId(k));
                }
                assertThat(guilds.stream().map(g -> Payloads.shardOf(g, SHARDS)).distinct()).hasSize(SHARDS);
                for (long g : guilds) {
                    DataObject ping = Payloads.slashCommand(g, "ping");
                    if (g == guilds.get(2)) {
                        faultCallback(discord, ping, Reply.rateLimited(Scope.USER, Duration.ZERO));
                    } else if (g == guilds.get(3)) {
                        faultCallback(discord, ping, Reply.rateLimited(Scope.GLOBAL, Duration.ZERO));
                    }
                    discord.dispatchInteraction(ping);
                    discord.dispatchInteraction(Payloads.slashCommand(g, "slow"));
                    discord.dispatchInteraction(Payloads.autocomplete(g, "search", "text", "he"));
                    discord.dispatchInteraction(Payloads.button(g, "vote"));
                    discord.dispatchInteraction(Payloads.modalSubmit(g, "feedback", "text", "nice"));
                    discord.dispatchInteraction(Payloads.stringSelect(g, "role", "member"));
                    discord.dispatchInteraction(Payloads.userCommand(g, "Profile"));
                    sent += 7;
                }
                for (int k = 0; k < 2; k++) { // Discord rejects these callbacks: the bot answered too late
                    DataObject fail = Payloads.slashCommand(guilds.get(k), "fail");
                    faultCallback(discord, fail, Reply.unknownInteraction());
                    discord.dispatchInteraction(fail);
                    sent++;
                }
                discord.dispatchInteraction(Payloads.slashCommand(0, "ping")); // a DM
                sent++;
                int expected = sent;
                Scrape s = awaitSettled(port, expected);

                assertThat(s.by("discord_interactions_total", "status", "type", "slash_command"))
                        .containsOnly(entry("acknowledged", 19.0), entry("failed", 2.0));
                assertThat(s.by("discord_interactions_total", "type", "status", "acknowledged")).containsOnly(
                        entry("slash_command", 19.0), entry("autocomplete", 9.0), entry("button", 9.0),
                        entry("modal", 9.0), entry("string_select", 9.0), entry("user_command", 9.0));
                assertThat(s.by("discord_app_commands_total", "command", "status", "success")).containsOnly(
                        entry("ping", 10.0), entry("slow", 9.0), entry("Profile", 9.0));
                assertThat(s.by("discord_app_commands_total", "command", "status", "error"))
                        .containsOnly(entry("fail", 2.0));
                assertThat(s.by("discord_command_errors_total", "error_type", "command", "fail"))
                        .containsOnly(entry("UNKNOWN_INTERACTION", 2.0));
                assertThat(s.by("discord_app_command_duration_seconds_count", "command")).containsOnly(
                        entry("ping", 10.0), entry("slow", 9.0), entry("Profile", 9.0), entry("fail", 2.0));
                assertThat(s.by("discord_interaction_ack_latency_seconds_count", "type")).contains(
                        entry("slash_command", 19.0), entry("autocomplete", 9.0), entry("button", 9.0),
                        entry("modal", 9.0), entry("string_select", 9.0), entry("user_command", 9.0),
                        entry("message_command", 0.0), entry("entity_select", 0.0));
                assertThat(s.by("discord_ratelimits_total", "scope"))
                        .containsOnly(entry("bucket", 1.0), entry("global", 1.0), entry("shared", 0.0),
                                entry("unknown", 0.0));
                assertThat(s.sum("discord_gateway_events_total", "event", "INTERACTION_CREATE")).isEqualTo(expected);
                assertThat(s.sum("discord_gateway_events_total", "event", "GUILD_CREATE")).isEqualTo(GUILDS);
                assertThat(s.by("discord_shard_sessions_total", "event")).containsOnly(
                        entry("ready", (double) SHARDS), entry("resume", 0.0), entry("reconnect", 0.0),
                        entry("invalidate", 0.0), entry("disconnect", 0.0));
                assertThat(s.sum("discord_guilds")).isEqualTo(GUILDS);
                assertThat(s.sum("discord_shards_connected")).isEqualTo(SHARDS);
                assertThat(s.sum("discord_shards_configured")).isEqualTo(SHARDS);
                assertThat(s.by("discord_shard_up", "shard")).containsOnly(
                        entry("0", 1.0), entry("1", 1.0), entry("2", 1.0));
                assertThat(s.sum("argus_instrumentation_errors_total")).isIn(Double.NaN, 0.0);
                // Every series carries the cluster.
                assertThat(s.samples).filteredOn(x -> x.name().startsWith("discord_interactions"))
                        .allSatisfy(x -> assertThat(x.labels()).containsEntry("cluster", "e2e"));

                // The three ways a session comes back: op 7 and close 4000 resume, INVALID_SESSION re-identifies.
                discord.gateway().awaitSession(0, T).requestReconnect();
                discord.gateway().awaitSession(1, T).closeWith(4000, "Unknown error.");
                discord.gateway().awaitSession(2, T).invalidateSession(false);
                LocalDiscord.waitUntil(() -> discord.gateway().resumes().size() == 2
                                && discord.gateway().identifies().size() == SHARDS + 1, T,
                        () -> discord.gateway().resumes().size() + " RESUMEs, "
                                + discord.gateway().identifies().size() + " IDENTIFYs");
                discord.awaitConnected(shards);
                for (int k = 0; k < SHARDS; k++) { // every shard still observed after its session came back
                    discord.dispatchInteraction(Payloads.slashCommand(guilds.get(k), "ping"));
                }
                Scrape after = awaitSettled(port, expected + SHARDS);
                assertThat(after.by("discord_shard_sessions_total", "event")).containsOnly(
                        entry("ready", (double) SHARDS), entry("resume", 2.0), entry("reconnect", 1.0),
                        entry("invalidate", 1.0), entry("disconnect", 3.0));
                // argus-dpy's per-shard pair: each shard lost its session once and got it back once.
                assertThat(after.by("discord_shard_disconnects_total", "shard")).containsOnly(
                        entry("0", 1.0), entry("1", 1.0), entry("2", 1.0));
                assertThat(after.by("discord_shard_reconnects_total", "shard")).containsOnly(
                        entry("0", 1.0), entry("1", 1.0), entry("2", 1.0));
                assertThat(after.sum("discord_app_commands_total", "command", "ping", "status", "success"))
                        .isEqualTo(10 + SHARDS);
                // The re-identified shard got its guilds again (GUILD_CREATE), the cache still has 9.
                assertThat(after.sum("discord_gateway_events_total", "event", "GUILD_CREATE"))
                        .isEqualTo(GUILDS + guilds.stream().filter(g -> Payloads.shardOf(g, SHARDS) == 2).count());
                assertThat(after.sum("discord_guilds")).isEqualTo(GUILDS);
                assertThat(after.sum("discord_shards_connected")).isEqualTo(SHARDS);
                for (JDA shard : shards.getShards()) {
                    assertThat(shard.getStatus()).isEqualTo(JDA.Status.CONNECTED);
                }
            }
        }
    }

    /** The next callback of {@code interaction} (by its id) gets {@code reply}. */
    static void faultCallback(LocalDiscord discord, DataObject interaction, Reply reply) {
        discord.rest().fault("POST", "interactions/" + interaction.getString("id") + "/[^/]+/callback", 1, reply);
    }

    /** Scrapes until {@code n} interactions are resolved and none is in flight (JDA answers asynchronously). */
    static Scrape awaitSettled(int port, int n) {
        Scrape[] last = new Scrape[1];
        LocalDiscord.waitUntil(() -> {
            Scrape s = Scrape.of(port);
            last[0] = s;
            return s.sumOrZero("discord_interactions_total") == n && s.sumOrZero("argus_timers_in_flight") == 0;
        }, T, () -> "expected " + n + " resolved interactions; last scrape:\n" + last[0].text);
        return last[0];
    }
}
