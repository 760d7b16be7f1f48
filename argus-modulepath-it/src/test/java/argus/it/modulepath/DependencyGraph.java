package argus.it.modulepath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime dependency graph Maven resolved for this module ({@code dependency:tree}, verbose, TGF),
 * so that a feature set's path is what a bot's own build resolves for the same dependencies: the
 * closure of the artifacts it declares, with Maven's choice of version. Verbose, because the plain
 * tree shows a shared dependency under one parent only (argus-web's Jetty would be missing from the
 * starter's path); here every edge is kept and an artifact's children are those of its resolved node.
 */
final class DependencyGraph {
    /** groupId:artifactId[:classifier] → the jar file name copy-dependencies gives its resolved version. */
    private static final Pattern CONFLICT = Pattern.compile("omitted for conflict with ([^)\\s;]+)");
    private final Map<String, String> jarNames = new HashMap<>();
    private final Map<String, Set<String>> children = new HashMap<>();

    private DependencyGraph() {
    }

    static DependencyGraph read(Path tgf) throws IOException {
        DependencyGraph g = new DependencyGraph();
        Map<String, String> keyOfNode = new HashMap<>();
        boolean edges = false;
        for (String line : Files.readAllLines(tgf)) {
            if (line.equals("#")) {
                edges = true;
            } else if (!line.isBlank() && !edges) {
                int space = line.indexOf(' ');
                String label = line.substring(space + 1);
                boolean omitted = label.startsWith("(");
                // g:a:type:v:scope or g:a:type:classifier:v:scope, then notes
                String[] c = label.replaceFirst("^\\(", "").split("[ )]", 2)[0].split(":");
                String classifier = c.length == 6 ? c[3] : null;
                String version = c.length == 6 ? c[4] : c[3];
                String key = c[0] + ":" + c[1] + (classifier == null ? "" : ":" + classifier);
                keyOfNode.put(line.substring(0, space), key);
                Matcher conflict = CONFLICT.matcher(label);
                if (!omitted) {
                    g.jarNames.put(key, jarName(c[1], version, classifier));
                } else if (conflict.find()) {
                    // The winner may be a test dependency's (testcontainers' annotations 17.0.0 over
                    // kotlin-stdlib's 13.0), which a runtime-scoped graph does not show, but whose jar
                    // copy-dependencies copied (Maven widened its scope): the label names its version.
                    g.jarNames.putIfAbsent(key, jarName(c[1], conflict.group(1), classifier));
                }
            } else if (!line.isBlank()) {
                String[] e = line.split(" ");
                g.children.computeIfAbsent(keyOfNode.get(e[0]), k -> new LinkedHashSet<>()).add(keyOfNode.get(e[1]));
            }
        }
        return g;
    }

    private static String jarName(String artifactId, String version, String classifier) {
        return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
    }

    /** Every artifact (key) the declared artifacts (by artifactId) bring, themselves included. */
    Set<String> closure(Collection<String> artifactIds) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>();
        for (String id : artifactIds) {
            List<String> keys = jarNames.keySet().stream().filter(k -> k.split(":")[1].equals(id)).toList();
            if (keys.size() != 1) {
                throw new AssertionError("artifactId " + id + " names " + keys + " in the dependency graph");
            }
            todo.add(keys.get(0));
        }
        while (!todo.isEmpty()) {
            String k = todo.remove(todo.size() - 1);
            if (seen.add(k)) {
                todo.addAll(children.getOrDefault(k, Set.of()));
            }
        }
        return seen;
    }

    /** The jars of {@code keys} in {@code dir} (copy-dependencies' output), each checked to exist. */
    List<Path> jars(Set<String> keys, Path dir) {
        List<Path> jars = new ArrayList<>();
        for (String k : keys) {
            String name = jarNames.get(k);
            if (name == null) {
                throw new AssertionError(k + " has no resolved node in the dependency graph");
            }
            Path jar = dir.resolve(name);
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError("no " + jar + " for " + k);
            }
            jars.add(jar);
        }
        return jars;
    }
}
