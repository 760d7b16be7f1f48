package argus.console;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerConsumer;
import org.osgi.service.log.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.logging.Handler;

/**
 * The container's one log, for the parts that do not log through slf4j themselves; started before
 * Declarative Services, Config Admin and FileInstall (see the launcher's start order):
 * <ul>
 *   <li>the OSGi Log Service ({@link LogService} and the R7 {@link LoggerFactory}), as a thin front of
 *       slf4j: Declarative Services and Config Admin log through it, so their lines get the one format and
 *       the levels of {@code conf/logback.xml}. An exception that is an Argus configuration error
 *       ({@code ConfigException}, which Argus has already explained in one line with the PID, key and fix)
 *       is logged at DEBUG only, so that an invalid {@code .cfg} costs one line and no stack trace;</li>
 *   <li>java.util.logging to slf4j (jul-to-slf4j), for FileInstall, SPI Fly and the launcher.</li>
 * </ul>
 */
public final class LogBridge implements BundleActivator {
    private ServiceRegistration<?> registration;
    private final List<Handler> julHandlers = new ArrayList<>();

    @Override
    public void start(BundleContext context) {
        // slf4j binds its provider (logback, through SPI Fly) now, while JUL still has its own handlers:
        // whatever the framework logs during that binding must not come back into slf4j through the bridge.
        org.slf4j.LoggerFactory.getLogger(LogBridge.class).debug("the OSGi Log Service and JUL go to slf4j");
        java.util.logging.Logger root = java.util.logging.LogManager.getLogManager().getLogger("");
        julHandlers.addAll(Arrays.asList(root.getHandlers()));
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("service.ranking", Integer.MIN_VALUE + 1);   // any other Log Service wins
        props.put("service.description", "Argus: the OSGi Log Service through slf4j (conf/logback.xml)");
        registration = context.registerService(new String[] {LogService.class.getName(), LoggerFactory.class.getName()},
                new ServiceFactory<Object>() {
                    @Override
                    public Object getService(Bundle bundle, ServiceRegistration<Object> reg) {
                        return new Service(bundle);
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<Object> reg, Object service) {
                        // stateless
                    }
                }, props);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
        }
        // While the framework stops, the bridge stays until the JVM exits: the launcher's last lines go
        // through it too. Stopped on its own (console), JUL gets its previous handlers back.
        if (context.getBundle(0).getState() != Bundle.STOPPING) {
            SLF4JBridgeHandler.uninstall();
            java.util.logging.Logger root = java.util.logging.LogManager.getLogManager().getLogger("");
            julHandlers.forEach(root::addHandler);
        }
        julHandlers.clear();
    }

    /** Levels of slf4j, in the order of the OSGi ones. */
    enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    static void emit(org.slf4j.Logger log, Level level, String message, Throwable t) {
        if (t != null && isConfigError(t)) {
            // Argus logged this one already, in one line; the trace only for whoever turns on DEBUG.
            log.debug(message, t);
            return;
        }
        if (t instanceof BundleException) {
            // The framework's refusal explains itself (FileInstall's "Failed to install artifact" for a jar
            // in deploy/ with a broken manifest, say): its messages in the line, the trace at DEBUG only.
            emit(log, level, message + ": " + chain(t), null);
            log.debug(message, t);
            return;
        }
        switch (level) {
            case ERROR -> log.error(message, t);
            case WARN -> log.warn(message, t);
            case INFO -> log.info(message, t);
            case DEBUG -> log.debug(message, t);
            default -> log.trace(message, t);
        }
    }

    static boolean enabled(org.slf4j.Logger log, Level level) {
        return switch (level) {
            case ERROR -> log.isErrorEnabled();
            case WARN -> log.isWarnEnabled();
            case INFO -> log.isInfoEnabled();
            case DEBUG -> log.isDebugEnabled();
            default -> log.isTraceEnabled();
        };
    }

    /** Each message of the cause chain, "message <- cause's message <- ...". */
    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName());
        }
        return sb.toString();
    }

    static boolean isConfigError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getClass().getName().equals("argus.api.config.ConfigException")) {
                return true;
            }
        }
        return false;
    }

    /** One bundle's Log Service: legacy calls log under the bundle's symbolic name. */
    static final class Service implements LogService {
        private final Bundle bundle;

        Service(Bundle bundle) {
            this.bundle = bundle;
        }

        private org.slf4j.Logger own() {
            String bsn = bundle.getSymbolicName();
            return org.slf4j.LoggerFactory.getLogger(bsn == null ? "bundle." + bundle.getBundleId() : bsn);
        }

        @Override
        @SuppressWarnings("deprecation") // LogService\'s R6 methods: an implementation must still provide them
        public void log(int level, String message) {
            log(null, level, message, null);
        }

        @Override
        @SuppressWarnings("deprecation") // LogService\'s R6 methods: an implementation must still provide them
        public void log(int level, String message, Throwable exception) {
            log(null, level, message, exception);
        }

        @Override
        @SuppressWarnings("deprecation") // LogService\'s R6 methods: an implementation must still provide them
        public void log(ServiceReference<?> sr, int level, String message) {
            log(sr, level, message, null);
        }

        @Override
        @SuppressWarnings("deprecation") // LogService\'s R6 methods: an implementation must still provide them
        public void log(ServiceReference<?> sr, int level, String message, Throwable exception) {
            Level l = switch (level) {
                case 1 -> Level.ERROR;
                case 2 -> Level.WARN;
                case 3 -> Level.INFO;
                default -> Level.DEBUG;
            };
            org.slf4j.Logger log = own();
            if (enabled(log, l)) {
                emit(log, l, message, exception);
            }
        }

        @Override
        public Logger getLogger(String name) {
            return logger(name);
        }

        @Override
        public Logger getLogger(Class<?> clazz) {
            return logger(clazz.getName());
        }

        @Override
        public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
            return loggerType.cast(logger(name));
        }

        @Override
        public <L extends Logger> L getLogger(Class<?> clazz, Class<L> loggerType) {
            return loggerType.cast(logger(clazz.getName()));
        }

        @Override
        public <L extends Logger> L getLogger(Bundle b, String name, Class<L> loggerType) {
            // The bundle's root logger (Declarative Services' own messages, for instance) under its name.
            boolean root = name == null || Logger.ROOT_LOGGER_NAME.equals(name);
            return loggerType.cast(logger(root && b != null ? b.getSymbolicName() : name));
        }
    }

    /**
     * An R7 {@link Logger} over an slf4j logger ({} placeholders, a trailing Throwable is the exception,
     * as in slf4j). FormatterLogger (printf style) is not offered: nothing in the container asks for it.
     */
    static Logger logger(String name) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(name == null ? "osgi" : name);
        Logger[] self = new Logger[1];
        self[0] = (Logger) Proxy.newProxyInstance(LogBridge.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    String m = method.getName();
                    switch (m) {
                        case "getName": return log.getName();
                        case "toString": return "Logger[" + log.getName() + "]";
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        default: break;
                    }
                    boolean check = m.startsWith("is") && m.endsWith("Enabled");
                    String levelName = check ? m.substring(2, m.length() - "Enabled".length()) : m;
                    Level level = switch (levelName.toLowerCase(java.util.Locale.ROOT)) {
                        case "error" -> Level.ERROR;
                        case "warn" -> Level.WARN;
                        case "info", "audit" -> Level.INFO;
                        case "debug" -> Level.DEBUG;
                        default -> Level.TRACE;
                    };
                    boolean on = "audit".equals(levelName) || enabled(log, level);
                    if (check) {
                        return on;
                    }
                    if (!on || args == null || args.length == 0) {
                        return null;
                    }
                    if (args[0] instanceof LoggerConsumer<?> consumer) {
                        @SuppressWarnings("unchecked")
                        LoggerConsumer<RuntimeException> c = (LoggerConsumer<RuntimeException>) consumer;
                        c.accept(self[0]);
                        return null;
                    }
                    Object[] params;
                    if (args.length == 2 && args[1] instanceof Object[] varargs && method.isVarArgs()) {
                        params = varargs;
                    } else {
                        params = Arrays.copyOfRange(args, 1, args.length);
                    }
                    FormattingTuple tuple = MessageFormatter.arrayFormat(String.valueOf(args[0]), params);
                    Throwable t = tuple.getThrowable();
                    if (t == null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
                        t = last;
                    }
                    emit(log, level, tuple.getMessage(), t);
                    return null;
                });
        return self[0];
    }
}
