package argus.ops;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's ClickHouse engine fixture ({@code tools/clickhouse-fixture}: the real engine, chDB,
 * behind ClickHouse's HTTP interface) on a free loopback port with its own data directory: the
 * analytics store of {@link PrometheusServerTest}'s bot, and what the guild board's SQL runs on.
 * Without Node.js the test is skipped, or fails with {@code CI=true}, as for promtool.
 */
final class ClickHouseFixture implements AutoCloseable {
    private final int port;
    private final String dsn;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private boolean stopped;

    private ClickHouseFixture(int port, String dsn) {
        this.port = port;
        this.dsn = dsn;
    }

    static ClickHouseFixture start(Path dataDir) throws Exception {
        Repo.tool("node", "/usr/bin/node");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("clickhouse-fixture-start", ".log");
        Process p = new ProcessBuilder("bash", Repo.path("tools/clickhouse-fixture/start.sh").toString(),
                Integer.toString(port), dataDir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String why = "tools/clickhouse-fixture/start.sh failed: " + Files.readString(log).strip();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        List<String> lines = Files.readAllLines(log);
        return new ClickHouseFixture(port, lines.get(lines.size() - 1).strip());
    }

    String dsn() {
        return dsn;
    }

    /** Runs {@code sql} and returns ClickHouse's JSON answer (FORMAT JSON is added); fails on an error. */
    String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dsn + "/?query="
                        + URLEncoder.encode(sql + " FORMAT JSON", StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("ClickHouse refused " + sql + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Stops the engine (the analytics store goes away under the running sink). */
    void stop() throws IOException, InterruptedException {
        if (!stopped) {
            stopped = true;
            new ProcessBuilder("bash", Repo.path("tools/clickhouse-fixture/stop.sh").toString(), Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
