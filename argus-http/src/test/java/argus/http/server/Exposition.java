package argus.http.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny parser for Prometheus text 0.0.4 / OpenMetrics sample lines, enough for tests to read
 * exact values: {@code name{label="value",...} number}, with {@code \\}, {@code \"} and {@code \n}
 * escapes in label values.
 */
final class Exposition {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    static Exposition parse(String body) {
        Exposition e = new Exposition();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                e.types.put(p[2], p[3]);
            } else if (!line.startsWith("#")) {
                e.samples.add(parseSample(line));
            }
        }
        return e;
    }

    private static Sample parseSample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("unquoted label value in: " + line);
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        v.append(next == 'n' ? '\n' : next);
                    } else {
                        v.append(c);
                    }
                }
                labels.put(label, v.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        return new Sample(name, labels, parseValue(rest[0]));
    }

    private static double parseValue(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** The value of the one sample with this name and exactly these labels (name, value pairs). */
    double value(String name, String... labelPairs) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int k = 0; k < labelPairs.length; k += 2) {
            wanted.put(labelPairs[k], labelPairs[k + 1]);
        }
        List<Sample> found = samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(wanted)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + wanted + ", found " + found.size() + " in " + samples);
        }
        return found.get(0).value;
    }

    List<Sample> samples() {
        return samples;
    }

    Map<String, String> types() {
        return types;
    }
}
