package argus.web.dashboard;

import argus.web.api.AccessPolicy;
import argus.http.Responses;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard page at {@code dashboard_path}. Without the right token the answer is 401, but with
 * the same page as body: it holds no data, and its script asks for the token instead of showing an
 * empty page. No inline script or style (the CSP forbids both).
 */
public final class PageHandler extends Handler.Abstract {
    private final AccessPolicy access;
    private final byte[] html;

    /** @param assetBase where {@link StaticAssets} is mounted, ending with '/' */
    public PageHandler(AccessPolicy access, String assetBase) {
        this.access = access;
        String template = new String(StaticAssets.resource("index.html"), StandardCharsets.UTF_8);
        this.html = template.replace("{{ASSETS}}", escape(assetBase)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        AccessPolicy.Verdict verdict = access.check(request);
        if (verdict == AccessPolicy.Verdict.MALFORMED || verdict == AccessPolicy.Verdict.FOREIGN_HOST) {
            AccessPolicy.reject(verdict, response, callback);
            return true;
        }
        int status = verdict == AccessPolicy.Verdict.ALLOWED ? 200 : 401;
        if (status == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"argus-dashboard\"");
        }
        Responses.bytes(response, callback, status, "text/html; charset=utf-8", html);
        return true;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
