package argus.api.spi;

import java.util.Optional;

/**
 * Pushes the metrics somewhere (a Prometheus Pushgateway, …) for hosts nobody can scrape. Found with
 * {@code ServiceLoader} on the module path; provided by argus.exporter.prometheus.
 */
public interface PushExporterProvider {
    /**
     * Starts pushing on a thread of its own if {@code context}'s configuration asks for it, else
     * returns empty. A receiver that is down is reported through {@link CoreServices#subsystem} and
     * logged, never thrown into the bot. Closing the result stops pushing (and cleans up what the
     * receiver keeps, where it keeps anything).
     *
     * @throws argus.api.config.ConfigException for a setting the provider cannot use
     */
    Optional<AutoCloseable> start(ServerContext context);
}
