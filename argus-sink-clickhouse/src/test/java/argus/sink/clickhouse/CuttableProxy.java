package argus.sink.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of the test ClickHouse whose link can be cut, stalled and restored.
 * While cut, open connections are reset and new ones refused, which is what a client sees when the
 * server goes down. While stalled, connections stay open and new ones are accepted, but nothing
 * sent is answered (it is read and discarded), which is what a client sees when the server hangs.
 * Works for every kind of test server (env DSN, container, fixture).
 */
final class CuttableProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private volatile boolean stalled;

    CuttableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = ClickHouseTestServer.freePort();
        listen();
    }

    int port() {
        return port;
    }

    /** Resets every open connection and refuses new ones. */
    synchronized void cut() throws IOException {
        ServerSocket l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
        resetOpenConnections();
    }

    private void resetOpenConnections() {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0); // RST, as a crashed server's host would answer
                s.close();
            } catch (IOException ignored) {
                // already closed by its pump
            }
        }
        open.clear();
    }

    /**
     * Cuts the link between two requests: once the last bytes that flowed were an answer and nothing has
     * flowed for a moment. A cut in the middle of an insert whose rows the server already stored loses
     * only the answer, and the sink then sends the batch again (at-least-once, see the README); tests of
     * outages and recovery use this to keep their exact row counts free of that separate case.
     */
    void cutBetweenRequests() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                long now = System.nanoTime();
                long last = Math.max(lastRequestByte, lastAnswerByte);
                if (lastAnswerByte >= lastRequestByte && now - last >= QUIET_NANOS) {
                    cut();
                    return;
                }
            }
            Thread.sleep(5);
        }
        cut(); // never quiet for 10 s: cut anyway
    }

    private static final long QUIET_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
    private volatile long lastRequestByte;
    private volatile long lastAnswerByte;

    /** Keeps accepting connections but never answers on any of them. */
    synchronized void stall() {
        stalled = true;
    }

    /**
     * Answers again: after a stall, connections that saw it are reset (their requests were lost, as
     * after a server restart) and new ones are forwarded; after a cut, connections are accepted again.
     */
    synchronized void restore() throws IOException {
        if (stalled) {
            resetOpenConnections();
            stalled = false;
        }
        if (listener == null) {
            listen();
        }
    }

    private void listen() throws IOException {
        ServerSocket l = new ServerSocket();
        l.setReuseAddress(true);
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = l;
        Thread t = new Thread(() -> acceptLoop(l), "proxy-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(ServerSocket l) {
        while (!closed && !l.isClosed()) {
            try {
                Socket client = l.accept();
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                return; // listener closed by cut() or close()
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (stalled) {
                        continue; // a hung server: takes the bytes, never answers
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    if (request) {
                        lastRequestByte = System.nanoTime();
                    } else {
                        lastAnswerByte = System.nanoTime();
                    }
                }
            } catch (IOException ignored) {
                // the other side went away or the link was cut
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
    }
}
