package argus.distribution;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bundle this project builds (the {@code dev.argus} lines of the published {@code argus-bundles.txt}:
 * the Argus bundles, the example bot, the local Discord and the osgi-wrap wrappers) imports each package with
 * a bounded version range, so that another framework with other versions installed wires Argus only to
 * what it was built against (a JDA 7 or a Jackson 3 would fail to resolve instead of failing at run time).
 *
 * <p>Exclusions, each because no version could mean anything there:
 * <ul>
 *   <li>{@code java.*}: never imported (OSGi R8 forbids it; the boot class path serves it).</li>
 *   <li>Packages a module of the running JDK exports ({@code javax.management}, {@code javax.net.ssl},
 *       {@code com.sun.net.httpserver}, {@code sun.misc}...): the system bundle exports them without a
 *       version of their own.</li>
 *   <li>Optional imports ({@code resolution:=optional}) of packages that no bundle of the published set
 *       exports: integrations Argus never ships or uses (JDA's voice: opus, JNA, Tink; the ClickHouse driver's
 *       compression codecs, Caffeine, Micrometer, conscrypt, Android, dnsjava, and the relocated leftovers of
 *       its own shading), which no test could check a range against.</li>
 * </ul>
 */
class ImportRangeIT {
    /** A bounded range: [a,b), (a,b], ... */
    private static final Pattern RANGE = Pattern.compile("[\\[(]\\s*\\d[^,]*,\\s*\\d[^\\])]*[\\])]");

    @Test
    void everyImportOfEveryBundleBuiltHereCarriesAVersionRange() throws IOException {
        Path dist = ResolveTest.distDir();
        List<String[]> published = published(dist.resolve("argus-bundles.txt"));
        Set<String> exportedBySet = new HashSet<>();
        for (String[] row : published) {
            exportedBySet.addAll(PackagingTest.exportedPackages(manifest(dist.resolve("bundle").resolve(row[3]))
                    .getMainAttributes().getValue("Export-Package")));
        }
        Set<String> jdk = jdkPackages();

        Map<String, List<String>> unversioned = new TreeMap<>();
        List<String> checked = new ArrayList<>();
        int imports = 0;
        for (String[] row : published) {
            if (!row[1].startsWith("dev.argus:")) {
                continue;
            }
            checked.add(row[2]);
            String header = manifest(dist.resolve("bundle").resolve(row[3])).getMainAttributes().getValue("Import-Package");
            for (String clause : PackagingTest.clauses(header)) {
                String[] parts = clause.split(";");
                String version = null;
                boolean optional = false;
                List<String> packages = new ArrayList<>();
                for (String p : parts) {
                    String t = p.trim();
                    if (t.startsWith("version=")) {
                        version = t.substring("version=".length()).replace("\"", "");
                    } else if (t.replace(" ", "").equals("resolution:=optional")) {
                        optional = true;
                    } else if (!t.contains("=")) {
                        packages.add(t);
                    }
                }
                for (String pkg : packages) {
                    imports++;
                    boolean excluded = pkg.startsWith("java.") || jdk.contains(pkg) || (optional && !exportedBySet.contains(pkg));
                    if (!excluded && (version == null || !RANGE.matcher(version).matches())) {
                        unversioned.computeIfAbsent(row[2], k -> new ArrayList<>()).add(pkg + (version == null ? "" : ";version=" + version));
                    }
                }
            }
        }
        System.out.println("ImportRangeIT: " + imports + " imports of " + checked.size() + " bundles: " + checked);
        assertThat(checked).as("bundles built by this project in argus-bundles.txt")
                .contains("argus.core;0.1.0", "argus.example.bot;0.1.0", "net.dv8tion.jda;6.5.0")
                .hasSizeGreaterThanOrEqualTo(12);
        assertThat(unversioned).as("imports without a bounded version range, by bundle").isEmpty();
    }

    /** The rows of argus-bundles.txt: start level, coordinates, bsn;version, file. */
    static List<String[]> published(Path list) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] row = line.trim().split("\\s+");
                assertThat(row).as(line).hasSize(4);
                rows.add(row);
            }
        }
        return rows;
    }

    private static Manifest manifest(Path jar) throws IOException {
        assertThat(jar).as("a jar argus-bundles.txt names").exists();
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest();
        }
    }

    /** Every package that a module of this JDK exports to everyone. */
    private static Set<String> jdkPackages() {
        Set<String> out = new HashSet<>();
        for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
            ref.descriptor().exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).forEach(out::add);
        }
        return out;
    }
}
