package argus.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback OTLP/HTTP receiver that accepts everything and counts requests and bytes (it does not
 * decode: the tests check content; the benchmarks only need an export that goes through).
 */
final class OtlpSink implements AutoCloseable {
    private final HttpServer server;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    OtlpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex; InputStream in = ex.getRequestBody()) {
                bytes.addAndGet(in.readAllBytes().length);
                requests.incrementAndGet();
                ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                ex.sendResponseHeaders(200, -1);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-otlp-sink");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
