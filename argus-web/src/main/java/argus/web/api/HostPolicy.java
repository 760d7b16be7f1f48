package argus.web.api;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which {@code Host} a token-less dashboard answers to, against DNS rebinding: a web page on an
 * attacker's domain that re-points its name at a bot on the victim's network would otherwise read the
 * dashboard through the victim's browser. Requests addressed to an IP address, {@code localhost}, or a
 * name in {@code allowed_hosts} are served; any other name is not. With a token configured the check
 * is not needed (the rebinding page cannot know the token) and every host is served.
 */
public final class HostPolicy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Every host is fine (a token protects the dashboard). */
    public static final HostPolicy ANY = new HostPolicy(null);

    private final Set<String> names;

    private HostPolicy(Set<String> names) {
        this.names = names;
    }

    /** @param allowedHosts the {@code allowed_hosts} setting: names separated by commas, may be empty */
    public static HostPolicy of(String allowedHosts) {
        return new HostPolicy(Stream.of(allowedHosts.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether a request addressed to {@code host} (the Host header's name, without the port) is served. */
    public boolean allows(String host) {
        if (names == null) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "localhost." is localhost
        }
        return h.equals("localhost") || h.startsWith("[") || h.indexOf(':') >= 0 || IPV4.matcher(h).matches()
                || names.contains(h);
    }
}
