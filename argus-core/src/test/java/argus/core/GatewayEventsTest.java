package argus.core;

import argus.discord.local.Payloads;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

import static argus.core.LocalBot.GUILD;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code discord_gateway_events_total{type}}: one per dispatch, only with {@code Argus.instrument} (raw events). */
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
            assertThat(value(argus, "discord_gateway_events", "GUILD_CREATE")).isEqualTo(1);
            assertThat(Metrics.total(argus, "discord_gateway_events")).isEqualTo(4);
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
}
