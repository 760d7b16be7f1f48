package argus.http.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Security headers on every response (README, "Dashboard and HTTP APIs"): a CSP that allows no inline script, no
 * sniffing, no framing, no referrer leaks of tokens in URLs.
 */
final class SecurityHeaders extends Handler.Wrapper {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public SecurityHeaders(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        apply(response.getHeaders());
        return super.handle(request, response, callback);
    }

    /**
     * Puts the headers on a response. Public for the server's error handler: requests Jetty rejects
     * before any handler runs (400, 414, 431) never pass through this wrapper.
     */
    public static void apply(HttpFields.Mutable h) {
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("Permissions-Policy", "interest-cohort=()");
    }
}
