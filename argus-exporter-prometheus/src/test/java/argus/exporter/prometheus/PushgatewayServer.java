package argus.exporter.prometheus;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}, which
 * {@code scripts/ensure-test-tools.sh} installs) on a free loopback port, for as long as a test needs it.
 * With {@code CI=true} a missing binary fails the test; elsewhere it is skipped with the reason.
 */
public final class PushgatewayServer implements AutoCloseable {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/prometheus-pushgateway"),
            Path.of("/usr/local/bin/pushgateway"), Path.of("/usr/bin/pushgateway"));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final int port;
    private final Process process;

    private PushgatewayServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static PushgatewayServer start() throws IOException, InterruptedException {
        return start(freePort());
    }

    /** Starts one on {@code port} (a test restarts it on the same port to model an outage). */
    public static PushgatewayServer start(int port) throws IOException, InterruptedException {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            String why = "No Prometheus Pushgateway binary (" + CANDIDATES + "): run scripts/ensure-test-tools.sh "
                    + "or apt-get install prometheus-pushgateway";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        // No persistence: Debian's build defaults it to /var/lib/prometheus/pushgateway.data, so every
        // Pushgateway a test starts would load the groups the previous one held when it stopped.
        Process p = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port, "--persistence.file=")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        PushgatewayServer server = new PushgatewayServer(port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(server.uri("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        server.close();
        throw new IllegalStateException("the Pushgateway did not become ready on port " + port);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** What the Pushgateway serves to Prometheus: every pushed group's series. */
    public String scrape() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
