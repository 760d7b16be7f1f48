package argus.api.spi;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import argus.api.metrics.MetricsSource;
import argus.api.query.AnalyticsQuery;

import java.util.Map;
import java.util.Optional;

/** What the HTTP server is given by core: where to read, what to render with, whom to tell. */
public interface ServerContext {
    ArgusConfig config();

    MetricsSource metrics();

    /** The scrape format, when an exporter is present. */
    Optional<MetricsFormat> format();

    /** The analytics read side, when analytics is enabled. */
    Optional<AnalyticsQuery> analytics();

    /** Live health of every subsystem, for {@code /healthz}. */
    Map<String, Health> health();

    /** Counts a failure in {@code argus_instrumentation_errors_total{hook}} (fail open, invariant 5). */
    void reportError(String hook, Throwable error);
}
