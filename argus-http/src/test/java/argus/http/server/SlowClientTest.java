package argus.http.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that open connections and send nothing (slowloris) hold none of them past the idle
 * deadline, and the number of open connections is capped; /metrics answers meanwhile.
 */
class SlowClientTest {

    @Test
    void silentConnectionsAreClosedAtTheDeadlineAndScrapesGoOn() throws Exception {
        Duration deadline = Duration.ofSeconds(2);
        JettyServer server = new JettyServer(TestContexts.on("127.0.0.1", 0), List.of(), JettyServer.FIRST_RETRY,
                JettyServer.LONGEST_RETRY, deadline, 64);
        List<Socket> silent = new ArrayList<>();
        try {
            server.start(TestContexts.on("127.0.0.1", 0).config());
            int port = server.port();
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes()); // headers never end
                silent.add(s);
            }
            assertThat(Http.get(port, "/metrics").statusCode()).as("a scrape among 40 stalled clients").isEqualTo(200);

            long t0 = System.nanoTime();
            for (Socket s : silent) {
                s.setSoTimeout(10_000);
                assertThat(closedByServer(s.getInputStream())).as("the server closed the stalled connection").isTrue();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("all closed within the deadline plus slack").isLessThan(deadline.plusSeconds(5));
        } finally {
            for (Socket s : silent) {
                s.close();
            }
            server.close();
        }
    }

    @Test
    void theCapHoldsBackConnectionsBeyondIt() throws Exception {
        JettyServer server = new JettyServer(TestContexts.on("127.0.0.1", 0), List.of(), JettyServer.FIRST_RETRY,
                JettyServer.LONGEST_RETRY, Duration.ofSeconds(3), 8);
        List<Socket> held = new ArrayList<>();
        try {
            server.start(TestContexts.on("127.0.0.1", 0).config());
            int port = server.port();
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes());
                held.add(s);
            }
            Thread.sleep(300);
            long t0 = System.nanoTime();
            int status = Http.get(port, "/metrics").statusCode(); // waits in the accept queue until a slot frees
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(status).isEqualTo(200);
            assertThat(waited).as("served only once the idle deadline freed a slot").isGreaterThan(Duration.ofSeconds(1));
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.close();
        }
    }

    /** Reads until the server ends the connection (a 408/400 answer may come first). */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // whatever the server says before closing
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
