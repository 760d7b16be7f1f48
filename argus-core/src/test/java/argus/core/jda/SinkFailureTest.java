package argus.core.jda;

import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import argus.core.registry.MetricRegistry;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 5 on the analytics path: a sink whose {@code record} throws costs nothing but its own
 * event. The interaction and the command are still counted and timed, each failed {@code record} is
 * counted as {@code argus_instrumentation_errors_total{hook="sink"}}, and the bot's reply goes through.
 * Real JDA events from the local Discord; the hooks are bound the way {@code Argus} binds them.
 */
class SinkFailureTest {
    /** Enabled, throws on every record. */
    static final class ThrowingSink implements EventSink {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean record(AnalyticsEvent event) {
            calls.incrementAndGet();
            throw new IllegalStateException("sink broken");
        }

        @Override
        public SinkStats stats() {
            return SinkStats.EMPTY;
        }

        @Override
        public Health health() {
            return Health.down("broken");
        }

        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public void close(Duration timeout) {
        }
    }

    private static void check(EventListener bot, boolean deferred) {
        MetricRegistry registry = new MetricRegistry(100);
        ThrowingSink sink = new ThrowingSink();
        BotHooks hooks = new BotHooks(new BotMetrics(registry, "discord"), 100, () -> sink, "default");
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(bot).connect();
            ArgusEventManager manager = ArgusEventManager.around(jda.getEventManager());
            manager.bind(hooks);
            jda.setEventManager(manager);

            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
            LocalDiscord.waitUntil(() -> registry.value("discord_app_commands", "ping", "success") == 1,
                    discord.timeout(), () -> "the command was not counted: " + registry.snapshot());

            assertThat(registry.value("discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
            assertThat(((argus.api.metrics.HistogramPoint) registry.snapshot().family("discord_app_command_duration_seconds")
                    .point("ping")).count()).isEqualTo(1);
            assertThat(hooks.inFlight()).isZero();
            // One interaction row and one app_command row were offered; each failure is counted once. The
            // command row is offered after the command's metrics, on JDA's thread: wait for it.
            LocalDiscord.waitUntil(() -> sink.calls.get() == 2, discord.timeout(),
                    () -> "sink calls: " + sink.calls.get());
            assertThat(registry.errorCount("sink")).isEqualTo(2);
            assertThat(registry.errorCount("event")).as("the hook itself did not fail").isZero();
            assertThat(discord.rest().awaitRequests("POST", "interactions/\\d+/[^/]+/callback", 1, discord.timeout()))
                    .extracting(r -> r.status()).containsExactly(200);
            if (deferred) {
                assertThat(discord.rest().awaitRequests("POST", "webhooks/\\d+/[^/]+", 1, discord.timeout())).hasSize(1);
            }
        }
    }

    @Test
    void aThrowingSinkLosesOnlyItsEvents_theReplyIsCountedAndTimed() {
        check(e -> {
            if (e instanceof SlashCommandInteractionEvent s) {
                s.reply("pong").queue();
            }
        }, false);
    }

    @Test
    void aThrowingSinkLosesOnlyItsEvents_theDeferredCommandIsCompletedByItsFollowUp() {
        check(e -> {
            if (e instanceof SlashCommandInteractionEvent s) {
                s.deferReply().queue(hook -> hook.sendMessage("pong").queue());
            }
        }, true);
    }
}
