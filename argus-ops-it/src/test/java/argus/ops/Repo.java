package argus.ops;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The repository's operator files, and promtool to check them. */
final class Repo {
    /** Tests run in the module's directory; the files live at the repository root. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(path(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T yaml(Path file) throws IOException {
        return (T) new Yaml().load(Files.readString(file));
    }

    /**
     * promtool (Debian's prometheus package; scripts/ensure-test-tools.sh installs it). Missing: with
     * CI=true the test fails, elsewhere it is skipped with the reason.
     */
    static Path promtool() {
        return tool("promtool");
    }

    /**
     * A tool of Debian's prometheus package ({@code promtool}, {@code prometheus}) on the PATH or at
     * one of {@code candidates}. Missing: with CI=true the test fails, elsewhere it is skipped with
     * the reason.
     */
    static Path tool(String name, String... candidates) {
        List<Path> places = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            places.add(Path.of(dir, name));
        }
        for (String c : candidates) {
            places.add(Path.of(c));
        }
        for (Path p : places) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = name + " is not on the PATH: run scripts/ensure-test-tools.sh (it installs Debian's prometheus"
                + " package and Node.js)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(why);
        }
        Assumptions.abort(why);
        return null;
    }

    record Result(int exit, String output) {
    }

    /** Runs promtool with these arguments in {@code dir}; generous timeout for a loaded machine. */
    static Result promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool().toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool " + args[0] + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
