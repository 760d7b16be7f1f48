package argus.osgi.it;

import argus.sink.clickhouse.ClickHouseTestServer;
import org.junit.After;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import javax.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.Assert.fail;

/**
 * Boots a real Apache Felix with exactly the bundles of the distribution's exploded folder (FileInstall
 * pointed at a per-run conf folder that fixes the HTTP port), plus Pax Exam's probe. Host side: the
 * {@link #config()} method; framework side: the test methods, which see the Argus bundles' packages
 * through the probe's dynamic imports.
 */
public abstract class ArgusOsgiSupport {
    /** Framework and host share one JVM (native container): system properties carry values across. */
    static final String PORT_PROPERTY = "argus.it.port";
    static final String DSN_PROPERTY = "argus.it.clickhouse";

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Inject
    protected ServiceComponentRuntime scr;

    private final List<String> touchedPids = new ArrayList<>();

    /** Extra host-side options for one test class. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws IOException {
        Path home = unpackDistribution();
        Path bundles = home.resolve("bundle");
        Path conf = confFolder();

        List<Option> options = new ArrayList<>();
        try (Stream<Path> jars = Files.list(bundles)) {
            // As the launcher does: SPI Fly before anything loads slf4j, so slf4j finds its provider.
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar"))
                    .sorted(java.util.Comparator.comparing((Path p) -> startRank(p.getFileName().toString()))
                            .thenComparing(Path::toString))
                    .toList()) {
                options.add(CoreOptions.bundle(jar.toUri().toString()).start(!isFragment(jar)));
            }
        }
        options.add(CoreOptions.junitBundles());
        options.add(CoreOptions.cleanCaches());
        // The distribution's own framework settings (conf/config.properties), as its launcher applies them;
        // only storage (Pax Exam's) and the FileInstall folder (per run, with the test's port) differ.
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("conf/config.properties"))) {
            shipped.load(in);
        }
        for (String key : shipped.stringPropertyNames()) {
            String value = shipped.getProperty(key).replace("${argus.home}", home.toString());
            if (key.startsWith("org.osgi.framework.storage") || key.startsWith("argus.launcher.")
                    || key.equals("felix.fileinstall.dir")) {
                continue;
            }
            if (key.equals("org.osgi.framework.system.packages.extra")) {
                // added to Pax Exam's own system packages, not replacing them
                options.add(CoreOptions.systemPackages(value.split(",(?=[a-z])")));
            } else if (key.startsWith("org.slf4j.")) {
                options.add(CoreOptions.systemProperty(key).value(value));
            } else {
                options.add(CoreOptions.frameworkProperty(key).value(value));
            }
        }
        options.add(CoreOptions.frameworkProperty("felix.fileinstall.dir").value(conf.toString()));
        // The test JVM's class path holds slf4j too: without this, Felix's implicit boot delegation hands
        // bundles that copy and slf4j-simple's provider fails with "not a subtype" (no logging at all).
        options.add(CoreOptions.frameworkProperty("felix.bootdelegation.implicit").value("false"));
        options.addAll(List.of(extraOptions()));
        return options.toArray(Option[]::new);
    }

    /**
     * The FileInstall folder with the HTTP port, made once per JVM: Pax Exam may call {@link #config()}
     * more than once, and every framework of this JVM must agree with {@link #port()}.
     */
    private static synchronized Path confFolder() throws IOException {
        String existing = System.getProperty("argus.it.conf");
        if (existing != null) {
            return Paths.get(existing);
        }
        int port = freePort();
        Path conf = Files.createTempDirectory("argus-it-conf");
        Files.writeString(conf.resolve("argus.http.cfg"), "host=127.0.0.1\nport=" + port + "\n");
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        System.setProperty("argus.it.conf", conf.toString());
        return conf;
    }

    /** Unpacks the distribution's .tar.gz (once per JVM) exactly as a user would, and returns its folder. */
    private static synchronized Path unpackDistribution() throws IOException {
        Path tar = Paths.get(System.getProperty("argus.dist.tar", "../distribution/target/argus-0.1.0.tar.gz"));
        if (!Files.isRegularFile(tar)) {
            throw new IllegalStateException("No distribution archive at " + tar + ": build the distribution module first");
        }
        Path into = Paths.get(System.getProperty("argus.dist.unpack", "target/dist"));
        Files.createDirectories(into);
        try {
            Process p = new ProcessBuilder("tar", "-xzf", tar.toAbsolutePath().toString(), "-C", into.toString())
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("tar -xzf " + tar + " failed with exit code " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        try (Stream<Path> top = Files.list(into)) {
            return top.filter(d -> Files.isDirectory(d.resolve("bundle"))).findFirst()
                    .orElseThrow(() -> new IOException("no bundle/ folder in " + tar));
        }
    }

    /** Host side: the real ClickHouse engine of the sink's integration tests (fixture, container or env). */
    static Option clickHouse() {
        return CoreOptions.systemProperty(DSN_PROPERTY).value(ClickHouseTestServer.dsn());
    }

    private static int startRank(String file) {
        if (file.startsWith("org.apache.aries.spifly") || file.startsWith("asm")) {
            return 0;
        }
        if (file.startsWith("slf4j")) {
            return 1;
        }
        // As the launcher does: Config Admin and FileInstall before Declarative Services, so that components
        // get their configuration at their first activation.
        return file.startsWith("org.apache.felix.configadmin") || file.startsWith("org.apache.felix.fileinstall") ? 2 : 3;
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest() != null && f.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    protected static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ framework side

    /** The port HTTP has been moved to by the running test, or null for the configured one. */
    protected volatile Integer movedPort;

    protected int port() {
        Integer moved = movedPort;
        return moved != null ? moved : Integer.getInteger(PORT_PROPERTY);
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** The state of a DS component's first configuration, or -1 when it has none (e.g. unsatisfied config). */
    protected int componentState(String name) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.equals(name)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    return c.state;
                }
                return -1;
            }
        }
        return -2;
    }

    /** Writes a configuration (as FileInstall or an admin would); deleted again after the test. */
    protected Configuration configure(String pid, Map<String, Object> properties) throws IOException {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> d = new Hashtable<>(properties);
        c.update(d);
        touchedPids.add(pid);
        return c;
    }

    protected void deleteConfiguration(String pid) throws IOException {
        configAdmin.getConfiguration(pid, "?").delete();
    }

    @After
    public void deleteTouchedConfigurations() throws IOException {
        for (String pid : touchedPids) {
            Configuration[] found;
            try {
                found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (found != null) {
                for (Configuration c : found) {
                    c.delete();
                }
            }
        }
        touchedPids.clear();
    }

    protected <T> T service(Class<T> type, String filter) {
        try {
            var refs = context.getServiceReferences(type, filter);
            ServiceReference<T> best = null;
            for (ServiceReference<T> r : refs) {
                if (best == null || r.compareTo(best) > 0) {
                    best = r;
                }
            }
            return best == null ? null : context.getService(best);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    protected <T> T awaitService(Class<T> type, String filter, Duration timeout) {
        T[] found = newArray(1);
        await(() -> (found[0] = type.cast(service(type, filter))) != null, timeout,
                () -> "no " + type.getSimpleName() + " service matching " + filter);
        return found[0];
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] newArray(int n) {
        return (T[]) new Object[n];
    }

    protected static void await(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + ": " + message.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    // ------------------------------------------------------------------ HTTP

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    protected record Reply(int status, String body) {
    }

    /** What the framework looks like, for failure messages: the HTTP runtime's state and configuration. */
    protected String diagnostics() {
        StringBuilder b = new StringBuilder("port ").append(port()).append("; argus.http state ")
                .append(componentState("argus.http"));
        try {
            Configuration[] configs = configAdmin.listConfigurations(null);
            if (configs != null) {
                for (Configuration c : configs) {
                    b.append("; config ").append(c.getPid()).append('=').append(c.getProperties());
                }
            }
        } catch (Exception e) {
            b.append("; configurations unreadable: ").append(e);
        }
        return b.toString();
    }

    /** The status of a GET of {@code url} (any server, not only Argus'), or -1 when nothing answers. */
    protected static int statusOf(String url) {
        return fetch(url).status();
    }

    /** The body of a GET of {@code url}, or "" when nothing answers. */
    protected static String bodyOf(String url) {
        Reply r = fetch(url);
        return r.status() < 0 ? "" : r.body();
    }

    private static Reply fetch(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }

    protected Reply get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e + " (" + diagnostics() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, "interrupted");
        }
    }

    /** The sum of the series of a metric whose line contains {@code part} (e.g. a label), or NaN. */
    protected double scrapeWhere(String metric, String part) {
        Reply r = get("/metrics");
        double sum = Double.NaN;
        for (String line : r.status() == 200 ? r.body().split("\n") : new String[0]) {
            if ((line.startsWith(metric + " ") || line.startsWith(metric + "{")) && line.contains(part)) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum = Double.isNaN(sum) ? v : sum + v;
            }
        }
        return sum;
    }

    /** The sum of every series of a metric on /metrics ({@code name} or {@code name{...}} lines), or NaN. */
    protected double scrape(String metric) {
        Reply r = get("/metrics");
        if (r.status() != 200) {
            return Double.NaN;
        }
        double sum = Double.NaN;
        for (String line : r.body().split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum = Double.isNaN(sum) ? v : sum + v;
            }
        }
        return sum;
    }

    /** Runs a query on the ClickHouse DSN over its HTTP interface and returns the trimmed text answer. */
    protected static String clickHouseQuery(String sql) {
        URI dsn = URI.create(System.getProperty(DSN_PROPERTY));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dsn.getScheme() + "://" + dsn.getHost() + ":"
                        + dsn.getPort() + "/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql));
        if (dsn.getRawUserInfo() != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    java.net.URLDecoder.decode(dsn.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
