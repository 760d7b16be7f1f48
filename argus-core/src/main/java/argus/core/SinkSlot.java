package argus.core;

import argus.api.sink.EventSink;

import java.util.function.Supplier;

/**
 * The one place core reads the current analytics sink from. A volatile reference, so a sink can be
 * swapped (OSGi) without the hot path taking a lock; null means analytics is off.
 */
final class SinkSlot implements Supplier<EventSink> {
    private volatile EventSink sink;

    @Override
    public EventSink get() {
        return sink;
    }

    /** Installs a sink and returns the one it replaced (the caller closes it, which drains it). */
    EventSink swap(EventSink next) {
        EventSink previous = sink;
        sink = next;
        return previous;
    }
}
