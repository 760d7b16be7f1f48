package argus.core;

import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static argus.core.LocalBot.GUILD;
import static org.assertj.core.api.Assertions.assertThat;

/** Attaching observes the bot through JDA's extension points and leaves its listeners as they were. */
class AttachTest {
    private final List<GenericEvent> seen = new CopyOnWriteArrayList<>();
    private final EventListener first = seen::add;
    private final ListenerAdapter second = new ListenerAdapter() { };
    private final EventListener third = e -> { };

    @Test
    void attachKeepsTheBotsListenersSameObjectsSameOrder() {
        try (LocalBot local = LocalBot.connect(first, second, third)) {
            List<Object> before = List.copyOf(local.jda.getRegisteredListeners());

            local.attach();

            assertThat(local.jda.getRegisteredListeners()).containsExactlyElementsOf(before);
            assertThat(before).containsExactly(first, second, third);
            assertSameObjects(local.jda.getRegisteredListeners(), before);
        }
    }

    @Test
    void attachToAnInstrumentedJdaKeepsItsListenersToo() {
        try (LocalBot local = LocalBot.connectInstrumented(first, second, third)) {
            List<Object> before = List.copyOf(local.jda.getRegisteredListeners());

            local.attach();

            assertSameObjects(local.jda.getRegisteredListeners(), before);
            assertThat(before).containsExactly(first, second, third);
        }
    }

    @Test
    void theListenersStillGetEveryEventAfterAttachAndAfterClose() {
        try (LocalBot local = LocalBot.connect(first)) {
            Argus argus = local.attach();
            local.dispatch(Payloads.slashCommand(GUILD, "one"));

            argus.close();
            local.dispatch(Payloads.slashCommand(GUILD, "two"));

            assertThat(seen).filteredOn(SlashCommandInteractionEvent.class::isInstance)
                    .extracting(e -> ((SlashCommandInteractionEvent) e).getName()).containsExactly("one", "two");
            assertSameObjects(local.jda.getRegisteredListeners(), List.of(first));
            assertThat(Metrics.value(argus, "argus_timers_in_flight")).as("closed: no longer observing").isEqualTo(1);
        }
    }

    @Test
    void listenersAddedAfterAttachAreDispatchedToo() {
        try (LocalBot local = LocalBot.connect(first)) {
            local.attach();
            List<GenericEvent> late = new CopyOnWriteArrayList<>();
            EventListener added = late::add;

            local.jda.addEventListener(added);
            local.dispatch(Payloads.slashCommand(GUILD, "ping"));

            assertSameObjects(local.jda.getRegisteredListeners(), List.of(first, added));
            assertThat(late).filteredOn(SlashCommandInteractionEvent.class::isInstance).hasSize(1);
        }
    }

    private static void assertSameObjects(List<Object> actual, List<Object> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).isSameAs(expected.get(i));
        }
    }
}
