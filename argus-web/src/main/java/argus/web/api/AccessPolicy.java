package argus.web.api;

import argus.http.LogSafe;
import argus.http.RateLimitedLog;
import argus.http.Responses;
import argus.http.TokenGate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Who may read the dashboard's data (README, "Dashboard and HTTP APIs"): with {@code dashboard_auth_token} set, every
 * request must carry it ({@code Authorization: Bearer} or {@code ?token=}); per-guild analytics
 * additionally fails closed (403) while no token is configured at all (invariant 7).
 *
 * <p>Rejections are logged with the path (never the query, which may hold a token) and the remote
 * address, CR/LF-stripped and truncated by {@link LogSafe}; at most one line per second so a token
 * guesser cannot flood the bot's log.
 */
public final class AccessPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(AccessPolicy.class);
    private static final long LOG_EVERY_NANOS = 1_000_000_000L;
    static final String REALM = "Bearer realm=\"argus-dashboard\"";
    static final String UNAUTHORIZED = "dashboard_auth_token is set: send Authorization: Bearer <token> or open the "
            + "page once with ?token=<token>";
    static final String FORBIDDEN = "analytics requires dashboard_auth_token: per-guild data is never served without "
            + "a token; set ARGUS_DASHBOARD_AUTH_TOKEN (or the dashboard_auth_token setting) and send it";

    static final String FOREIGN_HOST = "this dashboard has no dashboard_auth_token, so it answers only requests "
            + "addressed to an IP address, localhost or a name in allowed_hosts (against DNS rebinding): add this "
            + "name to allowed_hosts, or set dashboard_auth_token";

    private final TokenGate gate;
    private final HostPolicy hosts;
    private final RateLimitedLog rejections = new RateLimitedLog(java.time.Duration.ofNanos(LOG_EVERY_NANOS));

    public AccessPolicy(TokenGate gate) {
        this(gate, HostPolicy.ANY);
    }

    /** @param hosts the names a token-less dashboard answers to; not consulted while a token is configured */
    public AccessPolicy(TokenGate gate, HostPolicy hosts) {
        this.gate = gate;
        this.hosts = gate.configured() ? HostPolicy.ANY : hosts;
    }

    /** Whether a dashboard token is configured at all. */
    public boolean tokenConfigured() {
        return gate.configured();
    }

    /** The outcome of checking one request. */
    public enum Verdict { ALLOWED, NO_TOKEN, WRONG_TOKEN, MALFORMED, FOREIGN_HOST }

    /** Checks a request without answering it; rejections are logged. */
    public Verdict check(Request request) {
        if (!hosts.allows(Request.getServerName(request))) {
            rejections.log(skipped -> LOG.warn("Refused dashboard request {} addressed to host {} (not in allowed_hosts){}",
                    LogSafe.clean(request.getHttpURI().getPath()), LogSafe.clean(Request.getServerName(request)),
                    RateLimitedLog.more(skipped, "refusals")));
            return Verdict.FOREIGN_HOST;
        }
        boolean presented;
        boolean allowed;
        try {
            allowed = gate.allows(request);
            presented = TokenGate.presentsToken(request);
        } catch (RuntimeException malformedQuery) {
            return Verdict.MALFORMED;
        }
        if (allowed) {
            return Verdict.ALLOWED;
        }
        logRejection(request, presented ? "wrong" : "no");
        return presented ? Verdict.WRONG_TOKEN : Verdict.NO_TOKEN;
    }

    /**
     * Lets the request through (true) or answers it with 401/400 JSON (false). For handlers whose
     * rejection is a plain JSON error.
     */
    public boolean admit(Request request, Response response, Callback callback) {
        Verdict v = check(request);
        if (v == Verdict.ALLOWED) {
            return true;
        }
        reject(v, response, callback);
        return false;
    }

    /** Answers a rejected request: 400 for a query string that cannot be read, 401 otherwise. */
    public static void reject(Verdict verdict, Response response, Callback callback) {
        if (verdict == Verdict.MALFORMED) {
            Responses.error(response, callback, 400, "malformed query string");
            return;
        }
        if (verdict == Verdict.FOREIGN_HOST) {
            Responses.error(response, callback, 403, FOREIGN_HOST);
            return;
        }
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, REALM);
        Responses.error(response, callback, 401, UNAUTHORIZED);
    }

    /** The analytics answer while no token is configured: 403, naming the setting that fixes it. */
    public static void forbidWithoutToken(Response response, Callback callback) {
        Responses.error(response, callback, 403, FORBIDDEN);
    }

    private void logRejection(Request request, String which) {
        // The path only: the query may carry a (wrong or right) token and is never logged.
        rejections.log(skipped -> LOG.warn("Rejected dashboard request {} from {}: {} token{}",
                LogSafe.clean(request.getHttpURI().getPath()), LogSafe.clean(Request.getRemoteAddr(request)), which,
                RateLimitedLog.more(skipped, "rejections")));
    }
}
