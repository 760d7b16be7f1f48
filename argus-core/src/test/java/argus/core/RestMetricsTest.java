package argus.core;

import argus.discord.local.LocalRest;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static argus.core.LocalBot.GUILD;
import static argus.core.Metrics.await;
import static argus.core.Metrics.total;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code discord_rest_requests_total{method,route,status}}, {@code discord_rest_request_duration_seconds}
 * and {@code discord_ratelimits_total{scope}}. A 429 reaches Argus by exactly one of two paths:
 * queued requests JDA retries are seen only by {@code Argus.instrument}'s rate limiter; unqueued ones
 * ({@code complete(false)}) end in an {@code HttpRequestEvent}.
 */
class RestMetricsTest {
    private static final String CALLBACK_ROUTE = "interactions/{interaction_id}/{interaction_token}/callback";
    private static final String CALLBACK = "interactions/\\d+/[^/]+/callback";
    private static final String USER_ROUTE = "users/{user_id}";

    private static SlashCommandInteractionEvent ping(LocalBot local, ScriptedBot bot) {
        local.dispatch(Payloads.slashCommand(GUILD, "ping"));
        return bot.last();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithInstrumentedBuilder {
        private final ScriptedBot bot = new ScriptedBot();
        private LocalBot local;
        private Argus argus;

        @BeforeAll
        void connect() {
            local = LocalBot.connectInstrumented(bot);
        }

        @AfterAll
        void close() {
            local.close();
        }

        @BeforeEach
        void attach() {
            local.discord.rest().clearFaults();
            argus = local.attach();
        }

        @Test
        void theCallbackIsCountedByMethodRouteTemplateAndStatusClass() {
            ping(local, bot).reply("pong").complete();

            await(argus, 1, "discord_rest_requests", "POST", CALLBACK_ROUTE, "2xx");
            Metrics.awaitCount(argus, 1, "discord_rest_request_duration_seconds", CALLBACK_ROUTE);
            assertThat(total(argus, "discord_rest_requests")).isEqualTo(1);
            // Every scope's series exists from the start, at 0, so rate() sees the first burst.
            assertThat(Metrics.points(argus, "discord_ratelimits")).hasSize(4);
            assertThat(total(argus, "discord_ratelimits")).isZero();
        }

        @Test
        void aFailedCallbackIsCountedAs4xx() {
            local.discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.unknownInteraction());
            SlashCommandInteractionEvent e = ping(local, bot);
            e.reply("late").queue(ok -> { }, failure -> { });

            await(argus, 1, "discord_rest_requests", "POST", CALLBACK_ROUTE, "4xx");
            assertThat(total(argus, "discord_rest_requests")).isEqualTo(1);
        }

        @ParameterizedTest(name = "X-RateLimit-Scope {0} -> scope {1}")
        @CsvSource({"USER, bucket", "GLOBAL, global", "SHARED, shared"})
        void aQueued429ThatJdaRetriesIsCountedOnceByScope(LocalRest.Scope scope, String label) {
            local.discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.rateLimited(scope, Duration.ZERO));

            ping(local, bot).reply("pong").complete(); // JDA retries the 429 by itself

            await(argus, 1, "discord_rest_requests", "POST", CALLBACK_ROUTE, "2xx");
            assertThat(value(argus, "discord_ratelimits", label)).isEqualTo(1);
            assertThat(total(argus, "discord_ratelimits")).isEqualTo(1);
            assertThat(value(argus, "discord_rest_requests", "POST", CALLBACK_ROUTE, "4xx"))
                    .as("a retried 429 is no finished request").isNaN();
            assertThat(local.discord.rest().requests("POST", CALLBACK).stream().filter(r -> r.status() == 429))
                    .isNotEmpty();
        }

        @ParameterizedTest(name = "X-RateLimit-Scope {0} -> scope {1}")
        @CsvSource({"USER, bucket", "GLOBAL, global", "SHARED, shared"})
        void anUnqueued429IsCountedOnceByScopeFromItsHttpRequestEvent(LocalRest.Scope scope, String label) {
            long user = 1700000000000000001L;
            local.discord.rest().fault("GET", "users/" + user, 1, LocalRest.Reply.rateLimited(scope, Duration.ZERO));

            assertThatThrownBy(() -> local.jda.retrieveUserById(user).useCache(false).complete(false))
                    .isInstanceOf(RateLimitedException.class);
            await(argus, 1, "discord_ratelimits", label);
            // A later request on the same route through the rate limiter adds no second count.
            local.jda.retrieveUserById(user).useCache(false).complete();
            await(argus, 1, "discord_rest_requests", "GET", USER_ROUTE, "2xx");

            assertThat(value(argus, "discord_rest_requests", "GET", USER_ROUTE, "4xx")).isEqualTo(1);
            assertThat(total(argus, "discord_ratelimits")).isEqualTo(1);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutInstrument {
        private final ScriptedBot bot = new ScriptedBot();
        private LocalBot local;
        private Argus argus;

        @BeforeAll
        void connect() {
            local = LocalBot.connect(bot);
        }

        @AfterAll
        void close() {
            local.close();
        }

        @BeforeEach
        void attach() {
            argus = local.attach();
        }

        @Test
        void aQueued429ThatJdaRetriesStaysInvisibleButTheRequestIsCounted() {
            local.discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.rateLimited(LocalRest.Scope.USER, Duration.ZERO));

            ping(local, bot).reply("pong").complete();

            await(argus, 1, "discord_rest_requests", "POST", CALLBACK_ROUTE, "2xx");
            assertThat(local.discord.rest().awaitRequests("POST", CALLBACK, 2, LocalBot.T)).extracting(LocalRest.Request::status)
                    .containsExactly(429, 200);
            assertThat(total(argus, "discord_ratelimits")).isZero();
        }

        @Test
        void anUnqueued429IsStillCountedFromItsHttpRequestEvent() {
            long user = 1700000000000000002L;
            local.discord.rest().fault("GET", "users/" + user, 1,
                    LocalRest.Reply.rateLimited(LocalRest.Scope.SHARED, Duration.ofSeconds(5)));

            assertThatThrownBy(() -> local.jda.retrieveUserById(user).useCache(false).complete(false))
                    .isInstanceOf(RateLimitedException.class);

            await(argus, 1, "discord_ratelimits", "shared");
            assertThat(total(argus, "discord_ratelimits")).isEqualTo(1);
        }
    }
}
