package argus.sink.clickhouse;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A fixture engine ({@code tools/clickhouse-fixture}) of one test's own, which the test can freeze
 * with SIGSTOP and thaw with SIGCONT: the whole server process stops, yet the kernel still accepts
 * connections and takes requests into its buffers. That is how the hang was found (the engine frozen
 * for 60 s), and unlike a stalling proxy it also stops the engine's own work. Its own process, so the
 * other tests' server never stops. Needs Node.js (the fixture); without it the test is skipped with
 * the reason, and with {@code CI=true} it fails.
 */
final class FreezableFixture implements AutoCloseable {
    final String dsn;
    private final int port;
    private final long pid;
    private final Thread stopAtExit;

    private FreezableFixture(String dsn, int port, long pid) {
        this.dsn = dsn;
        this.port = port;
        this.pid = pid;
        // A test that dies between freeze() and close() must not leave a stopped process behind.
        this.stopAtExit = new Thread(() -> {
            signal("CONT");
            ClickHouseTestServer.stopFixture(port);
        });
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    static FreezableFixture start() throws Exception {
        int port = ClickHouseTestServer.freePort();
        String dsn;
        try {
            dsn = ClickHouseTestServer.startFixture(port);
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw e;
            }
            dsn = Assumptions.abort("No fixture engine of this test's own to freeze: " + e.getMessage());
        }
        return new FreezableFixture(dsn, port, ClickHouseTestServer.fixturePid(port));
    }

    /** Stops the engine's process (SIGSTOP): it takes connections and requests and answers none. */
    void freeze() {
        if (!signal("STOP")) {
            throw new IllegalStateException("could not stop the fixture engine, pid " + pid);
        }
    }

    /** Lets the engine run again (SIGCONT): it works off what it was sent meanwhile and answers. */
    void thaw() {
        if (!signal("CONT")) {
            throw new IllegalStateException("could not continue the fixture engine, pid " + pid);
        }
    }

    private boolean signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        signal("CONT");
        ClickHouseTestServer.stopFixture(port);
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
    }
}
