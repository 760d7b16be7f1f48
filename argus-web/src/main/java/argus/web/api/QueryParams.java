package argus.web.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strictly parsed query string: bounded size, strict percent-decoding into strict UTF-8, and no
 * parameter given twice. Anything else is a {@link BadRequest} (400), never a server error.
 */
public final class QueryParams {
    static final int MAX_QUERY_CHARS = 2048;
    static final int MAX_PARAMS = 16;

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses a raw (still encoded) query string; null means none.
     *
     * @param accepted the parameter names allowed; any other name is rejected
     */
    public static QueryParams parse(String rawQuery, Set<String> accepted) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParams(Collections.unmodifiableMap(out));
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            throw new BadRequest("query string too long (at most " + MAX_QUERY_CHARS + " characters)");
        }
        List<String> pairs = split(rawQuery);
        if (pairs.size() > MAX_PARAMS) {
            throw new BadRequest("too many query parameters (at most " + MAX_PARAMS + ")");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!accepted.contains(name)) {
                throw new BadRequest("unknown parameter '" + printable(name) + "': accepted are "
                        + String.join(", ", accepted.stream().sorted().toList()));
            }
            if (out.putIfAbsent(name, value) != null) {
                throw new BadRequest("parameter " + name + " given more than once");
            }
        }
        return new QueryParams(Collections.unmodifiableMap(out));
    }

    /** The value, or null when the parameter is absent. */
    public String get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private static List<String> split(String raw) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i == raw.length() || raw.charAt(i) == '&') {
                parts.add(raw.substring(start, i));
                start = i + 1;
                if (parts.size() > MAX_PARAMS) {
                    break;
                }
            }
        }
        return parts;
    }

    static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new BadRequest("malformed query string");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadRequest("malformed query string");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x20 || c > 0x7e) {
                throw new BadRequest("malformed query string");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("malformed query string (not UTF-8)");
        }
    }

    /** A parameter name as it may be echoed in an error message: short, printable ASCII only. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return b.toString();
    }

    /** A request the client must fix; answered with 400 and this message. */
    public static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
