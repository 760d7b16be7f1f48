package argus.exporter.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real OTLP/HTTP receiver for tests: {@code POST /v1/metrics} and {@code /v1/traces} with protobuf
 * bodies, decoded with the OpenTelemetry protocol's own classes, as a collector would. It keeps every
 * request (decoded, with its headers and size) and can be told to refuse with a status.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One request as it arrived. */
    record Received<T>(T request, Map<String, List<String>> headers, int bytes, String contentType) {
        String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }
    }

    final int port;
    private final HttpServer server;
    final List<Received<ExportMetricsServiceRequest>> metrics = new CopyOnWriteArrayList<>();
    final List<Received<ExportTraceServiceRequest>> traces = new CopyOnWriteArrayList<>();
    private volatile int refuseWith; // 0: accept

    private OtlpReceiver(HttpServer server) {
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    static OtlpReceiver start() throws IOException {
        return start(0);
    }

    static OtlpReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        OtlpReceiver r = new OtlpReceiver(server);
        server.createContext("/v1/metrics", ex -> r.handle(ex, true));
        server.createContext("/v1/traces", ex -> r.handle(ex, false));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return r;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** From now on, answers every request with {@code status} (0: accept again). */
    void refuseWith(int status) {
        refuseWith = status;
    }

    /** Every span received so far, in arrival order. */
    List<Span> spans() {
        List<Span> out = new ArrayList<>();
        for (Received<ExportTraceServiceRequest> r : traces) {
            for (ResourceSpans rs : r.request().getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    out.addAll(ss.getSpansList());
                }
            }
        }
        return out;
    }

    private void handle(HttpExchange ex, boolean isMetrics) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            int refuse = refuseWith;
            if (refuse != 0) {
                byte[] text = "receiver refuses on purpose".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.sendResponseHeaders(refuse, text.length);
                ex.getResponseBody().write(text);
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            Map<String, List<String>> headers = Map.copyOf(ex.getRequestHeaders());
            byte[] answer;
            if (isMetrics) {
                metrics.add(new Received<>(ExportMetricsServiceRequest.parseFrom(body), headers, body.length, type));
                answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            } else {
                traces.add(new Received<>(ExportTraceServiceRequest.parseFrom(body), headers, body.length, type));
                answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            }
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                ex.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
