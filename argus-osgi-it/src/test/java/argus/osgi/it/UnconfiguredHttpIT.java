package argus.osgi.it;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

/**
 * The HTTP runtime without a configuration (a user's own framework, where Config Admin delivers
 * {@code argus.http} after the bundles start): it listens on loopback only, on the default port, and
 * moves to the configured address once the configuration arrives.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UnconfiguredHttpIT extends ArgusOsgiSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DEFAULT_PORT = 9191;

    @Test
    public void withoutAConfigurationItListensOnLoopbackOnlyUntilOneArrives() throws Exception {
        await(() -> get("/healthz").status() == 200, WAIT, () -> "/healthz: " + get("/healthz"));
        assumeTrue("port " + DEFAULT_PORT + " is taken on this machine", bindable(DEFAULT_PORT));
        Configuration http = configAdmin.getConfiguration("argus.http", "?");
        Dictionary<String, Object> saved = new Hashtable<>();
        for (var keys = http.getProperties().keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (!k.contains(".")) {
                saved.put(k, http.getProperties().get(k));
            }
        }
        try {
            http.delete();
            await(() -> status("127.0.0.1", DEFAULT_PORT) == 200, WAIT,
                    () -> "nothing on 127.0.0.1:" + DEFAULT_PORT + "; " + diagnostics());
            Optional<InetAddress> external = externalAddress();
            if (external.isPresent()) {
                assertTrue("reachable on " + external.get().getHostAddress() + ":" + DEFAULT_PORT
                        + " before any configuration", !connects(external.get(), DEFAULT_PORT));
            } else {
                System.out.println("UNCONFIGURED HTTP: no non-loopback address on this machine to check against");
            }
        } finally {
            configAdmin.getConfiguration("argus.http", "?").update(saved);
        }
        await(() -> get("/healthz").status() == 200, WAIT, () -> "/healthz after the configuration came back: "
                + get("/healthz"));
        await(() -> status("127.0.0.1", DEFAULT_PORT) != 200, WAIT, () -> "still on the default port");
        assertEquals(200, get("/metrics").status());
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int status(String host, int port) {
        return statusOf("http://" + host + ":" + port + "/healthz");
    }
}
