package argus.discord.local;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.GatewayPingEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionInvalidateEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static argus.discord.local.Payloads.DEFAULT_GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway session lifecycle as JDA's real WebSocketClient lives it. */
class LocalGatewayTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void connectingGoesThroughJdasStartupAndEndsWithReadyAndTheGuild() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(events).configure(b -> b.setRawEventsEnabled(true)).connect();

            assertThat(events.of(StatusChangeEvent.class)).extracting(StatusChangeEvent::getNewStatus).containsExactly(
                    JDA.Status.INITIALIZED, JDA.Status.LOGGING_IN, JDA.Status.CONNECTING_TO_WEBSOCKET,
                    JDA.Status.IDENTIFYING_SESSION, JDA.Status.AWAITING_LOGIN_CONFIRMATION,
                    JDA.Status.LOADING_SUBSYSTEMS, JDA.Status.CONNECTED);
            assertThat(events.last(ReadyEvent.class).getGuildTotalCount()).isEqualTo(1);
            assertThat(events.of(RawGatewayEvent.class)).extracting(RawGatewayEvent::getType)
                    .containsExactly("READY", "GUILD_CREATE");
            assertThat(jda.getGuildById(DEFAULT_GUILD_ID).getName()).isEqualTo("Argus Test Guild");
            assertThat(discord.gateway().identifies().get(0).getString("token")).isEqualTo(Payloads.TOKEN);
        }
    }

    @Test
    void dispatchesArriveInOrderWithRawEventsAfterTheirDerivedEvents() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(events).configure(b -> b.setRawEventsEnabled(true)).connect();
            events.clear();

            discord.dispatchInteraction(Payloads.slashCommand(DEFAULT_GUILD_ID, "ping"));
            discord.addGuild(1600000000000000001L, "Second");
            discord.dispatch("TYPING_START", DataObject.fromJson("{\"channel_id\":\"1\",\"user_id\":\"2\",\"timestamp\":1}"));

            assertThat(events.all().stream()
                    .filter(e -> e instanceof RawGatewayEvent || e instanceof SlashCommandInteractionEvent
                            || e instanceof GuildJoinEvent)
                    .map(e -> e instanceof RawGatewayEvent r ? "raw:" + r.getType() : e.getClass().getSimpleName()))
                    .containsExactly("SlashCommandInteractionEvent", "raw:INTERACTION_CREATE",
                            "GuildJoinEvent", "raw:GUILD_CREATE", "raw:TYPING_START");
            assertThat(jda.getGuildCache().size()).isEqualTo(2);
        }
    }

    @Test
    void barrierHeartbeatsLetJdaMeasureItsGatewayPing() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(events).connect();
            discord.barrier(0);

            events.await(GatewayPingEvent.class, e -> true, T);
            assertThat(jda.getGatewayPing()).isNotNegative();
        }
    }

    @Test
    void serverCloseWith4000IsResumed() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(events).connect();

            discord.gateway().awaitSession(0, T).closeWith(4000, "argus test");

            SessionDisconnectEvent d = events.await(SessionDisconnectEvent.class, e -> true, T);
            assertThat(d.isClosedByServer()).isTrue();
            assertThat(d.getCloseCode()).isEqualTo(CloseCode.UNKNOWN_ERROR);
            events.await(SessionResumeEvent.class, e -> true, T);
            discord.awaitConnected(jda);
            // Resumed, not re-identified. JDA may send RESUME more than once when its first reconnect
            // attempt races the close (seen under load); every one carries the original session.
            assertThat(discord.gateway().resumes()).isNotEmpty()
                    .extracting(r -> r.getString("session_id")).containsOnly(
                            discord.gateway().resumes().get(0).getString("session_id"));
            assertThat(discord.gateway().identifies()).hasSize(1);
        }
    }

    @Test
    void reconnectRequestIsResumed() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(events).connect();

            discord.gateway().awaitSession(0, T).requestReconnect();

            events.await(SessionResumeEvent.class, e -> true, T);
            discord.awaitConnected(jda);
            assertThat(events.of(SessionDisconnectEvent.class)).hasSize(1);
            assertThat(discord.gateway().identifies()).hasSize(1);
        }
    }

    @Test
    void invalidSessionMakesJdaIdentifyAgain() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(events).connect();

            discord.gateway().awaitSession(0, T).invalidateSession(false);

            events.await(SessionInvalidateEvent.class, e -> true, T);
            assertThat(events.await(SessionDisconnectEvent.class, e -> true, T).getClientCloseFrame().getCloseCode())
                    .isEqualTo(1000);
            events.await(SessionRecreateEvent.class, e -> true, T);
            discord.awaitConnected(jda);
            assertThat(discord.gateway().identifies()).hasSize(2);
            assertThat(jda.getGuildCache().size()).isEqualTo(1);
        }
    }

    @Test
    void fatalCloseCodeShutsJdaDown() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            JDA jda = discord.jda().listeners(events).connect();

            discord.gateway().awaitSession(0, T).closeWith(4004, "Authentication failed.");

            ShutdownEvent s = events.await(ShutdownEvent.class, e -> true, T);
            assertThat(s.getCloseCode()).isEqualTo(CloseCode.AUTHENTICATION_FAILED);
            assertThat(jda.getStatus()).isEqualTo(JDA.Status.SHUTDOWN);
        }
    }

    @Test
    void pausedIdentifyHoldsReadyBackUntilResumed() {
        RecordingListener events = new RecordingListener();
        try (LocalDiscord discord = LocalDiscord.start()) {
            discord.gateway().pauseIdentify();
            JDA jda = discord.jda().listeners(events).build();
            discord.gateway().awaitIdentifies(1, T);
            assertThat(events.of(ReadyEvent.class)).isEmpty();

            discord.gateway().resumeIdentify();

            discord.awaitConnected(jda);
            assertThat(events.of(ReadyEvent.class)).hasSize(1);
        }
    }

    @Test
    void closeLeavesNoJdaThreadBehind() {
        LocalDiscord discord = LocalDiscord.start();
        JDA jda = discord.jda().connect();
        discord.dispatchInteraction(Payloads.slashCommand(DEFAULT_GUILD_ID, "x"));
        jda.retrieveUserById(Payloads.USER_ID).useCache(false).complete(); // starts the rate-limit pools

        discord.close();

        LocalDiscord.waitUntil(() -> LocalDiscord.jdaThreads().isEmpty(), T,
                () -> "JDA threads alive: " + LocalDiscord.jdaThreads());
        assertThat(LocalDiscord.jdaThreads()).isEqualTo(List.of());
    }
}
