package argus.web.dashboard;

import argus.http.Responses;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's static files, served only from this jar's own resources and only by name from a
 * fixed allow-list: a request path is looked up as an exact key, never resolved against a
 * directory, so {@code ..}, encoded traversal or absolute paths can only ever miss (404).
 *
 * <p>Assets are product code, the same in every installation, and carry no data: they are served
 * without the dashboard token so the page can load and ask for it. Everything with data is gated.
 */
public final class StaticAssets extends Handler.Abstract {
    /** Every file the dashboard serves, with its content type. */
    static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("app.js", "text/javascript; charset=utf-8"),
            Map.entry("api.js", "text/javascript; charset=utf-8"),
            Map.entry("auth.js", "text/javascript; charset=utf-8"),
            Map.entry("charts.js", "text/javascript; charset=utf-8"),
            Map.entry("format.js", "text/javascript; charset=utf-8"),
            Map.entry("overview.js", "text/javascript; charset=utf-8"),
            Map.entry("quantile.js", "text/javascript; charset=utf-8"),
            Map.entry("analytics.js", "text/javascript; charset=utf-8"),
            Map.entry("style.css", "text/css; charset=utf-8"),
            Map.entry("favicon.svg", "image/svg+xml"));

    private record Asset(String contentType, byte[] bytes, String etag) {
    }

    private final String prefix;
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** @param prefix the mount path, ending with '/' (e.g. {@code /assets/}) */
    public StaticAssets(String prefix) {
        this.prefix = prefix;
        ALLOWED.forEach((name, type) -> {
            byte[] bytes = resource(name);
            assets.put(name, new Asset(type, bytes, "\"" + sha256(bytes).substring(0, 20) + "\""));
        });
    }

    /** A resource of this package (the jar's own), failing loudly when the build left it out. */
    static byte[] resource(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Asset asset = path.startsWith(prefix) ? assets.get(path.substring(prefix.length())) : null;
        if (asset == null) {
            Responses.error(response, callback, 404, "not found");
            return true;
        }
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        // Revalidate on every load (cheap 304s): a dashboard update must never run against stale modules.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (asset.etag().equals(ifNoneMatch)) {
            response.setStatus(304);
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        response.write(true, ByteBuffer.wrap(asset.bytes()).asReadOnlyBuffer(), callback);
        return true;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
