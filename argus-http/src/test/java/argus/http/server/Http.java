package argus.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Client side of the end-to-end tests: {@link HttpURLConnection} for normal requests, a raw socket for
 * hostile ones. (Not java.net.http: the tests are compiled into the argus.http module, which does not
 * read java.net.http.)
 */
final class Http {
    private Http() {
    }

    /** A complete response; header names are case-insensitive. */
    record Response(int statusCode, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    static Response get(int port, String pathAndQuery, String... headerPairs) throws IOException {
        return send("GET", port, pathAndQuery, headerPairs);
    }

    static Response send(String method, int port, String pathAndQuery, String... headerPairs) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + pathAndQuery).openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(10_000);
            c.setUseCaches(false);
            for (int i = 0; i < headerPairs.length; i += 2) {
                c.setRequestProperty(headerPairs[i], headerPairs[i + 1]);
            }
            if (method.equals("POST") || method.equals("PUT")) {
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write("x=1".getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            c.getHeaderFields().forEach((k, v) -> {
                if (k != null) {
                    headers.put(k, v);
                }
            });
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, headers, body);
        } finally {
            c.disconnect();
        }
    }

    /** A request written byte for byte (no client-side normalisation); reads the status line and headers. */
    static RawResponse raw(int port, String requestText) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(requestText.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
                if (buf.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    break; // status line and headers are all these tests read
                }
            }
            return new RawResponse(buf.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** The head of a raw response; {@link #status()} is -1 when the server hung up without answering. */
    record RawResponse(String text) {
        int status() {
            return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        String header(String name) {
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}
