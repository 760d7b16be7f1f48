package argus.discord.local;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.restaction.interactions.InteractionCallbackAction.ResponseType;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static argus.discord.local.Payloads.DEFAULT_GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST API as JDA sees it: realistic answers where JDA parses them, scripted faults, the request log. */
class LocalRestTest {
    private static final String CALLBACK = "interactions/\\d+/[^/]+/callback";
    private static final Duration T = Duration.ofSeconds(10);
    private static final RecordingListener events = new RecordingListener();
    private static LocalDiscord discord;
    private static JDA jda;

    @BeforeAll
    static void connect() {
        discord = LocalDiscord.start();
        // A RestConfig naming discord.com: the HTTP client still sends every request to the local API.
        jda = discord.jda().listeners(events).configure(b -> b.setRestConfig(new RestConfig())).connect();
    }

    @AfterAll
    static void close() {
        discord.close();
    }

    @BeforeEach
    void reset() {
        discord.rest().clearFaults();
        events.clear();
    }

    private SlashCommandInteractionEvent slash() {
        discord.dispatchInteraction(Payloads.slashCommand(DEFAULT_GUILD_ID, "ping"));
        return events.last(SlashCommandInteractionEvent.class);
    }

    private static String callbackOf(SlashCommandInteractionEvent e) {
        return "interactions/" + e.getId() + "/[^/]+/callback";
    }

    @Test
    void replyIsAnsweredWithTheCallbackResponseJdaParses() {
        SlashCommandInteractionEvent e = slash();
        InteractionHook hook = e.reply("pong").complete();

        assertThat(hook.hasCallbackResponse()).isTrue();
        assertThat(hook.getCallbackResponse().getResponseType()).isEqualTo(ResponseType.CHANNEL_MESSAGE_WITH_SOURCE);
        assertThat(hook.getCallbackResponse().getMessage().getContentRaw()).isEqualTo("pong");
        LocalRest.Request r = discord.rest().awaitRequests("POST", callbackOf(e), 1, T).get(0);
        assertThat(r.path()).isEqualTo("interactions/" + e.getId() + "/" + e.getToken() + "/callback");
        assertThat(r.query()).isEqualTo("with_response=true");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getInt("type")).isEqualTo(4);
        assertThat(discord.rest().callbackType(e.getIdLong())).contains(4);
        // Tokens are shaped like Discord's, so JDA's compiled route (URL-encoded) names the same path.
        HttpRequestEvent http = events.await(HttpRequestEvent.class,
                h -> h.getRoute().getCompiledRoute().startsWith("interactions/" + e.getId()), T);
        assertThat(http.getRoute().getCompiledRoute()).isEqualTo(r.path() + "?" + r.query());
    }

    @Test
    void deferredReplyThenFollowUpAndEditOfTheOriginal() {
        SlashCommandInteractionEvent e = slash();
        InteractionHook hook = e.deferReply().complete();
        assertThat(hook.getCallbackResponse().getResponseType())
                .isEqualTo(ResponseType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE);

        Message followUp = hook.sendMessage("later").complete();
        Message edited = hook.editOriginal("edited").complete();

        assertThat(followUp.getContentRaw()).isEqualTo("later");
        assertThat(edited.getContentRaw()).isEqualTo("edited");
        assertThat(edited.getIdLong()).isEqualTo(hook.getCallbackResponse().getMessage().getIdLong());
        String webhook = "webhooks/" + Payloads.SELF_ID + "/" + e.getToken();
        assertThat(discord.rest().requests("POST", webhook)).singleElement()
                .satisfies(r -> assertThat(r.query()).isEqualTo("wait=true"));
        assertThat(discord.rest().requests("PATCH", webhook + "/messages/@original")).hasSize(1);
    }

    @Test
    void componentUpdatesAnswerWithTheirCallbackType() {
        discord.dispatchInteraction(Payloads.button(DEFAULT_GUILD_ID, "argus:ok"));
        var button = events.last(net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent.class);
        button.deferEdit().complete();

        assertThat(discord.rest().callbackType(button.getIdLong())).contains(6);
    }

    @Test
    void anInteractionNeverDispatchedIsUnknown() {
        SlashCommandInteractionEvent e = slash();
        discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.unknownInteraction());

        assertThatThrownBy(() -> e.reply("late").complete())
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        ex -> assertThat(ex.getErrorResponse()).isEqualTo(ErrorResponse.UNKNOWN_INTERACTION));
        assertThat(discord.rest().pendingFaults()).isZero();
    }

    @Test
    void queuedRequestRateLimitedOnceIsRetriedByJda() {
        SlashCommandInteractionEvent e = slash();
        discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.rateLimited(LocalRest.Scope.USER, Duration.ZERO));

        e.reply("pong").complete();

        List<LocalRest.Request> calls = discord.rest().awaitRequests("POST", callbackOf(e), 2, T);
        assertThat(calls).extracting(LocalRest.Request::status).containsExactly(429, 200);
        HttpRequestEvent http = events.await(HttpRequestEvent.class,
                h -> h.getRoute().getCompiledRoute().startsWith("interactions/" + e.getId()), T);
        assertThat(http.getResponse().code).isEqualTo(200);
    }

    @Test
    void unqueuedRequestRateLimitedFailsWithTheRateLimitHeaders() {
        long id = 1700000000000000001L;
        discord.rest().fault("GET", "users/" + id, 1, LocalRest.Reply.rateLimited(LocalRest.Scope.SHARED, Duration.ofSeconds(3)));

        assertThatThrownBy(() -> jda.retrieveUserById(id).useCache(false).complete(false))
                .isInstanceOf(RateLimitedException.class);
        HttpRequestEvent http = events.await(HttpRequestEvent.class, HttpRequestEvent::isRateLimit, T);
        assertThat(http.getResponse().retryAfter).isEqualTo(3000);
        assertThat(http.getResponseHeaders().get("X-RateLimit-Scope")).isEqualTo("shared");
        assertThat(http.getResponseHeaders().get("Via")).isNotNull();
    }

    @Test
    void globalRateLimitSaysSoInItsHeaders() {
        long id = 1700000000000000002L;
        discord.rest().fault("GET", "users/" + id, 1, LocalRest.Reply.rateLimited(LocalRest.Scope.GLOBAL, Duration.ZERO));

        assertThat(jda.retrieveUserById(id).useCache(false).complete().getIdLong()).isEqualTo(id);

        LocalRest.Request first = discord.rest().awaitRequests("GET", "users/" + id, 2, T).get(0);
        assertThat(first.status()).isEqualTo(429);
    }

    @Test
    void aDelayedReplyArrivesNoSoonerThanItsDelay() {
        SlashCommandInteractionEvent e = slash();
        discord.rest().delay("POST", CALLBACK, 1, Duration.ofMillis(300));

        long t0 = System.nanoTime();
        e.reply("slow").complete();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(discord.rest().callbackType(e.getIdLong())).contains(4);
    }

    @Test
    void anyStatusWithADiscordErrorBody() {
        discord.rest().fault("GET", "users/@me", 1, LocalRest.Reply.error(500, 0, "boom").withHeader("X-Test", "1"));
        discord.rest().fault("GET", "users/\\d+", 1, LocalRest.Reply.error(404, 10013, "Unknown User"));

        assertThatThrownBy(() -> jda.retrieveUserById(42).useCache(false).complete())
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        ex -> assertThat(ex.getErrorResponse()).isEqualTo(ErrorResponse.UNKNOWN_USER));
        assertThat(discord.rest().pendingFaults()).isEqualTo(1); // users/@me was never asked
    }

    @Test
    void globalCommandsAreEchoedWithIds() {
        List<Command> commands = jda.updateCommands()
                .addCommands(Commands.slash("ping", "Pong"), Commands.user("Inspect"))
                .complete();

        assertThat(commands).extracting(Command::getName).containsExactly("ping", "Inspect");
        assertThat(commands).allSatisfy(c -> assertThat(c.getIdLong()).isPositive());
        assertThat(jda.retrieveCommands().complete()).extracting(Command::getName).containsExactly("ping", "Inspect");
        assertThat(discord.rest().requests("PUT", "applications/" + Payloads.SELF_ID + "/commands")).hasSize(1);
    }

    @Test
    void applicationInfoIsTheBots() {
        assertThat(jda.retrieveApplicationInfo().complete().getIdLong()).isEqualTo(Payloads.SELF_ID);
    }

    @Test
    void everyRequestIsLoggedWithItsAnswer() {
        jda.retrieveUserById(Payloads.USER_ID).useCache(false).complete();

        LocalRest.Request r = discord.rest().requests("GET", "users/" + Payloads.USER_ID).get(0);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsKey("Authorization");
        assertThat(discord.rest().requests().get(0).path()).isEqualTo("users/@me"); // JDA's login
    }

    @Test
    void multipartBodiesExposeTheirPayloadJson() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{\"type\":4}\r\n--b--\r\n";
        DataObject json = LocalRest.jsonBody(body, java.util.Map.of("Content-Type", List.of("multipart/form-data; boundary=b")));
        assertThat(json.getInt("type")).isEqualTo(4);
    }
}
