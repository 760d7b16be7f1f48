package argus.core;

import argus.core.logback.LogbackRecords;
import argus.core.registry.Counter;
import argus.core.registry.MetricRegistry;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code discord_log_records_total{logger,level}}: the bot's log records, counted through its SLF4J
 * backend, as argus-dpy counts Python's {@code logging} records. Only Logback lets Argus see every
 * record (a turbo filter, {@link LogbackRecords}); with any other backend (slf4j-simple, or none) the
 * family stays registered and empty, so the series is absent. Switched by {@code log_metrics}, in
 * place; what was counted stays counted.
 *
 * <p>This class names no Logback type: {@link LogbackRecords} (in an unexported package) is loaded only
 * once the backend is known to be Logback, so core runs without Logback on the path (it is an optional
 * dependency).
 */
final class LogRecords {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecords.class);
    static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private final MetricRegistry registry;
    private final Counter records;
    private final ILoggerFactory backend;
    private AutoCloseable tap; // guarded by this
    private boolean reported; // guarded by this: "not Logback" is said once

    LogRecords(MetricRegistry registry, String namespace, ILoggerFactory backend) {
        this.registry = registry;
        this.backend = backend;
        Catalogue.Metric m = Catalogue.LOG_RECORDS;
        this.records = registry.counter(m.name(namespace), m.help(), m.labelArray());
    }

    /** Starts or stops counting; idempotent. Never throws: a backend that refuses leaves the series absent. */
    synchronized void enable(boolean on) {
        if (on && tap == null) {
            tap = open();
        } else if (!on && tap != null) {
            try {
                tap.close();
            } catch (Exception | LinkageError e) {
                registry.recordError("log_records", e);
            }
            tap = null;
        }
    }

    /** Whether records are being counted (Logback found and the setting on). */
    synchronized boolean counting() {
        return tap != null;
    }

    private AutoCloseable open() {
        if (backend == null || !isLogback(backend.getClass())) {
            if (!reported) {
                reported = true;
                LOG.debug("Log records are not counted: the SLF4J backend is {}, not Logback",
                        backend == null ? "none" : backend.getClass().getName());
            }
            return null;
        }
        try {
            return LogbackRecords.install(backend, records, registry);
        } catch (RuntimeException | LinkageError e) {
            // E.g. in OSGi, core resolved before a Logback bundle was installed: its optional import is unwired.
            registry.recordError("log_records", e);
            return null;
        }
    }

    /** By name, so that the check itself loads no Logback class (a subclass of the context counts too). */
    static boolean isLogback(Class<?> factory) {
        for (Class<?> c = factory; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(LOGBACK_CONTEXT)) {
                return true;
            }
        }
        return false;
    }
}
