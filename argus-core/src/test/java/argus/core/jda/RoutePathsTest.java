package argus.core.jda;

import net.dv8tion.jda.api.requests.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The in-place parsing of JDA's compiled interaction routes: ids from callback routes, tokens from
 * follow-up routes, always against routes JDA itself compiled (so its URL encoding is the one tested).
 */
class RoutePathsTest {
    /** A Discord-shaped token: base64url of {@code interaction:<id>:<secret>}. */
    private static final String DISCORD_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpxWHZ5SGpLbE1uT3BRclN0VXZXeFl6"
            + "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo";

    private static String callback(long id, String token) {
        return Route.Interactions.CALLBACK.compile(Long.toString(id), token).withQueryParams("with_response", "true")
                .getCompiledRoute();
    }

    private static String followUp(String token) {
        return Route.Interactions.CREATE_FOLLOWUP.compile("1100000000000000001", token).getCompiledRoute();
    }

    private static String editOriginal(String token) {
        return Route.Interactions.EDIT_FOLLOWUP.compile("1100000000000000001", token, "@original").getCompiledRoute();
    }

    private static boolean tokenMatches(String path, String token) {
        int start = RoutePaths.segmentStart(path, 2);
        int end = RoutePaths.segmentEnd(path, start);
        byte[] utf8 = RoutePaths.utf8(token);
        boolean equal = RoutePaths.decodedEquals(path, start, end, utf8);
        if (equal) {
            assertThat(RoutePaths.decodedHash(path, start, end)).as("hash agrees with equality")
                    .isEqualTo(RoutePaths.tokenHash(utf8));
        }
        return equal;
    }

    @ParameterizedTest
    @ValueSource(strings = {DISCORD_TOKEN, "local-token:1", "a b+c", "100%", "tok/en?x=1&y#z", "ピン🏓", "%41", "+"})
    void anIdIsReadFromEveryCallbackRouteJdaCompiles(String token) {
        assertThat(RoutePaths.interactionId(callback(1_300_000_000_000_000_123L, token)))
                .isEqualTo(1_300_000_000_000_000_123L);
        assertThat(RoutePaths.interactionId(callback(Long.MAX_VALUE, token))).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {DISCORD_TOKEN, "local-token:1", "a b+c", "100%", "tok/en?x=1&y#z", "ピン🏓", "%41", "+"})
    void aTokenIsMatchedInFollowUpAndEditRoutesHoweverJdaEncodedIt(String token) {
        assertThat(tokenMatches(followUp(token), token)).isTrue();
        assertThat(tokenMatches(editOriginal(token), token)).isTrue();
        assertThat(tokenMatches(followUp(token), token + "x")).isFalse();
        assertThat(tokenMatches(followUp(token + "x"), token)).isFalse();
        assertThat(tokenMatches(followUp(token), "")).isFalse();
    }

    @Test
    void encodedAndDecodedFormsAreNotConfused() {
        // "%41" is the token's own text; JDA encodes it as "%2541", which must not decode to "A".
        assertThat(tokenMatches(followUp("%41"), "A")).isFalse();
        assertThat(tokenMatches(followUp("A"), "%41")).isFalse();
        assertThat(tokenMatches(followUp("a+b"), "a b")).isFalse();
        assertThat(tokenMatches(followUp("a b"), "a+b")).isFalse();
    }

    @Test
    void decodingAgreesWithUrlDecoderOnRandomTokens() {
        Random random = new Random(42);
        String alphabet = "abcXYZ019-_.~:+/ %?#&=é€🏓";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(12);
            for (int i = 0; i < len; i++) {
                int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
                b.appendCodePoint(cp);
            }
            String token = b.toString();
            String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
            assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(token);
            String path = "webhooks/1/" + encoded;
            assertThat(tokenMatches(path, token)).as("token %s as %s", token, encoded).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "//", "interactions", "interactions/", "interactions//t/callback",
            "interactions/abc/t/callback", "interactions/-1/t/callback", "interactions/+1/t/callback",
            "interactions/12a/t/callback", "interactions/99999999999999999999/t/callback",
            "interactions/9223372036854775808/t/callback", "interactions/１２３/t/callback",
            "interactions?x=1/2/3", "interactions/ 1/t/callback", "interactions/1%32/t/callback"})
    void hostileCallbackPathsGiveNoId(String path) {
        assertThat(RoutePaths.interactionId(path)).isEqualTo(-1);
    }

    @Test
    void anyDigitStringParsesExactlyAsBigIntegerWouldWithinLongRange() {
        Random random = new Random(11);
        java.math.BigInteger max = java.math.BigInteger.valueOf(Long.MAX_VALUE);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder digits = new StringBuilder();
            int length = 1 + random.nextInt(22);
            for (int k = 0; k < length; k++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            if (n % 3 == 0 && length >= 19) {
                digits.setCharAt(0, '9'); // near and above Long.MAX_VALUE
            }
            java.math.BigInteger expected = new java.math.BigInteger(digits.toString());
            long want = length > 19 || expected.compareTo(max) > 0 ? -1 : expected.longValueExact();
            String tail = switch (n % 3) {
                case 0 -> "/tok/callback?with_response=true";
                case 1 -> "?with_response=true";
                default -> "";
            };
            assertThat(RoutePaths.interactionId("interactions/" + digits + tail)).as("%s%s", digits, tail).isEqualTo(want);
        }
    }

    @Test
    void idsEndAtASlashOrQuery() {
        assertThat(RoutePaths.interactionId("interactions/123")).isEqualTo(123);
        assertThat(RoutePaths.interactionId("interactions/123?with_response=true")).isEqualTo(123);
        assertThat(RoutePaths.interactionId("interactions/0/t/callback")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "webhooks", "webhooks/1", "webhooks/1?t/x", "webhooks/1/", "webhooks/1/%",
            "webhooks/1/%4", "webhooks/1/%zz", "webhooks/1/%%41", "webhooks/1/tok\u00e9n", "webhooks/1/\ud83c",
            "webhooks/1/tok%ZZ/messages"})
    void hostileFollowUpPathsNeverThrowAndMatchOnlyWhatTheyLiterallySay(String path) {
        assertThatCode(() -> {
            int start = RoutePaths.segmentStart(path, 2);
            if (start >= 0) {
                int end = RoutePaths.segmentEnd(path, start);
                RoutePaths.decodedHash(path, start, end);
                RoutePaths.decodedEquals(path, start, end, RoutePaths.utf8("token"));
                RoutePaths.decodedEquals(path, start, end, new byte[0]);
            }
        }).doesNotThrowAnyException();
        assertThat(tokenMatchesIfPresent(path, "token")).isFalse();
    }

    @Test
    void malformedEscapesStandForThemselvesAndRawNonAsciiNeverMatches() {
        assertThat(tokenMatches("webhooks/1/%zz", "%zz")).isTrue();
        assertThat(tokenMatches("webhooks/1/%4", "%4")).isTrue();
        assertThat(tokenMatches("webhooks/1/tok\u00e9n", "tok\u00e9n")).isFalse();
        assertThat(tokenMatches("webhooks/1/", "")).isTrue();
    }

    private static boolean tokenMatchesIfPresent(String path, String token) {
        int start = RoutePaths.segmentStart(path, 2);
        return start >= 0 && tokenMatches(path, token);
    }
}
