package argus.apicheck;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The public API of every published module, as a user compiles against it: the public and protected
 * types and members of the packages each module-info exports to everyone. Each module's API is
 * recorded in {@code api/<module>.api} at the repository root; a change that is not recorded there
 * fails the build, so nothing a user depends on changes unnoticed. An intended change is recorded by
 * running this test with {@code -Dargus.api.write=true} and committing the new file together with a
 * CHANGELOG entry (removals and signature changes are breaking: they need the next major version).
 *
 * <p>Until a release is published to a repository, this replaces a binary comparison against the
 * previous release (japicmp and the like need that release's jars).
 */
class PublicApiTest {
    private static final Path API_DIR = repoRoot().resolve("api");
    /** Published modules; the test fails if one of them is not on the classpath. */
    private static final Set<String> MODULES = Set.of("argus.api", "argus.core", "argus.exporter.prometheus",
            "argus.exporter.otlp", "argus.http", "argus.web", "argus.sink.nullsink", "argus.sink.clickhouse",
            "argus.micrometer", "argus.jda", "argus.discord.local");

    @Test
    void everyPublishedModulesApiIsTheRecordedOne() throws Exception {
        Map<String, Path> roots = moduleRoots();
        assertThat(roots.keySet()).containsExactlyInAnyOrderElementsOf(MODULES);
        boolean write = Boolean.getBoolean("argus.api.write");
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Path> e : roots.entrySet()) {
            List<String> api = describe(e.getKey(), e.getValue());
            Path file = API_DIR.resolve(e.getKey() + ".api");
            if (write) {
                Files.createDirectories(API_DIR);
                Files.write(file, api, StandardCharsets.UTF_8);
                continue;
            }
            List<String> recorded = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            if (!recorded.equals(api)) {
                changed.add(diff(e.getKey(), recorded, api));
            }
        }
        if (!changed.isEmpty()) {
            fail("The public API changed without being recorded in api/. If the change is intended, rerun with"
                    + " -Dargus.api.write=true, commit api/ and say so in CHANGELOG.md (a removed or changed line"
                    + " breaks users).\n" + String.join("\n", changed));
        }
    }

    /** The check itself notices a removed member, an added one and a changed signature. */
    @Test
    void aChangedSignatureIsADifference() {
        List<String> before = List.of("class a.B", "  public void a.B.run()", "  public int a.B.size()");
        List<String> after = List.of("class a.B", "  public long a.B.size()", "  public void a.B.stop()");
        String d = diff("m", before, after);
        assertThat(d).contains("- " + before.get(1).strip(), "- " + before.get(2).strip(),
                "+ " + after.get(1).strip(), "+ " + after.get(2).strip());
    }

    /** Each published module's root on the test classpath (a jar or a classes folder), by module name. */
    private static Map<String, Path> moduleRoots() throws IOException, URISyntaxException {
        Map<String, Path> roots = new TreeMap<>();
        Enumeration<URL> infos = PublicApiTest.class.getClassLoader().getResources("module-info.class");
        for (URL url : Collections.list(infos)) {
            ModuleDescriptor d;
            try (InputStream in = url.openStream()) {
                d = ModuleDescriptor.read(in);
            }
            if (MODULES.contains(d.name())) {
                String s = url.toString();
                Path root = s.startsWith("jar:")
                        ? Path.of(new URL(s.substring(4, s.indexOf("!/"))).toURI())
                        : Path.of(url.toURI()).getParent();
                roots.put(d.name(), root);
            }
        }
        return roots;
    }

    /** One line per public type and member of the module's unqualified exports, in a stable order. */
    static List<String> describe(String module, Path root) throws IOException, ClassNotFoundException {
        ModuleDescriptor descriptor;
        List<String> lines = new ArrayList<>();
        try (FileSystem fs = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
             InputStream in = Files.newInputStream(base(fs, root).resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
            Path base = base(fs, root);
            List<String> exported = descriptor.exports().stream().filter(x -> !x.isQualified())
                    .map(ModuleDescriptor.Exports::source).sorted().toList();
            lines.add("module " + module + " exports " + exported);
            for (String pkg : exported) {
                for (String name : classNames(base.resolve(pkg.replace('.', '/')), pkg)) {
                    Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                    if (isApi(c)) {
                        lines.addAll(describe(c));
                    }
                }
            }
        }
        return lines;
    }

    private static Path base(FileSystem fs, Path root) {
        return fs == null ? root : fs.getPath("/");
    }

    private static List<String> classNames(Path dir, String pkg) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.equals("package-info.class")).map(n -> pkg + "." + n.substring(0, n.length() - 6))
                    .sorted().toList();
        }
    }

    /** Public, and every enclosing type public too (a public nested type of a hidden class is hidden). */
    private static boolean isApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> describe(Class<?> c) {
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE));
        head.append(head.isEmpty() ? "" : " ").append(kind(c)).append(' ').append(c.getTypeName());
        String params = Arrays.stream(c.getTypeParameters()).map(t -> t.getTypeName()
                + (t.getBounds().length == 1 && t.getBounds()[0] == Object.class ? ""
                : " extends " + Arrays.stream(t.getBounds()).map(b -> b.getTypeName()).collect(Collectors.joining(" & "))))
                .collect(Collectors.joining(", "));
        if (!params.isEmpty()) {
            head.append('<').append(params).append('>');
        }
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            head.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        if (c.getGenericInterfaces().length > 0) {
            head.append(c.isInterface() ? " extends " : " implements ").append(Arrays.stream(c.getGenericInterfaces())
                    .map(t -> t.getTypeName()).collect(Collectors.joining(", ")));
        }
        if (c.isSealed()) {
            head.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getTypeName)
                    .sorted().collect(Collectors.joining(", ")));
        }
        out.add(head.toString());
        Set<String> members = new LinkedHashSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (visible(f) && !f.isSynthetic()) {
                members.add(f.toGenericString());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k) && !k.isSynthetic() && !(c.isEnum())) {
                members.add(signature(k));
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                members.add(signature(m));
            }
        }
        members.stream().sorted(Comparator.naturalOrder()).map(m -> "  " + m).forEach(out::add);
        return out;
    }

    private static String kind(Class<?> c) {
        if (c.isAnnotation()) {
            return "@interface";
        }
        if (c.isInterface()) {
            return "interface";
        }
        if (c.isEnum()) {
            return "enum";
        }
        return c.isRecord() ? "record" : "class";
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        boolean extensible = !Modifier.isFinal(m.getDeclaringClass().getModifiers());
        return Modifier.isPublic(mod) || (Modifier.isProtected(mod) && extensible);
    }

    /** The generic signature, with {@code default} kept for interface methods (removing it breaks implementors). */
    private static String signature(Executable e) {
        String s = e.toGenericString();
        return e instanceof Method m && m.isDefault() && !s.startsWith("public default") ? s.replaceFirst("^public ", "public default ") : s;
    }

    static String diff(String module, List<String> recorded, List<String> now) {
        Set<String> before = new LinkedHashSet<>(recorded.stream().map(String::strip).toList());
        Set<String> after = new LinkedHashSet<>(now.stream().map(String::strip).toList());
        StringBuilder sb = new StringBuilder(module + ":");
        before.stream().filter(l -> !after.contains(l)).forEach(l -> sb.append("\n  - ").append(l));
        after.stream().filter(l -> !before.contains(l)).forEach(l -> sb.append("\n  + ").append(l));
        if (before.equals(after)) {
            sb.append("\n  (same lines, different order or grouping)");
        }
        return sb.toString();
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("argus-api-check"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new UncheckedIOException(new IOException("repository root not found from " + Path.of("").toAbsolutePath()));
        }
        return p;
    }
}
