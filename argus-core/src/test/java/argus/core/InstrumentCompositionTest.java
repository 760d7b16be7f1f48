package argus.core;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.AnnotatedEventManager;
import net.dv8tion.jda.api.hooks.SubscribeEvent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.RestRateLimiter;
import net.dv8tion.jda.api.requests.SequentialRestRateLimiter;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static argus.core.LocalBot.GUILD;
import static argus.core.Metrics.await;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Argus.instrument(builder)} composes with what the bot already set on its builder instead of
 * replacing it: a REST proxy's base URL, user agent suffix, rate limiter and request customiser, an
 * annotated event manager. The local Discord's HTTP client sends every request to loopback whatever its host, so a proxy host
 * that does not exist still lets JDA log in, and the URL JDA asked for is what the test checks.
 */
class InstrumentCompositionTest {
    private static final String PROXY = "http://rest-proxy.invalid:8080/api/v10/";

    private static final String USER_AGENT_SUFFIX = "MyBot/2.1";

    /** A RestConfig as a bot behind a REST proxy has one: another base URL, and a request customiser. */
    private static RestConfig proxyConfig(List<String> urls) {
        return new RestConfig().setBaseUrl(PROXY).setCustomBuilder(request -> urls.add(request.build().url().toString()));
    }

    /** The bot's own rate limiter: JDA's, counting the requests it schedules. */
    private record CountingRateLimiter(RestRateLimiter delegate, AtomicInteger scheduled) implements RestRateLimiter {
        @Override
        public void enqueue(Work task) {
            scheduled.incrementAndGet();
            delegate.enqueue(task);
        }

        @Override
        public void stop(boolean shutdown, Runnable callback) {
            delegate.stop(shutdown, callback);
        }

        @Override
        public boolean isStopped() {
            return delegate.isStopped();
        }

        @Override
        public int cancelRequests() {
            return delegate.cancelRequests();
        }
    }

    @Test
    void aBotsWholeRestConfigSurvivesInstrument() {
        List<String> urls = new CopyOnWriteArrayList<>();
        List<String> userAgents = new CopyOnWriteArrayList<>();
        AtomicInteger scheduled = new AtomicInteger();
        RestConfig own = new RestConfig().setBaseUrl(PROXY).setUserAgentSuffix(USER_AGENT_SUFFIX)
                .setRateLimiterFactory(config -> new CountingRateLimiter(new SequentialRestRateLimiter(config), scheduled))
                .setCustomBuilder(request -> {
                    okhttp3.Request built = request.build();
                    urls.add(built.url().toString());
                    userAgents.add(String.valueOf(built.header("User-Agent")));
                });
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().configure(b -> Argus.instrument(b.setRestConfig(own))).connect();
            try (Argus argus = LocalBot.configured(Argus.builder(jda)).start()) {
                discord.dispatchInteraction(Payloads.slashCommand(GUILD, "ping")); // unanswered: no REST call needed
                int before = urls.size();

                jda.retrieveApplicationInfo().complete();

                assertThat(urls).as("every request JDA made went through the bot's customiser").hasSizeGreaterThan(before)
                        .allSatisfy(u -> assertThat(u).as("the REST proxy's base URL").startsWith(PROXY));
                assertThat(userAgents).allSatisfy(ua -> assertThat(ua).endsWith(USER_AGENT_SUFFIX));
                assertThat(scheduled.get()).as("requests scheduled by the bot's own rate limiter").isPositive();
                assertThat(value(argus, "discord_gateway_events", "INTERACTION_CREATE"))
                        .as("instrument still took effect").isEqualTo(1);
            } finally {
                jda.shutdownNow();
            }
        }
    }

    @Test
    void everyShardOfAShardManagerKeepsTheBotsRestConfig() {
        List<String> urls = new CopyOnWriteArrayList<>();
        try (LocalDiscord discord = LocalDiscord.start()) {
            ShardManager shards = discord.shardManager(2)
                    .configure(b -> Argus.instrument(b.setRestConfig(proxyConfig(urls)))).connect();
            try (Argus argus = LocalBot.configured(Argus.builder(shards)).start()) {
                assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(PROXY));
                assertThat(value(argus, "discord_shard_sessions", "ready")).as("both shards' READY").isEqualTo(2);
            } finally {
                shards.shutdown();
            }
        }
    }

    /** A bot on JDA's annotated event manager. */
    public static final class AnnotatedBot {
        final List<String> commands = new CopyOnWriteArrayList<>();

        @SubscribeEvent
        public void onSlash(SlashCommandInteractionEvent event) {
            commands.add(event.getName());
            event.reply("pong").queue();
        }
    }

    @Test
    void aBotsAnnotatedEventManagerKeepsDispatchingAndArgusSeesItsInteractions() {
        AnnotatedBot bot = new AnnotatedBot();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().configure(b -> Argus.instrument(
                    b.setEventManager(new AnnotatedEventManager()).addEventListeners(bot))).connect();
            try (Argus argus = LocalBot.configured(Argus.builder(jda)).start()) {
                discord.dispatchInteraction(Payloads.slashCommand(GUILD, "ping"));

                assertThat(bot.commands).containsExactly("ping");
                await(argus, 1, "discord_interactions", "slash_command", "acknowledged");
            } finally {
                jda.shutdownNow();
            }
        }
    }

    @Test
    void restConfigWrapsTheRateLimiterOnceHoweverOftenItIsCalled() {
        RestConfig config = Argus.restConfig(new RestConfig());
        var factory = config.getRateLimiterFactory();

        assertThat(Argus.restConfig(config).getRateLimiterFactory()).isSameAs(factory);
    }

    @Test
    void attachingAfterAnInstrumentedBotConnectedCountsItsReadyAndGuildCreates() {
        try (LocalDiscord discord = LocalDiscord.builder().guilds(3).start()) {
            JDA jda = discord.jda().configure(Argus::instrument).connect(); // READY and 3 GUILD_CREATE already handled
            try (Argus argus = LocalBot.configured(Argus.builder(jda)).start()) {
                assertThat(value(argus, "discord_shard_sessions", "ready")).isEqualTo(1);
                assertThat(value(argus, "discord_gateway_events", "READY")).isEqualTo(1);
                int guilds = discord.guilds().size();
                assertThat(guilds).isGreaterThanOrEqualTo(3);
                assertThat(value(argus, "discord_gateway_events", "GUILD_CREATE")).isEqualTo(guilds);

                discord.addGuild(1600000000000000001L, "Later");

                assertThat(value(argus, "discord_gateway_events", "GUILD_CREATE")).as("counted once, live")
                        .isEqualTo(guilds + 1);
            } finally {
                jda.shutdownNow();
            }
        }
    }

    @Test
    void attachingAfterAPlainBotConnectedCountsItsSession() {
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().connect();
            try (Argus argus = LocalBot.configured(Argus.builder(jda)).start()) {
                assertThat(value(argus, "discord_shard_sessions", "ready")).isEqualTo(1);
            } finally {
                jda.shutdownNow();
            }
        }
    }
}
