package argus.sink.clickhouse;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real ClickHouse the integration tests run against, chosen once per JVM in this order:
 * <ol>
 *   <li>{@code CLICKHOUSE_DSN} (argus-dpy's workflow: {@code CLICKHOUSE_DSN=http://localhost:8123 ./test.sh});</li>
 *   <li>Testcontainers with {@code clickhouse/clickhouse-server:24.8}, when a Docker engine answers;</li>
 *   <li>the project's chDB fixture ({@code tools/clickhouse-fixture}), a ClickHouse engine behind
 *       ClickHouse's HTTP interface, started here and stopped when the JVM exits.</li>
 * </ol>
 * With {@code CI=true} a missing server fails the tests; elsewhere they are skipped with the reason.
 */
public final class ClickHouseTestServer {
    private static String dsn;
    private static String unavailable;

    private ClickHouseTestServer() {
    }

    /** The DSN of a running server (credentials included when the server needs them). */
    public static synchronized String dsn() {
        if (dsn == null && unavailable == null) {
            try {
                dsn = resolve();
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (dsn == null) {
            String why = "No ClickHouse for the integration tests: " + unavailable
                    + ". Set CLICKHOUSE_DSN, start Docker, or install Node.js for tools/clickhouse-fixture.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        return dsn;
    }

    private static String resolve() throws Exception {
        String fromEnv = System.getenv("CLICKHOUSE_DSN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        if (dockerAvailable()) {
            GenericContainer<?> ch = new GenericContainer<>("clickhouse/clickhouse-server:24.8")
                    .withExposedPorts(8123)
                    .withEnv("CLICKHOUSE_SKIP_USER_SETUP", "1");
            ch.start();
            Runtime.getRuntime().addShutdownHook(new Thread(ch::stop));
            return "http://" + ch.getHost() + ":" + ch.getMappedPort(8123);
        }
        return startFixture();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static String startFixture() throws Exception {
        int port = freePort();
        String dsn = startFixture(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopFixture(port)));
        return dsn;
    }

    /** Starts a fixture engine of its own on {@code port} and returns its DSN; {@link #stopFixture} stops it. */
    static String startFixture(int port) throws Exception {
        Path script = repoRoot().resolve("tools/clickhouse-fixture/start.sh");
        Path log = Files.createTempFile("clickhouse-fixture-start", ".log");
        Process p = new ProcessBuilder(List.of("bash", script.toString(), Integer.toString(port)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("tools/clickhouse-fixture/start.sh failed: "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        List<String> lines = Files.readAllLines(log);
        return lines.get(lines.size() - 1).trim();
    }

    /** The process id of the fixture engine on {@code port}, from the pid file start.sh wrote. */
    static long fixturePid(int port) throws IOException {
        return Long.parseLong(Files.readString(
                repoRoot().resolve("tools/clickhouse-fixture/target/fixture-" + port + ".pid")).strip());
    }

    static void stopFixture(int port) {
        try {
            new ProcessBuilder("bash", repoRoot().resolve("tools/clickhouse-fixture/stop.sh").toString(),
                    Integer.toString(port)).start().waitFor(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the JVM may be exiting; the fixture's pid file lets stop.sh clean up later
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("tools/clickhouse-fixture/start.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find tools/clickhouse-fixture from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
