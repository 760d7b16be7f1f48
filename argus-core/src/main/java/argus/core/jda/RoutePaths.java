package argus.core.jda;

import java.nio.charset.StandardCharsets;

/**
 * Allocation-free reading of JDA's compiled interaction routes ({@code Route.CompiledRoute#getCompiledRoute()}):
 * <ul>
 *   <li>{@code interactions/{interaction_id}/{interaction_token}/callback[?query]}: the interaction id;</li>
 *   <li>{@code webhooks/{application_id}/{interaction_token}[/messages/{message_id}][?query]}: the token,
 *       compared in place, URL-decoded, against the UTF-8 bytes of a known token.</li>
 * </ul>
 * JDA URL-encodes every path parameter ({@code URLEncoder}, UTF-8: {@code %HH} escapes, {@code '+'} for
 * a space). Nothing here throws on a hostile path: a malformed id is {@code -1}, a segment that is not
 * there is empty, and a raw non-ASCII character (which JDA never produces) matches no token.
 */
final class RoutePaths {
    private RoutePaths() {
    }

    /** Start index of the n-th '/'-separated segment (query excluded), or -1 when the path has fewer. */
    static int segmentStart(String path, int n) {
        int start = 0;
        int len = path.length();
        for (int i = 0; i < n; i++) {
            int slash = -1;
            for (int j = start; j < len; j++) {
                char c = path.charAt(j);
                if (c == '?') {
                    return -1;
                }
                if (c == '/') {
                    slash = j;
                    break;
                }
            }
            if (slash < 0) {
                return -1;
            }
            start = slash + 1;
        }
        return start;
    }

    /** End (exclusive) of the segment starting at {@code start}: the next '/', '?' or the end. */
    static int segmentEnd(String path, int start) {
        int end = start;
        int len = path.length();
        while (end < len) {
            char c = path.charAt(end);
            if (c == '/' || c == '?') {
                break;
            }
            end++;
        }
        return end;
    }

    /**
     * The interaction id of an interaction callback route (segment 1, a positive decimal long), or -1
     * when that segment is missing, empty, not all ASCII digits, or out of range. One pass over the
     * digits only: the token after them is long (about 200 characters) and never read, and the first
     * slash is found with {@code String.indexOf}, which the JIT vectorises. Only used when the
     * interaction cannot be read from the JDA action that sent the callback ({@link CallbackInteractions}):
     * even this one pass cost about 100 ns per callback in place (BENCHMARKS.md, issue 2).
     */
    static long interactionId(String path) {
        int slash = path.indexOf('/');
        if (slash < 0 || path.lastIndexOf('?', slash) >= 0) {
            return -1; // no segment 1, or the query starts before it
        }
        int start = slash + 1;
        int len = path.length();
        // Digits up to the first non-digit: one range check per character; an 18-digit prefix
        // cannot overflow, so only a 19th digit needs the overflow check.
        int i = start;
        int max = Math.min(len, start + 18);
        long value = 0;
        while (i < max) {
            int d = path.charAt(i) - '0';
            if ((d | (9 - d)) < 0) {
                break;
            }
            value = value * 10 + d;
            i++;
        }
        if (i == start + 18 && i < len) {
            int d = path.charAt(i) - '0';
            if ((d | (9 - d)) >= 0) {
                if (value > (Long.MAX_VALUE - d) / 10) {
                    return -1;
                }
                value = value * 10 + d;
                i++;
            }
        }
        if (i == start) {
            return -1;
        }
        if (i < len) {
            char c = path.charAt(i);
            if (c != '/' && c != '?') {
                return -1; // a 20th digit, or not a number
            }
        }
        return value;
    }

    /** The hash {@link #decodedHash} gives a path segment that URL-encodes {@code token}. */
    static int tokenHash(byte[] utf8) {
        int h = 0;
        for (byte b : utf8) {
            h = 31 * h + (b & 0xff);
        }
        return h;
    }

    static byte[] utf8(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }

    /** Hash of the URL-decoded bytes of {@code path[start, end)}, consistent with {@link #tokenHash}. */
    static int decodedHash(String path, int start, int end) {
        int h = 0;
        int i = start;
        while (i < end) {
            int b = escapeAt(path, i, end);
            if (b >= 0) {
                i += 3;
            } else {
                char c = path.charAt(i++);
                b = c == '+' ? ' ' : c;
            }
            h = 31 * h + b;
        }
        return h;
    }

    /**
     * Whether {@code path[start, end)}, URL-decoded, is exactly {@code utf8}. A malformed escape
     * ({@code '%'} not followed by two hex digits) stands for itself, as a lenient decoder reads it.
     */
    static boolean decodedEquals(String path, int start, int end, byte[] utf8) {
        int i = start;
        int k = 0;
        while (i < end) {
            int b = escapeAt(path, i, end);
            if (b >= 0) {
                i += 3;
            } else {
                char c = path.charAt(i++);
                if (c > 0x7f) {
                    return false; // raw non-ASCII: not what JDA's encoder produces, and no UTF-8 byte
                }
                b = c == '+' ? ' ' : c;
            }
            if (k >= utf8.length || (utf8[k] & 0xff) != b) {
                return false;
            }
            k++;
        }
        return k == utf8.length;
    }

    /** The byte of a well-formed {@code %HH} escape at {@code i}, or -1. */
    private static int escapeAt(String path, int i, int end) {
        if (path.charAt(i) != '%' || i + 2 >= end) {
            return -1;
        }
        int hi = hex(path.charAt(i + 1));
        int lo = hex(path.charAt(i + 2));
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
