package argus.core.jda;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a callback's interaction from JDA's callback action (a real JDA replying over REST to the
 * local Discord), and the -1 that sends the caller back to parsing the route when the request was
 * not sent by one of JDA's callback actions.
 */
class CallbackInteractionsTest {
    private static LocalDiscord discord;
    private static JDA jda;
    private static volatile Consumer<SlashCommandInteractionEvent> answer = e -> { };
    private static final List<SlashCommandInteractionEvent> commands = new CopyOnWriteArrayList<>();
    private static final List<HttpRequestEvent> callbacks = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        discord = LocalDiscord.start();
        EventListener listener = (GenericEvent event) -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                commands.add(slash);
                answer.accept(slash);
            } else if (event instanceof HttpRequestEvent http
                    && http.getRoute().getBaseRoute() == Route.Interactions.CALLBACK) {
                callbacks.add(http);
            }
        };
        jda = discord.jda().listeners(listener).connect();
    }

    @AfterAll
    static void close() {
        discord.close();
    }

    private static HttpRequestEvent answered(Consumer<SlashCommandInteractionEvent> how) {
        commands.clear();
        callbacks.clear();
        answer = how;
        discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
        LocalDiscord.waitUntil(() -> !callbacks.isEmpty(), discord.timeout(), () -> "no callback sent");
        return callbacks.get(0);
    }

    @Test
    void thePinnedJda_letsArgusReadTheInteraction() {
        // If a JDA upgrade moves the field, this fails: the route is still parsed, only slower.
        assertThat(CallbackInteractions.available()).isTrue();
    }

    @Test
    void jdasOwnReplyAndDefer_giveTheInteractionIdWithoutParsing() {
        HttpRequestEvent reply = answered(e -> e.reply("pong").queue());
        assertThat(CallbackInteractions.interactionId(reply.getRequest())).isEqualTo(commands.get(0).getIdLong());

        HttpRequestEvent defer = answered(e -> e.deferReply(true).queue());
        assertThat(CallbackInteractions.interactionId(defer.getRequest())).isEqualTo(commands.get(0).getIdLong());
        assertThat(RoutePaths.interactionId(defer.getRoute().getCompiledRoute())).isEqualTo(commands.get(0).getIdLong());
    }

    @Test
    void aCallbackSentThroughAnyOtherAction_isLeftToTheRouteParser() {
        HttpRequestEvent raw = answered(e -> new RestActionImpl<Void>(jda,
                Route.Interactions.CALLBACK.compile(e.getId(), e.getToken()),
                DataObject.empty().put("type", 4).put("data", DataObject.empty().put("content", "pong"))).queue());

        assertThat(CallbackInteractions.interactionId(raw.getRequest())).isEqualTo(-1);
        assertThat(RoutePaths.interactionId(raw.getRoute().getCompiledRoute())).isEqualTo(commands.get(0).getIdLong());
        assertThat(CallbackInteractions.interactionId(null)).isEqualTo(-1);
    }
}
