package argus.distribution.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the Argus container: an embedded OSGi framework (Apache Felix, found through
 * {@link FrameworkFactory}) that installs every jar in {@code bundle/} and starts each one that is not a
 * fragment. Framework properties come from {@code conf/config.properties} ({@code ${argus.home}} and other
 * {@code ${...}} references expand to system properties). SIGTERM and SIGINT stop the framework gracefully
 * and exit with code 0 (code 1 when the framework does not stop in time).
 *
 * <p>Once started it logs one summary line (bundles, components, what is missing, where HTTP listens),
 * and, when {@code argus.console=on} (bin/argus sets it when it runs in a terminal), runs the Gogo console
 * on this process' standard input. The framework storage is private to the user (mode 0700) and removed
 * after a clean stop: it holds Config Admin's copy of every configuration, tokens included.
 */
public final class Launcher {
    /** Bundles started before all others, in this order: SPI Fly must weave slf4j's ServiceLoader call before
     *  any logger exists, and the slf4j provider must be registered by then. Overridable in config.properties. */
    public static final String START_FIRST = "argus.launcher.start.first";
    public static final String DEFAULT_START_FIRST = "org.apache.aries.spifly.dynamic.bundle,ch.qos.logback.core,"
            + "ch.qos.logback.classic,slf4j.api,jul.to.slf4j,org.osgi.service.log,argus.console,"
            + "org.apache.felix.configadmin,org.apache.felix.fileinstall";
    static final String STOP_TIMEOUT = "argus.launcher.stop.timeout.ms";
    /** How long the start-up summary waits for HTTP to listen before it is logged anyway. */
    static final String SUMMARY_WAIT = "argus.launcher.summary.wait.ms";
    /** on: the Gogo console on standard input; anything else: no console (bin/argus decides, see there). */
    static final String CONSOLE = "argus.console";
    static final String PID_FILE = "argus.pid.file";
    /** A port: the remote console (Gogo's telnetd) listens there, on 127.0.0.1 only; empty or 0: none (the default). */
    static final String REMOTE_CONSOLE_PORT = "argus.console.remote.port";

    private static final PrintStream OUT = System.out;
    private static final java.util.logging.Logger LOG = LogFormat.install();
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    private final Path home;
    private final Map<String, String> config;
    private final boolean debug;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Framework framework;
    private volatile Path storage;
    private volatile PipedOutputStream consoleFeed;
    private volatile Thread consoleThread;
    private volatile boolean frameworkStopping;

    Launcher(Path home, Map<String, String> config) {
        this.home = home;
        this.config = config;
        this.debug = Boolean.parseBoolean(config.getOrDefault("argus.launcher.debug", "false"));
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("argus.home", ".")).toAbsolutePath().normalize();
        System.setProperty("argus.home", home.toString());
        Map<String, String> config = loadConfig(home.resolve("conf").resolve("config.properties"));
        Launcher launcher = new Launcher(home, config);
        launcher.installSignalHandlers();
        int code;
        try {
            code = launcher.run();
        } catch (BundleException | RuntimeException e) {
            log("ERROR framework failed: " + describe(e));
            if (launcher.debug) {
                e.printStackTrace(OUT);
            }
            code = 1;
        }
        if (launcher.stopping.get()) {
            // A signal stopped the framework: let stop() finish its log before the JVM goes.
            launcher.stopped.await();
        }
        OUT.flush();
        System.exit(code);
    }

    /** Starts the framework and the bundles, then waits until the framework stops. */
    @SuppressWarnings("unchecked")
    int run() throws BundleException, InterruptedException {
        long t0 = System.nanoTime();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework (FrameworkFactory) in lib/"));
        Map<String, String> frameworkConfig = new LinkedHashMap<>(config);
        frameworkConfig.putIfAbsent(Constants.FRAMEWORK_STORAGE, home.resolve("cache").toString());
        frameworkConfig.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The framework's own messages (felix.log.level) through JUL as well, one line each.
        ((Map<String, Object>) (Map<String, ?>) frameworkConfig).put("felix.log.logger", new LogFormat.FelixLogger());
        Framework fw = factory.newFramework(frameworkConfig);
        fw.init();
        framework = fw;
        // After init: a clean start deletes and recreates the storage folder. bin/argus runs with umask 077
        // already; this also covers a launcher started some other way.
        storage = Path.of(frameworkConfig.get(Constants.FRAMEWORK_STORAGE));
        makePrivate(storage);
        writePidFile();
        BundleContext context = fw.getBundleContext();
        context.addFrameworkListener(Launcher::frameworkEvent);
        // However the framework stops (a signal, or "stop 0" in the console), the console first reads the
        // end of its input and returns, before Gogo closes its session under it.
        context.addBundleListener((SynchronousBundleListener) event -> {
            if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
                frameworkStopping = true;
                closeConsole();
            }
        });

        List<Bundle> installed = install(context, home.resolve("bundle"));
        fw.start();
        int failed = startAll(installed);
        String summary = awaitSummary(context);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log("started " + (installed.size() - failed) + " of " + installed.size() + " bundles in " + ms + " ms"
                + (failed == 0 ? "" : " (" + failed + " failed, see above)") + summary);
        if ("on".equals(System.getProperty(CONSOLE, config.getOrDefault(CONSOLE, "off")))) {
            startConsole(context);
        }
        startRemoteConsole(context);

        FrameworkEvent end = fw.waitForStop(0);
        if (end.getType() == FrameworkEvent.ERROR) {
            log("ERROR framework stopped with an error: " + describe(end.getThrowable()));
            return 1;
        }
        return 0;
    }

    private List<Bundle> install(BundleContext context, Path dir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            files.forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        jars.sort(Comparator.comparing(Path::toString));
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            try {
                // reference: Felix reads the jar in place instead of copying it into the cache.
                bundles.add(context.installBundle("reference:" + jar.toUri()));
            } catch (BundleException e) {
                log("ERROR bundle " + jar.getFileName() + " could not be installed: " + describe(e));
            }
        }
        return bundles;
    }

    /** Starts every non-fragment bundle (the configured ones first); returns how many failed. */
    private int startAll(List<Bundle> installed) {
        List<Bundle> order = new ArrayList<>();
        for (String bsn : config.getOrDefault(START_FIRST, DEFAULT_START_FIRST).split(",")) {
            installed.stream().filter(b -> bsn.trim().equals(b.getSymbolicName())).forEach(order::add);
        }
        installed.stream().filter(b -> !order.contains(b)).forEach(order::add);
        int failed = 0;
        for (Bundle b : order) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException | RuntimeException e) {
                failed++;
                log("ERROR bundle " + b.getSymbolicName() + " " + b.getVersion() + " failed to start: " + describe(e));
                if (debug) {
                    e.printStackTrace(OUT);
                }
            }
        }
        return failed;
    }

    /**
     * "; N components active; bots B; listening on host:port" from argus.console's summary service (a
     * {@code Supplier<String>}: a JDK type, the only kind this class path shares with the bundles), once HTTP
     * listens or after {@link #SUMMARY_WAIT}; what is missing is in it. Empty without argus.console.
     */
    private String awaitSummary(BundleContext context) throws InterruptedException {
        long deadline = System.nanoTime() + Long.parseLong(config.getOrDefault(SUMMARY_WAIT, "15000")) * 1_000_000;
        String last = null;
        do {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences(Supplier.class.getName(), "(argus.launcher.summary=true)");
                if (refs != null) {
                    Object service = context.getService(refs[0]);
                    if (service instanceof Supplier<?> supplier) {
                        try {
                            last = String.valueOf(supplier.get());
                        } finally {
                            context.ungetService(refs[0]);
                        }
                        if (last.contains("listening on ")) {
                            break;
                        }
                    }
                }
            } catch (InvalidSyntaxException | RuntimeException e) {
                last = "summary unavailable: " + describe(e);
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline && framework.getState() == Bundle.ACTIVE);
        return last == null ? "" : "; " + last;
    }

    /**
     * The Gogo console on standard input, run by the launcher rather than by the shell bundle (whose own
     * session is told {@code --nointeractive} in config.properties): the launcher owns standard input and
     * feeds the session through a pipe it can close, so a stop never waits on a thread blocked reading a
     * terminal. End of input (Ctrl-D, or the end of a piped script) stops Argus, as closing the terminal would.
     * Reflection on Gogo's two API interfaces: this class path shares no Gogo type with the bundles.
     */
    private void startConsole(BundleContext context) {
        Thread console = new Thread(() -> {
            try {
                Object processor = awaitService(context, "org.apache.felix.service.command.CommandProcessor",
                        "(objectClass=org.apache.felix.service.command.CommandProcessor)");
                // The shell's own commands (gosh itself) are registered right after the processor.
                awaitService(context, "*", "(osgi.command.function=gosh)");
                if (processor == null) {
                    log("WARN console: no Gogo command processor (org.apache.felix.gogo.runtime) is active");
                    return;
                }
                ClassLoader gogo = processor.getClass().getClassLoader();
                Class<?> processorType = Class.forName("org.apache.felix.service.command.CommandProcessor", false, gogo);
                Class<?> sessionType = Class.forName("org.apache.felix.service.command.CommandSession", false, gogo);
                PipedInputStream keyboard = new PipedInputStream(4096);
                PipedOutputStream feed = new PipedOutputStream(keyboard);
                consoleFeed = feed;
                startInputPump(feed);
                Method create = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
                Object session = create.invoke(processor, keyboard, OUT, OUT);
                // --login reads ${gosh.home}/etc/gosh_profile from the distribution (a file: URL, so it
                // works with felix.service.urlhandlers=false, unlike the profile inside the shell bundle).
                sessionType.getMethod("execute", CharSequence.class).invoke(session, "gosh --login --noshutdown");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ReflectiveOperationException | IOException | RuntimeException e) {
                if (!stopping.get() && !frameworkStopping) {
                    log("WARN console: " + describe(e));
                }
            }
        }, "argus-console");
        console.setDaemon(true);
        consoleThread = console;
        console.start();
    }

    /**
     * The remote console for headless servers, when {@link #REMOTE_CONSOLE_PORT} names a port: the Gogo shell
     * bundle's own {@code telnetd}, started through a session of the command processor, bound to 127.0.0.1
     * whatever else is configured (it asks no password, so it must never face a network; reach it from the
     * host or through an SSH tunnel). Each connection is a console like the local one ({@code --noshutdown}:
     * closing it leaves Argus running).
     */
    private void startRemoteConsole(BundleContext context) throws InterruptedException {
        String value = config.getOrDefault(REMOTE_CONSOLE_PORT, "").trim();
        if (value.isEmpty() || value.equals("0")) {
            return;
        }
        int port;
        try {
            port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            log("WARN remote console off: " + REMOTE_CONSOLE_PORT + "=" + value + " is not a port (1-65535)");
            return;
        }
        Object processor = awaitService(context, "org.apache.felix.service.command.CommandProcessor",
                "(objectClass=org.apache.felix.service.command.CommandProcessor)");
        if (processor == null || awaitService(context, "*", "(osgi.command.function=telnetd)") == null) {
            log("WARN remote console off: no Gogo command processor with telnetd (org.apache.felix.gogo.shell) is active");
            return;
        }
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        try {
            ClassLoader gogo = processor.getClass().getClassLoader();
            Class<?> processorType = Class.forName("org.apache.felix.service.command.CommandProcessor", false, gogo);
            Class<?> sessionType = Class.forName("org.apache.felix.service.command.CommandSession", false, gogo);
            Object session = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                    .invoke(processor, InputStream.nullInputStream(), answer, answer);
            try {
                sessionType.getMethod("execute", CharSequence.class)
                        .invoke(session, "telnetd --ip=127.0.0.1 --port=" + port + " start");
            } finally {
                sessionType.getMethod("close").invoke(session);
            }
            log("remote console (telnet, no password) listening on 127.0.0.1:" + port);
        } catch (java.lang.reflect.InvocationTargetException e) {
            log("WARN remote console off: cannot listen on 127.0.0.1:" + port + ": " + describe(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log("WARN remote console off: " + describe(e) + " " + answer.toString().trim());
        }
    }

    /** Standard input into the console's pipe; at its end, a clean stop of Argus. */
    private void startInputPump(PipedOutputStream feed) {
        Thread pump = new Thread(() -> {
            byte[] buf = new byte[1024];
            try (feed) {
                for (int n; (n = System.in.read(buf)) >= 0; ) {
                    feed.write(buf, 0, n);
                    feed.flush();
                }
            } catch (IOException closed) {
                return; // the console went away (framework stopping): nothing to feed
            }
            if (!stopping.get() && !frameworkStopping) {
                log("end of console input, stopping");
                System.exit(stop() ? 0 : 1);
            }
        }, "argus-console-input");
        pump.setDaemon(true);
        pump.start();
    }

    /** End of input for the console, then a short wait for it to return: no thread left blocked on a read. */
    private void closeConsole() {
        PipedOutputStream feed = consoleFeed;
        Thread console = consoleThread;
        if (feed == null) {
            return;
        }
        try {
            feed.close();
            if (console != null) {
                console.join(2_000);
            }
        } catch (IOException alreadyClosed) {
            // the console's input ended first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object awaitService(BundleContext context, String type, String filter) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences("*".equals(type) ? null : type, filter);
                if (refs != null) {
                    return context.getService(refs[0]);
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            Thread.sleep(20);
        }
        return null;
    }

    /** bin/argus start's pid file ({@code argus.pid.file}): this process, removed again when it stops. */
    private void writePidFile() {
        String file = System.getProperty(PID_FILE);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Path p = Path.of(file);
            Files.createDirectories(p.toAbsolutePath().getParent());
            Files.writeString(p, ProcessHandle.current().pid() + "\n");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // bin/argus status reports a stale pid file
                }
            }, "argus-pid-file"));
        } catch (IOException e) {
            log("WARN cannot write the pid file " + file + ": " + describe(e));
        }
    }

    /** rwx for the owner only, on the folder and everything already in it. */
    static void makePrivate(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        } catch (IOException | UnsupportedOperationException e) {
            log("WARN cannot make " + dir + " private to this user: " + describe(e));
        }
    }

    /** The framework storage after a clean stop: recreated at the next start anyway, and it holds secrets. */
    private void removeStorage() {
        Path dir = storage;
        if (dir == null || !Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT.equals(
                config.getOrDefault(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT))) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log("WARN cannot remove the framework storage " + dir + ": " + describe(e));
        }
    }

    private static void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            Bundle b = event.getBundle();
            log("ERROR " + (b == null ? "framework" : "bundle " + b.getSymbolicName()) + ": " + describe(event.getThrowable()));
        } else if (event.getType() == FrameworkEvent.WARNING) {
            log("WARN " + (event.getBundle() == null ? "framework" : "bundle " + event.getBundle().getSymbolicName())
                    + ": " + describe(event.getThrowable()));
        }
    }

    /** SIGTERM / SIGINT: stop the framework, wait, exit 0. Replacing the JVM's handlers (rather than a
     *  shutdown hook) is what lets the exit code be 0 instead of 128+signal. */
    private void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    log("SIG" + signal.getName() + " received, stopping");
                    System.exit(stop() ? 0 : 1);
                });
            } catch (IllegalArgumentException unsupported) {
                // e.g. the JVM was started with -Xrs: the shutdown hook below still stops the framework
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "argus-shutdown"));
    }

    /** Stops the framework once; true when it stopped within the timeout. */
    boolean stop() {
        Framework fw = framework;
        if (fw == null || !stopping.compareAndSet(false, true)) {
            return true;
        }
        long timeout = Long.parseLong(config.getOrDefault(STOP_TIMEOUT, "30000"));
        try {
            fw.stop();
            FrameworkEvent event = fw.waitForStop(timeout);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log("ERROR framework did not stop within " + timeout + " ms");
                return false;
            }
            removeStorage();
            log("stopped");
            return true;
        } catch (BundleException | InterruptedException e) {
            log("ERROR stopping the framework: " + describe(e));
            return false;
        } finally {
            OUT.flush();
            stopped.countDown();
        }
    }

    /** The properties file, each value with {@code ${name}} expanded from system properties (or the file). */
    public static Map<String, String> loadConfig(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            out.put(key, expand(props.getProperty(key), props));
        }
        // System properties win, so that -Dkey=value on the command line overrides the file.
        for (String key : System.getProperties().stringPropertyNames()) {
            if (out.containsKey(key)) {
                out.put(key, System.getProperty(key));
            }
        }
        return out;
    }

    static String expand(String value, Properties file) {
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = System.getProperty(name, file.getProperty(name, ""));
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A throwable as one line per cause ("message <- cause message"), no stack. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "(no detail)";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName());
        }
        return sb.toString();
    }

    /**
     * The launcher's own lines, through java.util.logging (logger {@code argus.launcher}): once the
     * container runs, argus.console's JUL bridge sends them to logback with everything else; before (and
     * when the bridge is missing) {@link LogFormat} writes them to standard output in the same format.
     * A leading "ERROR " or "WARN " sets the level too. Messages keep their "[argus] " prefix.
     */
    private static void log(String line) {
        java.util.logging.Level level = java.util.logging.Level.INFO;
        if (line.startsWith("ERROR ")) {
            level = java.util.logging.Level.SEVERE;
        } else if (line.startsWith("WARN ")) {
            level = java.util.logging.Level.WARNING;
        }
        LOG.log(level, "[argus] " + line);
    }
}
