package argus.core.jda;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follow-ups whose response Argus saw before the deferral they follow. JDA fires a request's
 * {@code HttpRequestEvent} only after the request's success callback has run, and a bot sends its
 * follow-up from that very callback ({@code deferReply().queue(hook -> hook.sendMessage(...).queue())}):
 * on a busy machine the follow-up's response can be handled on another thread before the deferral's
 * event, and the command would then wait in flight until it expires. The follow-up is kept here by its
 * interaction token for the deferral to find. Bounded (the newest {@value #CAPACITY}); on the REST
 * path only, never on the gateway's.
 */
final class EarlyFollowUps {
    static final int CAPACITY = 256;

    /** When the follow-up's response arrived, and its error type (null: it succeeded). */
    record FollowUp(long atMillis, String error) {
    }

    private final Map<String, FollowUp> byToken = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FollowUp> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void put(String token, long atMillis, String error) {
        byToken.put(token, new FollowUp(atMillis, error));
    }

    /** Removes and returns the follow-up of this token, or null. */
    synchronized FollowUp take(String token) {
        return byToken.isEmpty() ? null : byToken.remove(token);
    }

    /** The token segment {@code path[start, end)} of a webhook route, URL-decoded (tokens rarely need it). */
    static String token(String path, int start, int end) {
        String raw = path.substring(start, end);
        return raw.indexOf('%') < 0 ? raw : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
