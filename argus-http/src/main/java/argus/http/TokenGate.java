package argus.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks a request's token: {@code Authorization: Bearer <token>}, or {@code ?token=} where a browser
 * needs it (EventSource cannot send headers). Compared in constant time so response timing leaks
 * nothing.
 */
public final class TokenGate {
    private final byte[] expected;
    private final boolean headerOnly;

    /** @param token the configured token; empty means "no token configured" */
    public TokenGate(String token) {
        this(token, false);
    }

    /**
     * @param headerOnly accept the token only as {@code Authorization: Bearer}: for a scraper, which can
     *                   always send the header, a token in the query would only end up in access logs
     */
    public TokenGate(String token, boolean headerOnly) {
        this.expected = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        this.headerOnly = headerOnly;
    }

    public boolean configured() {
        return expected.length > 0;
    }

    /** True when no token is configured, or the request carries the right one. */
    public boolean allows(Request request) {
        return !configured() || matches(headerOnly ? fromHeader(request) : presented(request));
    }

    /** Whether the request presented any token at all (for 401 messages and logs). */
    public static boolean presentsToken(Request request) {
        return presented(request) != null;
    }

    boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String fromHeader(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    private static String presented(Request request) {
        String header = fromHeader(request);
        if (header != null) {
            return header;
        }
        String query = request.getHttpURI().getQuery();
        if (query == null || !query.contains("token=")) {
            return null;
        }
        var values = Request.extractQueryParameters(request).getValues("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
