package argus.discord.local;

import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.hooks.EventListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records every event JDA hands to listeners, in dispatch order. */
final class RecordingListener implements EventListener {
    private final List<GenericEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(GenericEvent event) {
        events.add(event);
    }

    List<GenericEvent> all() {
        return events;
    }

    <T extends GenericEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The last event of a type. Waits up to 5 s for the first one: the gateway's dispatch barrier
     * can be released by an unrelated heartbeat ACK a moment before JDA hands the event over.
     */
    <T extends GenericEvent> T last(Class<T> type) {
        await(type, e -> true, Duration.ofSeconds(5));
        List<T> l = of(type);
        return l.get(l.size() - 1);
    }

    void clear() {
        events.clear();
    }

    /** For events fired on JDA's own threads (REST, reconnects). */
    <T extends GenericEvent> T await(Class<T> type, Predicate<T> filter, Duration timeout) {
        Object[] found = new Object[1];
        LocalDiscord.waitUntil(() -> {
            for (T e : of(type)) {
                if (filter.test(e)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, timeout, () -> "no matching " + type.getSimpleName() + "; got "
                + events.stream().map(e -> e.getClass().getSimpleName()).toList());
        return type.cast(found[0]);
    }
}
