package argus.ops;

import argus.core.Catalogue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Not a parser: it removes what is not a selector
 * (strings, label matchers, ranges, grouping clauses, function calls' names, keywords, numbers) and
 * keeps the identifiers left. promtool checks the syntax; this checks the names.
 */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern BRACES = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN", "e");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = BRACES.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean call = next < s.length() && s.charAt(next) == '(';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!call && !number && !KEYWORDS.contains(id)) {
                names.add(id);
            }
        }
        return names;
    }

    /**
     * What a shipped expression may select: the catalogue's series (as Prometheus stores them), the
     * recording rules of prometheus/argus-recording.yml, and Prometheus' own {@code up} and
     * {@code ALERTS}.
     */
    static Set<String> allowed() throws IOException {
        Set<String> allowed = new LinkedHashSet<>();
        Catalogue.seriesNames().forEach(allowed::add);
        allowed.addAll(recorded());
        allowed.add("up");
        allowed.add("ALERTS");
        return allowed;
    }

    @SuppressWarnings("unchecked")
    static Set<String> recorded() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Map<String, Object> file = Repo.yaml(Repo.path("prometheus/argus-recording.yml"));
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                names.add((String) rule.get("record"));
            }
        }
        return names;
    }

    /**
     * Whether {@code expr} selects a series only Argus for JDA has (the catalogue's "Java only"), also
     * through a recording rule: such a query has nothing to show for an argus-dpy bot.
     */
    static boolean javaOnly(String expr) throws IOException {
        Map<String, String> rules = recordedExprs();
        for (String name : metricNames(expr)) {
            if (rules.containsKey(name) ? javaOnly(rules.get(name)) : Catalogue.bySeriesName(name)
                    .map(m -> m.argusDpy().equals("Java only")).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> recordedExprs() throws IOException {
        Map<String, String> out = new java.util.HashMap<>();
        Map<String, Object> file = Repo.yaml(Repo.path("prometheus/argus-recording.yml"));
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                out.put((String) rule.get("record"), (String) rule.get("expr"));
            }
        }
        return out;
    }

    static Path root() {
        return Repo.ROOT;
    }
}
