package argus.core;

import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.hooks.EventListener;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** A bot listener whose answer to interactions each test scripts; it keeps the last interaction. */
final class ScriptedBot implements EventListener {
    private volatile Consumer<GenericInteractionCreateEvent> handler = e -> { };
    private final AtomicReference<GenericInteractionCreateEvent> last = new AtomicReference<>();

    /** How the bot answers every interaction from now on. */
    void answers(Consumer<GenericInteractionCreateEvent> handler) {
        this.handler = handler;
    }

    /** Never answers (the interaction stays unanswered). */
    void staysSilent() {
        this.handler = e -> { };
    }

    @SuppressWarnings("unchecked")
    <T extends GenericInteractionCreateEvent> T last() {
        return (T) last.get();
    }

    @Override
    public void onEvent(GenericEvent event) {
        if (event instanceof GenericInteractionCreateEvent i) {
            last.set(i);
            handler.accept(i);
        }
    }
}
