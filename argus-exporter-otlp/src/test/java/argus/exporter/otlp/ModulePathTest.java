package argus.exporter.otlp;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This module is a JPMS module and an OSGi bundle with one identity (the distribution's PackagingTest
 * checks the same for the modules it ships; this one is not in the Felix container), and it works on
 * the module path with only its runtime dependencies there: core finds it as a push exporter, and the
 * OpenTelemetry exporter finds its JDK HTTP sender (a ServiceLoader lookup) and pushes.
 */
class ModulePathTest {

    @Test
    void theBundleHasTheModulesNameAndExports() throws Exception {
        Manifest mf;
        try (InputStream in = Files.newInputStream(Path.of("target", "classes", "META-INF", "MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        ModuleDescriptor module = ModuleFinder.of(Path.of("target", "classes")).find("argus.exporter.otlp")
                .orElseThrow().descriptor();
        var main = mf.getMainAttributes();
        assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo(module.name());
        assertThat(exported(main.getValue("Export-Package"))).isEqualTo(
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(main.getValue("Import-Package")).contains("io.opentelemetry.sdk.trace", "io.opentelemetry.exporter.otlp.http.metrics")
                .doesNotContain("com.sun.net.httpserver");
        assertThat(module.provides()).anySatisfy(p -> assertThat(p.service()).isEqualTo("argus.api.spi.PushExporterProvider"));
    }

    @Test
    void onTheModulePathCoreFindsItAndItPushesThroughTheJdkSender() throws Exception {
        List<Path> path = new ArrayList<>();
        path.add(Path.of("target", "classes"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if ((e.contains("/io/opentelemetry/opentelemetry-") || e.contains("/org/slf4j/slf4j-api/")
                    || e.contains("argus-api")) && !e.contains("/test-classes")) {
                path.add(Path.of(entry));
            }
        }
        ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(),
                Set.of("argus.exporter.otlp"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("argus.exporter.otlp");
        assertThat(loader.loadClass(OtlpProvider.class.getName())).as("from the layer, not the class path")
                .isNotSameAs(OtlpProvider.class);

        Class<?> provider = layer.findLoader("argus.api").loadClass("argus.api.spi.PushExporterProvider");
        assertThat(ServiceLoader.load(layer, provider).stream().map(p -> p.type().getName()))
                .containsExactly(OtlpProvider.class.getName());

        // One push from inside the layer: an empty registry, to a real receiver.
        Class<?> source = layer.findLoader("argus.api").loadClass("argus.api.metrics.MetricsSource");
        Object snapshot = layer.findLoader("argus.api").loadClass("argus.api.metrics.MetricsSnapshot")
                .getConstructor(long.class, List.class).newInstance(System.currentTimeMillis(), List.of());
        Object metrics = Proxy.newProxyInstance(source.getClassLoader(), new Class<?>[] {source},
                (proxy, method, args) -> method.getName().equals("snapshot") ? snapshot : null);
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Class<?> pusherType = loader.loadClass(OtlpMetricsPusher.class.getName());
            Method start = pusherType.getMethod("start", URI.class, Map.class, String.class, String.class, source, Duration.class);
            AutoCloseable pusher = (AutoCloseable) start.invoke(null, receiver.uri(), Map.of("x-probe", "module-path"),
                    "argus", "eu-1", metrics, Duration.ofHours(1));
            try {
                OtlpMetricsPushTest.await(() -> !receiver.metrics.isEmpty(), () -> "a push from the module layer");
            } finally {
                pusher.close();
            }
            assertThat(receiver.metrics.get(0).header("x-probe")).isEqualTo("module-path");
        }
        assertThat(cf.findModule("io.opentelemetry.exporter.sender.jdk.internal")).isPresent();
    }

    /** Package names of an Export-Package header (attributes and quoted uses lists skipped). */
    private static Set<String> exported(String header) {
        Set<String> out = new TreeSet<>();
        if (header == null) {
            return out;
        }
        StringBuilder token = new StringBuilder();
        boolean quoted = false;
        List<String> clauses = new ArrayList<>();
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(token.toString());
                token.setLength(0);
            } else {
                token.append(c);
            }
        }
        clauses.add(token.toString());
        for (String clause : clauses) {
            out.add(clause.split(";")[0].trim());
        }
        return out;
    }
}
