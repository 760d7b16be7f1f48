package argus.distribution.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
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
 */
public final class Launcher {
    /** Bundles started before all others, in this order: SPI Fly must weave slf4j's ServiceLoader call before
     *  any logger exists, and the slf4j provider must be registered by then. Overridable in config.properties. */
    public static final String START_FIRST = "argus.launcher.start.first";
    public static final String DEFAULT_START_FIRST = "org.apache.aries.spifly.dynamic.bundle,slf4j.simple,slf4j.api";
    static final String STOP_TIMEOUT = "argus.launcher.stop.timeout.ms";

    private static final PrintStream OUT = System.out;
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    private final Path home;
    private final Map<String, String> config;
    private final boolean debug;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Framework framework;

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
    int run() throws BundleException, InterruptedException {
        long t0 = System.nanoTime();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework (FrameworkFactory) in lib/"));
        Map<String, String> frameworkConfig = new LinkedHashMap<>(config);
        frameworkConfig.putIfAbsent(Constants.FRAMEWORK_STORAGE, home.resolve("cache").toString());
        frameworkConfig.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework fw = factory.newFramework(frameworkConfig);
        fw.init();
        framework = fw;
        BundleContext context = fw.getBundleContext();
        context.addFrameworkListener(Launcher::frameworkEvent);

        List<Bundle> installed = install(context, home.resolve("bundle"));
        fw.start();
        int failed = startAll(installed);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log("started " + (installed.size() - failed) + " of " + installed.size() + " bundles in " + ms + " ms"
                + (failed == 0 ? "" : " (" + failed + " failed, see above)"));

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
        // slf4j-simple reads system properties only.
        out.forEach((k, v) -> {
            if (k.startsWith("org.slf4j.")) {
                System.setProperty(k, v);
            }
        });
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

    private static void log(String line) {
        OUT.println("[argus] " + line);
    }
}
