package argus.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Small helpers for writing complete responses. */
public final class Responses {
    /** Private: a shared mapper is configurable state, and no route may change how another serializes. */
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Responses() {
    }

    public static void json(Response response, Callback callback, int status, Object body) {
        try {
            bytes(response, callback, status, "application/json", JSON.writeValueAsBytes(body));
        } catch (Exception e) {
            callback.failed(e);
        }
    }

    /** The body {@link #json} would write, for a route that caches or measures it before answering. */
    public static byte[] jsonBytes(Object body) throws IOException {
        return JSON.writeValueAsBytes(body);
    }

    public static void text(Response response, Callback callback, int status, String body) {
        bytes(response, callback, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body {@code {"error": message}}: messages name the fix, never internals. */
    public static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, Map.of("error", message));
    }

    public static void bytes(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
