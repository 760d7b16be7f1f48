package argus.distribution.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The launcher's side of the one log. java.util.logging carries the launcher's lines and the framework's
 * ({@link FelixLogger}); argus.console's bridge sends JUL to logback ({@code conf/logback.xml}) while the
 * container runs. Before that, a handler on standard output writes the same format as logback's:
 * {@code argus.log.format} {@code text} (the pattern of conf/logback.xml) or {@code json} (the fields of
 * logback's JsonEncoder as configured there), so that every line of the log parses the same way.
 */
final class LogFormat extends Formatter {
    static final String FORMAT = "argus.log.format";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final boolean json;

    private LogFormat(boolean json) {
        this.json = json;
    }

    /** The launcher's logger; the root JUL handler writes to standard output in the configured format. */
    static Logger install() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        PrintStream out = System.out;
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    out.print(getFormatter().format(record));
                    out.flush();
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
        handler.setLevel(Level.INFO);
        handler.setFormatter(new LogFormat("json".equalsIgnoreCase(System.getProperty(FORMAT, "text"))));
        root.addHandler(handler);
        return Logger.getLogger("argus.launcher");
    }

    @Override
    public String format(LogRecord r) {
        String level = level(r.getLevel());
        String message = formatMessage(r);
        if (r.getThrown() != null) {
            message = message + " " + Launcher.describe(r.getThrown());
        }
        String thread = Thread.currentThread().getName();
        if (json) {
            return "{\"timestamp\":" + r.getMillis() + ",\"level\":\"" + level + "\",\"threadName\":" + quote(thread)
                    + ",\"loggerName\":" + quote(r.getLoggerName()) + ",\"mdc\": {},\"formattedMessage\":"
                    + quote(message) + ",\"throwable\":null}\n";
        }
        return TIME.format(OffsetDateTime.ofInstant(r.getInstant(), java.time.ZoneId.systemDefault()))
                + " " + String.format("%-5s", level) + " [" + thread + "] " + r.getLoggerName() + " - "
                + message.replaceAll("[\r\n]+", " | ") + "\n";
    }

    static String level(Level l) {
        int v = l.intValue();
        return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN"
                : v >= Level.INFO.intValue() ? "INFO" : v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Felix's own messages ({@code felix.log.level}) through JUL, logger {@code org.apache.felix.framework}, one line. */
    static final class FelixLogger extends org.apache.felix.framework.Logger {
        private static final Logger FELIX = Logger.getLogger("org.apache.felix.framework");

        @Override
        @SuppressWarnings("rawtypes") // Felix's Logger declares the raw type; the override must match it
        protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
            Level l = switch (level) {
                case LOG_ERROR -> Level.SEVERE;
                case LOG_WARNING -> Level.WARNING;
                case LOG_INFO -> Level.INFO;
                default -> Level.FINE;
            };
            String text = (bundle == null ? "" : "bundle " + bundle.getSymbolicName() + ": ") + msg
                    + (throwable == null ? "" : ": " + Launcher.describe(throwable));
            if (inside.get()) {
                // A message the framework logs while a log call is under way on this thread (slf4j binding
                // its provider, for instance): straight to standard output, never back into the log.
                System.out.print(new LogFormat("json".equalsIgnoreCase(System.getProperty(FORMAT, "text")))
                        .format(record(l, text)));
                return;
            }
            inside.set(true);
            try {
                FELIX.log(l, text);
            } catch (LinkageError | RuntimeException e) {
                System.out.print(new LogFormat(false).format(record(l, text + " (log unavailable: " + Launcher.describe(e) + ")")));
            } finally {
                inside.set(false);
            }
        }

        private static final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

        private static LogRecord record(Level l, String text) {
            LogRecord r = new LogRecord(l, text);
            r.setLoggerName(FELIX.getName());
            return r;
        }
    }
}
