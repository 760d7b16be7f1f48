package argus.distribution;

import argus.distribution.launcher.Launcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exploded distribution's {@code bundle/} folder, exactly, in a real Felix (in-process, with the
 * distribution's own {@code conf/config.properties}): every bundle resolves and every non-fragment
 * bundle reaches ACTIVE. On failure each unresolved bundle is listed with the resolver's explanation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResolveTest {
    private static Framework framework;
    private static List<Bundle> bundles;
    private static final List<String> frameworkErrors = new CopyOnWriteArrayList<>();

    static Path distDir() throws IOException {
        String configured = System.getProperty("argus.dist.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("target"), "argus-*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d.resolve("bundle"))) {
                    return d;
                }
            }
        }
        throw new IllegalStateException("no exploded distribution under target/ (run mvn package first)");
    }

    @BeforeAll
    static void installEveryBundle() throws Exception {
        Path dist = distDir().toAbsolutePath();
        System.setProperty("argus.home", dist.toString());
        Map<String, String> config = new LinkedHashMap<>(Launcher.loadConfig(dist.resolve("conf/config.properties")));
        Path storage = Path.of("target", "resolve-test-felix").toAbsolutePath();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Leave the distribution's conf/ alone: FileInstall watches a scratch folder here.
        Path conf = Path.of("target", "resolve-test-conf").toAbsolutePath();
        Files.createDirectories(conf);
        config.put("felix.fileinstall.dir", conf.toString());
        // This JVM's class path holds slf4j and other bundle contents (bin/argus's holds only the launcher and
        // Felix): without this, Felix's implicit boot delegation would load ServiceLoader providers from it.
        config.put("felix.bootdelegation.implicit", "false");

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        framework = factory.newFramework(config);
        framework.init();
        BundleContext context = framework.getBundleContext();
        context.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.ERROR) {
                frameworkErrors.add((e.getBundle() == null ? "framework" : e.getBundle().getSymbolicName()) + ": "
                        + Launcher.describe(e.getThrowable()));
            }
        });
        List<Path> jars;
        try (var files = Files.list(dist.resolve("bundle"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.comparing(Path::toString)).toList();
        }
        bundles = new ArrayList<>();
        for (Path jar : jars) {
            bundles.add(context.installBundle(jar.toUri().toString()));
        }
        framework.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    @Order(1)
    void bundleFolderHoldsTheRuntimeAndEveryArgusBundle() {
        List<String> names = bundles.stream().map(Bundle::getSymbolicName).toList();
        assertThat(names).contains("argus.api", "argus.core", "argus.exporter.prometheus", "argus.sink.nullsink",
                "argus.sink.clickhouse", "argus.http", "argus.web", "argus.example.bot", "argus.discord.local",
                "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.fileinstall",
                "org.apache.felix.metatype", "org.apache.aries.spifly.dynamic.bundle", "slf4j.api", "ch.qos.logback.classic", "jul.to.slf4j",
                "net.dv8tion.jda", "com.clickhouse.jdbc", "org.eclipse.jetty.server",
                "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.shell", "org.apache.felix.gogo.command",
                "argus.console");
        assertThat(names).doesNotHaveDuplicates();
        // A plain jar would install as an R3 bundle that exports nothing and "starts" silently: refuse it.
        List<String> notBundles = bundles.stream()
                .filter(b -> !"2".equals(b.getHeaders().get(Constants.BUNDLE_MANIFESTVERSION)))
                .map(Bundle::getLocation).toList();
        assertThat(notBundles).as("jars in bundle/ without an OSGi R4+ manifest (wrap them in osgi-wrap/)").isEmpty();
    }

    @Test
    @Order(2)
    void everyBundleResolves() {
        framework.adapt(FrameworkWiring.class).resolveBundles(bundles);
        List<Bundle> unresolved = bundles.stream().filter(b -> b.getState() == Bundle.INSTALLED).toList();
        String report = unresolved.stream().map(ResolveTest::explain).collect(Collectors.joining("\n"));
        if (!report.isEmpty()) {
            System.out.println("UNRESOLVED BUNDLES\n" + report);
        }
        assertThat(unresolved).as("unresolved bundles:\n" + report).isEmpty();
    }

    @Test
    @Order(3)
    void everyNonFragmentBundleBecomesActive() throws Exception {
        // The launcher's order: SPI Fly and the slf4j provider before anything that logs.
        List<Bundle> order = new ArrayList<>();
        for (String bsn : Launcher.DEFAULT_START_FIRST.split(",")) {
            bundles.stream().filter(b -> bsn.equals(b.getSymbolicName())).forEach(order::add);
        }
        bundles.stream().filter(b -> !order.contains(b)).forEach(order::add);
        List<String> failures = new ArrayList<>();
        for (Bundle b : order) {
            if (isFragment(b)) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException | RuntimeException e) {
                failures.add(b.getSymbolicName() + ": " + Launcher.describe(e));
            }
        }
        List<String> notActive = bundles.stream().filter(b -> !isFragment(b) && b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " (state " + b.getState() + ")").toList();
        failures.forEach(f -> System.out.println("START FAILED " + f));
        frameworkErrors.forEach(f -> System.out.println("FRAMEWORK ERROR " + f));
        assertThat(failures).as("bundles that failed to start").isEmpty();
        assertThat(notActive).as("non-fragment bundles not ACTIVE").isEmpty();
        assertThat(frameworkErrors).as("framework errors").isEmpty();
    }

    /**
     * Core counts log records through Logback (discord_log_records_total) where Logback is the backend: its
     * Logback imports are optional (a Felix with another backend still resolves core), and wired here.
     */
    @Test
    @Order(4)
    void coreImportsLogbackOptionallyAndIsWiredToIt() {
        Bundle core = bundles.stream().filter(b -> "argus.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
        List<BundleRequirement> logback = core.adapt(BundleRevision.class)
                .getDeclaredRequirements("osgi.wiring.package").stream()
                .filter(r -> r.getDirectives().get("filter").contains("ch.qos.logback")).toList();
        assertThat(logback).as("core's Logback imports").isNotEmpty()
                .allSatisfy(r -> assertThat(r.getDirectives()).containsEntry("resolution", "optional"));
        Map<String, String> wired = new LinkedHashMap<>();
        for (BundleWire w : core.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package")) {
            String pkg = String.valueOf(w.getCapability().getAttributes().get("osgi.wiring.package"));
            if (pkg.startsWith("ch.qos.logback")) {
                wired.put(pkg, w.getProvider().getSymbolicName());
            }
        }
        assertThat(wired).containsEntry("ch.qos.logback.classic.turbo", "ch.qos.logback.classic")
                .containsEntry("ch.qos.logback.core.spi", "ch.qos.logback.core");
    }

    private static boolean isFragment(Bundle b) {
        return (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** The resolver's own explanation (start() on an unresolvable bundle) plus each declared requirement. */
    private static String explain(Bundle b) {
        StringBuilder sb = new StringBuilder(b.getSymbolicName() + " " + b.getVersion() + " (" + b.getLocation() + ")\n");
        if (!isFragment(b)) {
            try {
                b.start();
                b.stop();
            } catch (BundleException e) {
                return sb.append("  resolver: ").append(e.getMessage()).append('\n').toString();
            }
        }
        // A fragment (or no explanation): its mandatory requirements, for a look at which one is missing.
        for (BundleRequirement req : b.adapt(BundleRevision.class).getDeclaredRequirements(null)) {
            if (!"optional".equals(req.getDirectives().get("resolution"))) {
                sb.append("  requires ").append(req.getNamespace()).append(' ').append(req.getDirectives().get("filter")).append('\n');
            }
        }
        return sb.toString();
    }
}
