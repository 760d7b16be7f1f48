package argus.http.server;

import argus.http.LogSafe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README, "Dashboard and HTTP APIs": values from requests reach the log only through {@code LogSafe}, so a request can never
 * start a log line of its own. Captures what the server logs (slf4j-simple writes to System.err) while
 * hostile requests are rejected.
 */
class LogForgingTest extends ServerTestBase {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                originalErr.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    private String log() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void rejectedScrapesWithLineBreaksInTheirData_neverStartALogLine() throws Exception {
        int port = startOnFreePort(Map.of("metrics_auth_token", "tok"));
        String[] hostile = {
                "GET /metrics?token=x%0d%0aFORGED%20WARN%20admin HTTP/1.1\r\nHost: x\r\n",
                "GET /metrics?token=%0aFORGED HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a%0d%0aFORGED\r\n",
                "GET /metrics HTTP/1.1\r\nHost: x\r\nUser-Agent: a%0aFORGED\r\nX-Forwarded-For: 1.2.3.4%0d%0aFORGED\r\n",
                "GET /metrics%0aFORGED HTTP/1.1\r\nHost: x\r\n"};

        for (String request : hostile) {
            Http.raw(port, request + "Connection: close\r\n\r\n");
        }

        // Precondition: the capture works, the rejections were logged.
        assertThat(log()).contains("Rejected metrics scrape");
        assertThat(log().split("\\R")).noneMatch(line -> line.startsWith("FORGED"));
    }

    @Test
    void aFloodOfRejectedScrapes_logsAtMostOneLineASecond() throws Exception {
        int port = startOnFreePort(Map.of("metrics_auth_token", "tok"));
        long t0 = System.nanoTime();

        for (int i = 0; i < 300; i++) {
            Http.get(port, "/metrics", "Authorization", "Bearer wrong-" + i);
        }

        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        long lines = log().lines().filter(l -> l.contains("Rejected metrics scrape")).count();
        assertThat(lines).as("log lines for 300 rejections in %d s", seconds).isBetween(1L, seconds + 2);
    }
}
