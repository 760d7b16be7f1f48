package argus.api.spi;

import argus.api.config.ArgusConfig;
import argus.api.query.AnalyticsQuery;
import argus.api.sink.EventSink;

import java.util.Optional;

/**
 * Finds an {@link EventSink} on the module path ({@code ServiceLoader}). Core asks every provider
 * and binds the applicable one with the highest {@link #priority()}; NullSink has the lowest.
 */
public interface EventSinkProvider {

    /** Short name for logs, e.g. {@code clickhouse}. */
    String name();

    /** Higher wins among providers whose {@link #open} returns a sink. */
    int priority();

    /**
     * Opens a sink for this configuration, or empty when the configuration does not ask for this kind.
     * Must not block on the network: connect lazily and report health instead.
     *
     * @throws argus.api.config.ConfigException when the configuration asks for this sink but is invalid
     */
    Optional<EventSink> open(ArgusConfig config);

    /** The read side over the same store, when this provider has one and the configuration enables it. */
    default Optional<AnalyticsQuery> openQuery(ArgusConfig config) {
        return Optional.empty();
    }
}
