package argus.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution as an operator runs it, as processes over the unpacked .tar.gz: bin/argus's usage, the
 * Gogo console driven through standard input, start/status/stop with the pid file and the privacy of
 * everything Argus writes, and the deploy/ folder while the demo runs.
 */
class OperatorIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final Pattern COUNTER = Pattern.compile("(?m)^discord_interactions_total\\{[^}]*} ([0-9.eE+]+)$");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void helpAndUsageErrorsStartNothing(@TempDir Path dir) throws Exception {
        LauncherTest.findArchive();
        Path home = LauncherTest.unpack(dir);
        for (String arg : List.of("--help", "-h", "help")) {
            Result r = exec(home, arg);
            assertThat(r.code).as("bin/argus " + arg).isZero();
            assertThat(r.out).contains("Usage: bin/argus").contains("Exit codes:").doesNotContain("[argus]");
        }
        Result bad = exec(home, "--bogus");
        assertThat(bad.code).as("unknown argument").isEqualTo(2);
        assertThat(bad.out).contains("unknown argument '--bogus'");
        Result status = exec(home, "status");
        assertThat(status.code).as("status when never started").isEqualTo(3);
        Result stop = exec(home, "stop");
        assertThat(stop.code).as("stop when not running").isZero();
        assertThat(home.resolve("cache")).as("nothing started: no framework storage").doesNotExist();
    }

    /** lb, scr:list, stopping and starting the dashboard bundle, argus:status/sink/config, then end of input. */
    @Test
    void theConsoleAnswersOnStandardInput(@TempDir Path dir) throws Exception {
        LauncherTest.findArchive();
        Path home = LauncherTest.unpack(dir);
        int port = LauncherTest.freePort();
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + port
                + "\nmetrics_auth_token = console-test-secret\n");
        Files.writeString(home.resolve("conf/argus.example.bot.cfg"), "mode = demo\nguilds = 2\n");
        Path log = dir.resolve("argus.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/argus").toString(), "run", "--console")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        quietDemo(pb);
        Process p = pb.start();
        OutputStream stdin = p.getOutputStream();
        try {
            String started = await(p, log, o -> o.contains("[argus] started "), "the start-up summary");
            String summary = started.lines().filter(l -> l.contains("[argus] started ")).findFirst().orElseThrow();
            assertThat(summary).matches(".*\\[argus] started (\\d+) of \\1 bundles in \\d+ ms; \\d+ components active; "
                    + "bots \\d; listening on 127\\.0\\.0\\.1:" + port);
            await(p, log, o -> o.contains("argus> "), "the console's prompt");

            String lb = command(p, stdin, log, "lb", o -> o.contains("Apache Felix Gogo Shell"));
            Matcher web = Pattern.compile("(?m)^\\s*(\\d+)\\|Active\\s*\\|\\s*\\d+\\|Argus Web ").matcher(lb);
            assertThat(web.find()).as("the dashboard bundle in lb:\n" + lb).isTrue();
            String webId = web.group(1);
            assertThat(command(p, stdin, log, "scr:list", o -> o.contains("argus.web in bundle")))
                    .contains("argus.http in bundle").contains("argus.console in bundle");

            assertThat(get(port, "/").statusCode()).isEqualTo(200);
            command(p, stdin, log, "stop " + webId, o -> false, Duration.ofSeconds(2));
            awaitTrue(() -> get(port, "/").statusCode() == 404, "the dashboard gone after stop " + webId);
            assertThat(get(port, "/metrics", "console-test-secret").statusCode()).as("/metrics stays").isEqualTo(200);
            command(p, stdin, log, "start " + webId, o -> false, Duration.ofSeconds(2));
            awaitTrue(() -> get(port, "/").statusCode() == 200, "the dashboard back after start " + webId);

            awaitTrue(() -> command(p, stdin, log, "argus:status", o -> o.contains("bots observed"))
                    .contains("bots observed  1"), "the demo bot observed");
            String status = command(p, stdin, log, "argus:status", o -> o.contains("bots observed"));
            assertThat(status).contains("listening   listening on 127.0.0.1:" + port)
                    .contains("rejected configurations  none").contains("server        UP");
            assertThat(command(p, stdin, log, "argus:sink", o -> o.contains("offered ")))
                    .contains("sink        null (bundle argus.sink.nullsink");
            String config = command(p, stdin, log, "argus:config", o -> o.contains("metrics_auth_token"));
            assertThat(config).contains("metrics_auth_token = (redacted)").doesNotContain("console-test-secret");
            // The remote console is off unless conf/config.properties names a port.
            assertThat(command(p, stdin, log, "telnetd status", o -> o.contains("telnetd is ")))
                    .contains("telnetd is not running.");

            stdin.close(); // Ctrl-D: the end of the console's input stops Argus
            assertThat(p.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).as("stopped at the end of input").isTrue();
            String out = LauncherTest.read(log);
            System.out.println("---- console session ----\n" + out + "-------------------------");
            assertThat(p.exitValue()).isZero();
            assertThat(out).contains("[argus] end of console input, stopping").contains("[argus] stopped");
            for (String bad : List.of("Exception", " | at ", "[argus] ERROR", "[argus] WARN", "gogo: ")) {
                assertThat(out).as("no '" + bad.replace("\t", "\\t") + "' in the session").doesNotContain(bad);
            }
            assertThat(out).doesNotContain("console-test-secret");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** start, status, the private files (tokens in Config Admin's persistence among them), stop. */
    @Test
    void startStatusStopAndNothingWrittenIsReadableByOthers(@TempDir Path dir) throws Exception {
        LauncherTest.findArchive();
        Path home = LauncherTest.unpack(dir);
        int port = LauncherTest.freePort();
        String token = "metrics-secret-7f3a";
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + port
                + "\nmetrics_auth_token = " + token + "\n");
        Files.writeString(home.resolve("conf/argus.web.cfg"), "dashboard_auth_token = dash-secret-91c2\n");
        try {
            Result start = exec(home, "start");
            assertThat(start.code).as("start:\n" + start.out).isZero();
            assertThat(start.out).containsPattern("\\[argus] started (\\d+) of \\1 bundles in \\d+ ms; .*listening on 127\\.0\\.0\\.1:" + port)
                    .contains("argus: running (pid ");
            assertThat(exec(home, "start").out).as("a second start").contains("already running");
            Result status = exec(home, "status");
            assertThat(status.code).isZero();
            assertThat(status.out).contains("argus: running (pid ");
            assertThat(get(port, "/metrics", token).statusCode()).isEqualTo(200);

            // Config Admin has persisted the tokens by now (the scrape above needed the configured one).
            List<Path> withToken = new ArrayList<>();
            try (Stream<Path> files = Files.walk(home.resolve("cache"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(token)) {
                        withToken.add(f);
                    }
                }
            }
            assertThat(withToken).as("Config Admin's copy of argus.http in the cache").isNotEmpty();
            assertPrivate(home, "cache", "log", "run");
        } finally {
            Result stop = exec(home, "stop");
            assertThat(stop.code).as("stop:\n" + stop.out).isZero();
            assertThat(stop.out).contains("argus: stopped");
        }
        assertThat(exec(home, "status").code).as("status after stop").isEqualTo(3);
        assertThat(home.resolve("run/argus.pid")).doesNotExist();
        assertThat(home.resolve("cache")).as("the storage, with its copies of the tokens, is gone").doesNotExist();
        String log = Files.readString(home.resolve("log/argus.log"));
        assertThat(log).contains("[argus] stopped").doesNotContain(token).doesNotContain(" | at ");
        assertPrivate(home, "log", "run");
    }

    /**
     * A bundle with a DS component dropped into deploy/, replaced, removed while the demo runs: each step
     * takes effect, Argus' core never restarts and the interaction counter only grows.
     */
    @Test
    void theDeployFolderInstallsUpdatesAndUninstallsWithoutRestartingArgus(@TempDir Path dir) throws Exception {
        LauncherTest.findArchive();
        Path home = LauncherTest.unpack(dir);
        int port = LauncherTest.freePort();
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + port + "\n");
        Files.writeString(home.resolve("conf/argus.example.bot.cfg"), "mode = demo\nguilds = 2\n");
        Path v1 = probeBundle(dir.resolve("v1"), "1.0.0");
        Path v2 = probeBundle(dir.resolve("v2"), "2.0.0");
        Path log = dir.resolve("argus.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/argus").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        quietDemo(pb);
        Process p = pb.start();
        try {
            await(p, log, o -> o.contains("[argus] started "), "the start-up summary");
            awaitTrue(() -> interactions(port) > 0, "demo interactions counted");
            Path deployed = home.resolve("deploy/probe.jar");

            double before = interactions(port);
            long t0 = System.nanoTime();
            drop(v1, deployed);
            await(p, log, o -> o.contains("PROBE 1.0.0 active"), "the dropped bundle's component");
            long activeMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("FIGURES deploy/: dropped bundle to its DS component active: %d ms%n", activeMs);
            double afterAdd = interactions(port);

            drop(v2, deployed);
            await(p, log, o -> o.contains("PROBE 2.0.0 active"), "the replaced bundle's component");
            assertThat(LauncherTest.read(log)).contains("PROBE 1.0.0 deactivated");
            double afterUpdate = interactions(port);

            Files.delete(deployed);
            await(p, log, o -> o.contains("PROBE 2.0.0 deactivated"), "the removed bundle's component gone");
            double afterRemove = interactions(port);

            assertThat(List.of(before, afterAdd, afterUpdate, afterRemove)).as("the counter never resets").isSorted();
            String out = LauncherTest.read(log);
            assertThat(out.split("argus\\.core\\.Argus - Argus .* started \\(cluster", -1)).as("core started once").hasSize(2);
            assertThat(out).doesNotContain("RejectedExecutionException").doesNotContain("[argus] ERROR");
        } finally {
            p.destroy(); // SIGTERM
            boolean exited = p.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String out = LauncherTest.read(log);
            System.out.println("---- deploy/ run ----\n" + out + "---------------------");
            assertThat(exited).isTrue();
            assertThat(p.exitValue()).as("exit code after SIGTERM").isZero();
            assertThat(out).contains("[argus] stopped").doesNotContain(" | at ");
        }
    }

    /**
     * A truncated jar, a file that is no jar at all and a bundle whose manifest the framework refuses, dropped
     * into deploy/ while the demo runs: one line each, naming the file and why, without a stack trace, however
     * many times FileInstall polls it afterwards; nothing else moves. Fixing the truncated one (the whole jar
     * under the same name) installs it as usual.
     */
    @Test
    void aMalformedJarInDeployIsReportedOnceAndDisturbsNothing(@TempDir Path dir) throws Exception {
        LauncherTest.findArchive();
        Path home = LauncherTest.unpack(dir);
        int port = LauncherTest.freePort();
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + port + "\n");
        Files.writeString(home.resolve("conf/argus.example.bot.cfg"), "mode = demo\nguilds = 2\n");
        Path probe = probeBundle(dir.resolve("v1"), "1.0.0");
        byte[] whole = Files.readAllBytes(probe);
        Path truncated = dir.resolve("truncated.jar");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path garbage = dir.resolve("garbage.jar");
        Files.writeString(garbage, "this is not a jar\n");
        // A bundle the framework refuses (FileInstall's own report, through the container's log).
        Manifest badManifest = new Manifest();
        badManifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        badManifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        badManifest.getMainAttributes().putValue("Bundle-SymbolicName", "argus.test.broken");
        badManifest.getMainAttributes().putValue("Import-Package", "org.osgi.framework,org.osgi.framework");
        Path broken = dir.resolve("broken.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(broken), badManifest)) {
            out.putNextEntry(new JarEntry("broken/README.txt"));
            out.write("imports one package twice\n".getBytes(StandardCharsets.UTF_8));
        }
        Path log = dir.resolve("argus.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/argus").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        quietDemo(pb);
        Process p = pb.start();
        try {
            await(p, log, o -> o.contains("[argus] started "), "the start-up summary");
            awaitTrue(() -> interactions(port) > 0, "demo interactions counted");
            double before = interactions(port);

            drop(truncated, home.resolve("deploy/probe.jar"));
            drop(garbage, home.resolve("deploy/garbage.jar"));
            drop(broken, home.resolve("deploy/broken.jar"));
            await(p, log, o -> o.contains("probe.jar is not installed") && o.contains("garbage.jar is not installed")
                    && o.contains("broken.jar"), "the reports of the three unusable jars");
            // The fix: the whole jar under the same name. FileInstall installs it only after it has seen the
            // file unchanged over two polls, so by then it has asked about garbage.jar twice more at least.
            drop(probe, home.resolve("deploy/probe.jar"));
            await(p, log, o -> o.contains("PROBE 1.0.0 active"), "the fixed jar's component");
            double after = interactions(port);

            List<String> lines = LauncherTest.read(log).lines().toList();
            List<String> reports = lines.stream().filter(l -> l.contains("is not installed")).toList();
            System.out.println("---- unusable jar reports ----\n" + String.join("\n", reports));
            assertThat(reports).as("one line per unusable file").hasSize(2).allSatisfy(l -> assertThat(l)
                    .matches(LogIT.TEXT).contains(" WARN ").doesNotContain(" | at "));
            assertThat(reports.stream().filter(l -> l.contains(home.resolve("deploy/garbage.jar").toString())).findFirst())
                    .hasValueSatisfying(l -> assertThat(l).contains("not a readable jar"));
            assertThat(reports.stream().filter(l -> l.contains(home.resolve("deploy/probe.jar").toString())).findFirst())
                    .hasValueSatisfying(l -> assertThat(l).contains("not a readable jar").contains("truncated"));
            assertThat(lines.stream().filter(l -> l.contains("garbage.jar"))).as("garbage.jar named once in the log").hasSize(1);
            List<String> refused = lines.stream().filter(l -> l.contains("broken.jar")).toList();
            System.out.println(String.join("\n", refused));
            assertThat(refused).as("broken.jar named once in the log").hasSize(1).allSatisfy(l -> assertThat(l)
                    .matches(LogIT.TEXT).contains("Failed to install").contains("Duplicate import")
                    .doesNotContain(" | at "));
            assertThat(after).as("the counter never resets").isGreaterThanOrEqualTo(before);
            String out = String.join("\n", lines);
            assertThat(out.split("argus\\.core\\.Argus - Argus .* started \\(cluster", -1)).as("core started once").hasSize(2);
            assertThat(out).doesNotContain("RejectedExecutionException").doesNotContain("[argus] ERROR")
                    .doesNotContain(" | at ");
        } finally {
            p.destroy(); // SIGTERM
            boolean exited = p.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            System.out.println("---- malformed jar run ----\n" + LauncherTest.read(log) + "---------------------------");
            assertThat(exited).isTrue();
            assertThat(p.exitValue()).as("exit code after SIGTERM").isZero();
        }
    }

    /**
     * The remote console (conf/config.properties: argus.console.remote.port): a connection to 127.0.0.1 gets
     * the console, lists bundles and answers argus:status; the socket listens on the loopback address only;
     * closing the connection leaves Argus running.
     */
    @Test
    void theRemoteConsoleAnswersOnLoopbackOnly(@TempDir Path dir) throws Exception {
        LauncherTest.findArchive();
        Path home = LauncherTest.unpack(dir);
        int port = LauncherTest.freePort();
        int remote = LauncherTest.freePort();
        Files.writeString(home.resolve("conf/argus.http.cfg"), "host = 127.0.0.1\nport = " + port + "\n");
        Path properties = home.resolve("conf/config.properties");
        String config = Files.readString(properties);
        assertThat(config).as("off by default").containsPattern("(?m)^argus\\.console\\.remote\\.port=$");
        Files.writeString(properties, config.replaceFirst("(?m)^argus\\.console\\.remote\\.port=$",
                "argus.console.remote.port=" + remote));
        Path log = dir.resolve("argus.log");
        Process p = LauncherTest.start(home, log);
        try {
            await(p, log, o -> o.contains("[argus] remote console"), "the remote console's line");
            assertThat(LauncherTest.read(log)).contains("[argus] remote console (telnet, no password) listening on 127.0.0.1:" + remote);
            assertThat(listeners(remote)).as("listening sockets on port " + remote).containsExactly("127.0.0.1");

            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", remote)) {
                socket.setSoTimeout((int) START.toMillis());
                java.io.InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                readUntil(in, "argus> ");
                out.write("lb\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String lb = readUntil(in, "argus> ");
                assertThat(lb).containsPattern("\\|Active\\s*\\|\\s*\\d+\\|Argus Web ").contains("Apache Felix Gogo Shell");
                out.write("argus:status\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(readUntil(in, "argus> ")).contains("listening on 127.0.0.1:" + port).contains("server        UP");
            }
            awaitTrue(() -> get(port, "/metrics").statusCode() == 200, "Argus still serving after the remote session");
            assertThat(p.isAlive()).isTrue();
        } finally {
            LauncherTest.stopAndCheck(p, log);
        }
    }

    // ---- helpers ----

    /** The local addresses of the listening TCP sockets on this port (/proc/net/tcp and tcp6). */
    private static List<String> listeners(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].contains(":") && f[3].equals("0A")
                        && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                    String hex = f[1].substring(0, f[1].indexOf(':'));
                    out.add(hex.length() == 8 ? ipv4(hex) : hex.equals("0000000000000000FFFF00000100007F") ? "127.0.0.1"
                            : hex.equals("00000000000000000000000001000000") ? "::1" : "ipv6 " + hex);
                }
            }
        }
        return out;
    }

    /** /proc/net/tcp's little-endian hex IPv4 address, dotted. */
    private static String ipv4(String hex) {
        return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
    }

    /** What the stream says up to and including the marker. */
    private static String readUntil(java.io.InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            seen.write(b);
            if (seen.toString(StandardCharsets.UTF_8).endsWith(marker)) {
                return seen.toString(StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("the connection closed before '" + marker + "'; it said:\n" + seen.toString(StandardCharsets.UTF_8));
    }

    /** A bundle whose DS component prints its version when activated and deactivated. */
    private static Path probeBundle(Path dir, String version) throws IOException {
        Path src = dir.resolve("src/probe/Probe.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package probe;\npublic class Probe {\n"
                + "  public void activate() { System.out.println(\"PROBE " + version + " active\"); }\n"
                + "  public void deactivate() { System.out.println(\"PROBE " + version + " deactivated\"); }\n}\n");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK (javac) runs the tests").isNotNull();
        assertThat(javac.run(null, null, null, "--release", "17", "-d", classes.toString(), src.toString())).isZero();
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "argus.test.probe");
        a.putValue("Bundle-Version", version);
        a.putValue("Service-Component", "OSGI-INF/probe.xml");
        Path jar = dir.resolve("probe.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("probe/Probe.class"));
            out.write(Files.readAllBytes(classes.resolve("probe/Probe.class")));
            out.putNextEntry(new JarEntry("OSGI-INF/probe.xml"));
            out.write(("<?xml version=\"1.0\"?><scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" "
                    + "name=\"argus.test.probe\" immediate=\"true\" activate=\"activate\" deactivate=\"deactivate\">"
                    + "<implementation class=\"probe.Probe\"/></scr:component>").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** Atomically, as an operator's mv does: FileInstall never sees half a jar. */
    private static void drop(Path jar, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private double interactions(int port) throws Exception {
        String body = get(port, "/metrics").body();
        Matcher m = COUNTER.matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static void assertPrivate(Path home, String... dirs) throws IOException {
        List<String> readable = new ArrayList<>();
        int checked = 0;
        for (String d : dirs) {
            Path root = home.resolve(d);
            assertThat(root).as(d + "/ written by Argus").exists();
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    checked++;
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                        readable.add(home.relativize(p) + " " + java.nio.file.attribute.PosixFilePermissions.toString(perms));
                    }
                }
            }
        }
        assertThat(checked).isPositive();
        assertThat(readable).as("files and folders other users can access").isEmpty();
    }

    private static void quietDemo(ProcessBuilder pb) throws IOException {
        Path repo = ResolveTest.distDir().toAbsolutePath().getParent().getParent().getParent();
        String opts = String.join(" ", Files.readAllLines(repo.resolve("scripts/demo-quiet-loggers.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        pb.environment().keySet().removeIf(k -> k.startsWith("ARGUS_"));
        pb.environment().put("ARGUS_JAVA_OPTS", opts);
    }

    /** Sends one console line and returns the output it produced (what appeared after it), once done says so. */
    private static String command(Process p, OutputStream stdin, Path log, String line, Predicate<String> done)
            throws Exception {
        return command(p, stdin, log, line, done, START);
    }

    private static String command(Process p, OutputStream stdin, Path log, String line, Predicate<String> done,
                                  Duration timeout) throws Exception {
        int from = LauncherTest.read(log).length();
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String out = LauncherTest.read(log);
            String after = out.length() > from ? out.substring(from) : "";
            if (done.test(after)) {
                Thread.sleep(200); // the rest of the command's output
                String all = LauncherTest.read(log);
                return all.substring(Math.min(from, all.length()));
            }
            assertThat(p.isAlive()).as("argus exited during '" + line + "':\n" + out).isTrue();
            if (System.nanoTime() > deadline) {
                if (timeout.compareTo(START) < 0) {
                    return after; // a command without output to wait for
                }
                throw new AssertionError("no answer to '" + line + "' within " + timeout + "; output:\n" + out);
            }
            Thread.sleep(50);
        }
    }

    private static String await(Process p, Path log, Predicate<String> done, String what) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            String out = LauncherTest.read(log);
            if (done.test(out)) {
                return out;
            }
            assertThat(p.isAlive()).as("argus exited before " + what + "; output:\n" + out).isTrue();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + START + "; output:\n" + out);
            }
            Thread.sleep(50);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + START);
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return get(port, path, null);
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    record Result(int code, String out) {
    }

    /** bin/argus with these arguments, standard input closed, to completion. */
    private static Result exec(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/argus").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("ARGUS_"));
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        assertThat(p.waitFor(START.toSeconds() + 30, TimeUnit.SECONDS)).as("bin/argus " + String.join(" ", args)).isTrue();
        reader.join(5_000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
