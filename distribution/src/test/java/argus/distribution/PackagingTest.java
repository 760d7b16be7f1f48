package argus.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ModuleReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Argus jar is both a JPMS module and an OSGi bundle, and the two identities agree; the
 * runtime set resolves as a module graph and finds its services on the module path (no split
 * packages, no duplicate module names).
 */
class PackagingTest {
    /** Every Argus module on the runtime path (argus.discord.local: the demo's local Discord, used by the example bot). */
    private static final List<String> ARGUS_MODULES = List.of("argus.api", "argus.core", "argus.exporter.prometheus",
            "argus.sink.nullsink", "argus.sink.clickhouse", "argus.http", "argus.web", "argus.example.bot",
            "argus.discord.local");

    private static List<Path> runtimePath;
    private static Map<String, ModuleReference> argus;

    @BeforeAll
    static void readRuntimePath() throws IOException {
        String text = Files.readString(Path.of("target", "runtime-classpath.txt")).trim();
        runtimePath = new ArrayList<>();
        for (String entry : text.split(java.io.File.pathSeparator)) {
            runtimePath.add(Path.of(entry));
        }
        argus = new TreeMap<>();
        for (ModuleReference ref : ModuleFinder.of(runtimePath.toArray(Path[]::new)).findAll()) {
            if (ref.descriptor().name().startsWith("argus.")) {
                argus.put(ref.descriptor().name(), ref);
            }
        }
    }

    @Test
    void everyArgusArtifactIsANamedModule() {
        assertThat(argus.keySet()).containsExactlyInAnyOrderElementsOf(ARGUS_MODULES);
        for (ModuleReference ref : argus.values()) {
            assertThat(ref.descriptor().isAutomatic()).as(ref.descriptor().name() + " has a module-info").isFalse();
        }
    }

    @Test
    void bundleSymbolicNameIsTheModuleName() throws IOException {
        for (ModuleReference ref : argus.values()) {
            Manifest mf = manifest(ref);
            assertThat(mf.getMainAttributes().getValue("Bundle-ManifestVersion")).as(ref.descriptor().name()).isEqualTo("2");
            assertThat(mf.getMainAttributes().getValue("Bundle-SymbolicName")).isEqualTo(ref.descriptor().name());
            assertThat(mf.getMainAttributes().getValue("Bundle-Version")).isNotBlank();
        }
    }

    @Test
    void bundleExportsAreTheModuleExports() throws IOException {
        for (ModuleReference ref : argus.values()) {
            Set<String> moduleExports = ref.descriptor().exports().stream()
                    .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> bundleExports = exportedPackages(manifest(ref).getMainAttributes().getValue("Export-Package"));
            assertThat(bundleExports).as(ref.descriptor().name() + " Export-Package vs module-info exports")
                    .isEqualTo(moduleExports);
        }
    }

    @Test
    void moduleProvidesMatchServiceFilesForClassPathUsers() throws IOException {
        for (ModuleReference ref : argus.values()) {
            for (ModuleDescriptor.Provides p : ref.descriptor().provides()) {
                try (ModuleReader reader = ref.open()) {
                    Optional<InputStream> file = reader.open("META-INF/services/" + p.service());
                    assertThat(file).as(ref.descriptor().name() + " META-INF/services/" + p.service()).isPresent();
                    String listed = new String(file.get().readAllBytes()).trim();
                    assertThat(Set.of(listed.split("\\s+"))).isEqualTo(Set.copyOf(p.providers()));
                }
            }
        }
    }

    /** Invariant 1: core finds exporters, sinks, HTTP and the web only as services, never by requiring them. */
    @Test
    void coreRequiresNoBackend() {
        Set<String> required = argus.get("argus.core").descriptor().requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());

        assertThat(required).contains("argus.api")
                .doesNotContainAnyElementsOf(ARGUS_MODULES.stream().filter(m -> !m.equals("argus.api")).toList());
    }

    @Test
    void runtimeModulesResolveAndFindEveryServiceOnTheModulePath() throws Exception {
        ModuleFinder finder = ModuleFinder.of(runtimePath.toArray(Path[]::new));
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), Set.copyOf(ARGUS_MODULES));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
        assertThat(names(layer, "argus.api.spi.EventSinkProvider"))
                .containsExactlyInAnyOrder("argus.sink.clickhouse.ClickHouseSinkProvider", "argus.sink.nullsink.NullSinkProvider");
        assertThat(names(layer, "argus.api.spi.MetricsFormat")).containsExactly("argus.exporter.prometheus.PrometheusFormat");
        assertThat(names(layer, "argus.api.spi.HttpServerProvider")).containsExactly("argus.http.server.JettyServerProvider");
        assertThat(names(layer, "argus.http", "argus.http.RouteContributor")).containsExactly("argus.web.DashboardRoutes");
    }

    private static List<String> names(ModuleLayer layer, String service) throws ClassNotFoundException {
        return names(layer, "argus.api", service);
    }

    private static List<String> names(ModuleLayer layer, String module, String service) throws ClassNotFoundException {
        Class<?> type = layer.findLoader(module).loadClass(service);
        return ServiceLoader.load(layer, type).stream().map(p -> p.type().getName()).toList();
    }

    private static Manifest manifest(ModuleReference ref) throws IOException {
        try (ModuleReader reader = ref.open(); InputStream in = reader.open("META-INF/MANIFEST.MF").orElseThrow()) {
            return new Manifest(in);
        }
    }

    /** Package names from an Export-Package header (attributes and quoted uses lists skipped). */
    static Set<String> exportedPackages(String header) {
        Set<String> out = new TreeSet<>();
        for (String clause : clauses(header)) {
            out.add(clause.split(";")[0].trim());
        }
        return out;
    }

    /** The clauses of a manifest header, split at commas outside quotes. */
    static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        boolean quoted = false;
        StringBuilder clause = new StringBuilder();
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                if (!clause.toString().isBlank()) {
                    out.add(clause.toString().trim());
                }
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return out;
    }
}
