package argus.core.jda;

import net.dv8tion.jda.api.requests.RestRateLimiter;

/** Maps a 429 response to the bounded {@code scope} label. */
final class RateLimitScope {
    /** Every value of the label (see {@link #of}). */
    static final String[] SCOPES = {"bucket", "global", "shared", "unknown"};

    private RateLimitScope() {
    }

    static String of(okhttp3.Response response) {
        String scope = response.header(RestRateLimiter.SCOPE_HEADER);
        if (scope != null) {
            switch (scope) {
                case "user": return "bucket";
                case "global": return "global";
                case "shared": return "shared";
                default: return "unknown";
            }
        }
        // Older responses (and Discord's global limit) only say X-RateLimit-Global: true.
        return "true".equalsIgnoreCase(response.header(RestRateLimiter.GLOBAL_HEADER)) ? "global" : "unknown";
    }
}
