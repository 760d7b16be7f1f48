package argus.core;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static argus.core.LocalBot.GUILD;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code discord_gateway_events_total{event}}: one per dispatch, only with {@code Argus.instrument} (raw events). */
class GatewayEventsTest {

    @Test
    void everyDispatchIsCountedByItsTypeWhenTheBuilderWasInstrumented() {
        try (LocalBot local = LocalBot.connectInstrumented()) {
            Argus argus = local.attach();

            local.dispatch(Payloads.slashCommand(GUILD, "ping"));
            local.dispatch(Payloads.button(GUILD, "argus:ok"));
            local.discord.dispatch("TYPING_START",
                    DataObject.fromJson("{\"channel_id\":\"1\",\"user_id\":\"2\",\"timestamp\":1}"));
            local.discord.addGuild(1600000000000000001L, "Second");

            // Raw events follow their dispatch on the gateway thread, so the dispatch barrier suffices.
            assertThat(value(argus, "discord_gateway_events", "INTERACTION_CREATE")).isEqualTo(2);
            assertThat(value(argus, "discord_gateway_events", "TYPING_START")).isEqualTo(1);
            // The start (READY, the default guild's GUILD_CREATE) came before attach and is counted too.
            assertThat(value(argus, "discord_gateway_events", "GUILD_CREATE")).isEqualTo(2);
            assertThat(value(argus, "discord_gateway_events", "READY")).isEqualTo(1);
            assertThat(Metrics.total(argus, "discord_gateway_events")).isEqualTo(6);
        }
    }

    @Test
    void withoutInstrumentTheFamilyHasNoPoints() {
        try (LocalBot local = LocalBot.connect()) {
            Argus argus = local.attach();

            local.dispatch(Payloads.slashCommand(GUILD, "ping"));

            assertThat(argus.registry().snapshot().family("discord_gateway_events")).isNotNull();
            assertThat(Metrics.points(argus, "discord_gateway_events")).isEmpty();
            assertThat(value(argus, "argus_timers_in_flight")).as("the interaction itself was seen").isEqualTo(1);
        }
    }

    @Test
    void theBotsListenersDoNotReceiveTheRawEventsArgusTurnedOn() {
        List<GenericEvent> seen = new CopyOnWriteArrayList<>();
        EventListener listener = seen::add;
        try (LocalBot local = LocalBot.connectInstrumented(listener)) {
            Argus argus = local.attach();

            local.dispatch(Payloads.slashCommand(GUILD, "ping"));

            assertThat(value(argus, "discord_gateway_events", "INTERACTION_CREATE")).isEqualTo(1);
            assertThat(seen).filteredOn(e -> e instanceof SlashCommandInteractionEvent).hasSize(1);
            assertThat(seen).filteredOn(e -> e instanceof RawGatewayEvent).isEmpty();
        }
    }

    @Test
    void aBotThatAsksForRawEventsStillGetsThem() {
        List<GenericEvent> seen = new CopyOnWriteArrayList<>();
        EventListener listener = seen::add;
        try (LocalDiscord discord = LocalDiscord.start()) {
            var jda = discord.jda().listeners(listener).configure(b -> Argus.instrument(b, true)).connect();
            try (Argus argus = LocalBot.configured(Argus.builder(jda)).start()) {
                discord.dispatchInteraction(Payloads.slashCommand(GUILD, "ping"));

                assertThat(value(argus, "discord_gateway_events", "INTERACTION_CREATE")).isEqualTo(1);
                assertThat(seen).filteredOn(e -> e instanceof RawGatewayEvent)
                        .extracting(e -> ((RawGatewayEvent) e).getType()).contains("INTERACTION_CREATE");
            } finally {
                jda.shutdownNow();
            }
        }
    }
}
