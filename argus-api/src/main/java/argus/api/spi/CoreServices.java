package argus.api.spi;

import argus.api.health.Health;
import argus.api.metrics.MetricsSource;

import java.util.Map;

/**
 * What a running Argus core offers the rest of the product: its registry (read side), live health
 * and the fail-open error counter. In OSGi the core component registers this as a service and the
 * HTTP runtime and dashboard bundles bind to it; on the module path it reaches them inside a
 * {@link ServerContext}.
 */
public interface CoreServices {
    MetricsSource metrics();

    /** Live health of every subsystem, for {@code /healthz}. */
    Map<String, Health> health();

    /** Counts a failure in {@code argus_instrumentation_errors_total{hook}} (fail open, invariant 5). */
    void reportError(String hook, Throwable error);
}
