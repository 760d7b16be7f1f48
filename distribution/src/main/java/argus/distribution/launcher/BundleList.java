package argus.distribution.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Writes {@code argus-bundles.txt} at build time: every bundle of the container with its Maven coordinates,
 * symbolic name, version and the start level that reproduces the launcher's order in another OSGi R8
 * framework (a stock Felix 7 with {@code felix.auto.start.N}, for instance). Run by the build
 * (exec-maven-plugin) over the staged {@code bundle/} folder; shipped in the distribution and beside it.
 *
 * <p>Start levels: 1 SPI Fly, ASM, slf4j, logback, jul-to-slf4j and the Log Service API (slf4j finds its
 * provider only through SPI Fly's weaving, so they must be active before anything logs); 2 argus.console
 * (the container's log bridge: OSGi Log Service and JUL to slf4j), Config Admin and FileInstall
 * (configurations exist before components activate: no listener on defaults); 3 everything else;
 * fragments have none.
 */
public final class BundleList {
    private BundleList() {
    }

    /** args: the bundle folder, the output file, the framework's name and version for the header, the dependency list. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String framework = args.length > 2 ? args[2] : "Apache Felix 7";
        // maven-dependency-plugin's list ("groupId:artifactId:jar:version"): coordinates by file name, for
        // jars that carry no pom.properties (ASM, for one).
        Map<String, String> byFile = new HashMap<>();
        if (args.length > 3 && Files.exists(Path.of(args[3]))) {
            for (String line : Files.readAllLines(Path.of(args[3]))) {
                String[] f = line.trim().split("\\s+")[0].split(":");
                if (f.length >= 4 && "jar".equals(f[2])) {
                    byFile.put(f[1] + "-" + f[3] + ".jar", f[0] + ":" + f[1] + ":" + f[3]);
                }
            }
        }
        List<String[]> rows = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                String[] row = describe(jar);
                if ("-".equals(row[1])) {
                    row[1] = byFile.getOrDefault(row[3], "-");
                }
                rows.add(row);
            }
        }
        rows.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        sb.append("# The bundles of the Argus container (").append(rows.size()).append("), for ").append(framework)
                .append(" or another OSGi R8 framework (Felix 6 / R7 resolves none of them).\n")
                .append("# Install them all, then start each non-fragment by start level: 1 SPI Fly, ASM, slf4j, logback,\n")
                .append("# jul-to-slf4j, Log Service API (slf4j finds its provider only through SPI Fly), 2 argus.console\n")
                .append("# (Log Service and JUL to slf4j), Config Admin and FileInstall (configuration before components),\n")
                .append("# 3 the rest; '-' = a fragment, installed only.\n")
                .append("# start-level groupId:artifactId:version bundle-symbolic-name;bundle-version file\n");
        for (String[] r : rows) {
            sb.append(r[0]).append(' ').append(r[1]).append(' ').append(r[2]).append(' ').append(r[3]).append('\n');
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, sb.toString());
    }

    private static String[] describe(Path jar) throws IOException {
        String file = jar.getFileName().toString();
        try (JarFile j = new JarFile(jar.toFile())) {
            Attributes main = j.getManifest() == null ? new Attributes() : j.getManifest().getMainAttributes();
            String bsn = String.valueOf(main.getValue("Bundle-SymbolicName")).split(";")[0].trim();
            String version = String.valueOf(main.getValue("Bundle-Version"));
            boolean fragment = main.getValue("Fragment-Host") != null;
            String level = fragment ? "-" : bsn.startsWith("org.apache.aries.spifly") || bsn.startsWith("org.objectweb.asm")
                    || bsn.startsWith("slf4j.") || bsn.startsWith("ch.qos.logback.") || bsn.equals("jul.to.slf4j")
                    || bsn.equals("org.osgi.service.log") ? "1"
                    : bsn.equals("org.apache.felix.configadmin") || bsn.equals("org.apache.felix.fileinstall")
                    || bsn.equals("argus.console") ? "2" : "3";
            return new String[] {level, coordinates(j, file), bsn + ";" + version, file};
        }
    }

    /** groupId:artifactId:version from the jar's pom.properties (the one named like the file when it has several). */
    private static String coordinates(JarFile jar, String file) throws IOException {
        String best = null;
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (!entry.getName().startsWith("META-INF/maven/") || !entry.getName().endsWith("/pom.properties")) {
                continue;
            }
            Properties p = new Properties();
            try (InputStream in = jar.getInputStream(entry)) {
                p.load(in);
            }
            String gav = p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":" + p.getProperty("version");
            if (file.startsWith(p.getProperty("artifactId") + "-" + p.getProperty("version"))) {
                return gav;
            }
            if (best == null) {
                best = gav;
            }
        }
        return best != null && !best.contains("null") ? best : "-";
    }
}
