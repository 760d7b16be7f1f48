package argus.sink.nullsink;

import argus.api.config.ArgusConfig;
import argus.api.sink.EventSink;
import argus.api.spi.EventSinkProvider;

import java.util.Optional;

/** Offers the NullSink for every configuration, at the lowest priority: any real sink wins. */
public final class NullSinkProvider implements EventSinkProvider {
    @Override
    public String name() {
        return "null";
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Optional<EventSink> open(ArgusConfig config) {
        return Optional.of(NullSink.INSTANCE);
    }
}
