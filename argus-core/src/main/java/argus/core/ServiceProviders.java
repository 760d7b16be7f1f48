package argus.core;

import argus.core.registry.MetricRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The optional modules' services, loaded so that one that cannot load costs only itself.
 *
 * <p>Why: a bot's build may resolve one of a module's dependencies at an older version than Argus
 * was built with. Spring Boot 3.5 pins the Prometheus client at 1.3.10 where
 * {@code argus-exporter-prometheus} needs 1.10, and loading its service then fails with
 * {@code NoClassDefFoundError}. {@link ServiceLoader} throws that out of {@code start()}, which took
 * the whole application down with it; instrumentation fails open, so the provider is left out with
 * one WARN line that names it and the missing class, and counted in
 * {@code argus_instrumentation_errors_total{hook="service_load"}}.
 */
final class ServiceProviders {
    static final String HOOK = "service_load";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProviders.class);
    /** ServiceLoader moves past a broken provider on a best-effort basis only: never loop on one. */
    private static final int MAX_FAILURES = 16;

    private ServiceProviders() {
    }

    /** Every provider of {@code type} that loads, in ServiceLoader's order. */
    static <T> List<T> load(Class<T> type, MetricRegistry registry) {
        List<T> loaded = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type).iterator();
        for (int failures = 0; failures < MAX_FAILURES; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                loaded.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                registry.countError(HOOK);
                LOG.warn("Argus left out a {} that could not be loaded ({}); the bot and the rest of Argus are "
                                + "unaffected. A dependency of that Argus module is missing or older than the one it "
                                + "was built with: check the versions your build resolves (README, \"Which artifact "
                                + "gives which feature\")", type.getSimpleName(), describe(e));
            }
        }
        return loaded;
    }

    /** The first provider of {@code type} that loads. */
    static <T> Optional<T> first(Class<T> type, MetricRegistry registry) {
        return load(type, registry).stream().findFirst();
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            b.append("; caused by ").append(c);
            if (c.getCause() == c) {
                break;
            }
        }
        return b.toString();
    }
}
