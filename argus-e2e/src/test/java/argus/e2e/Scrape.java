package argus.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of {@code /metrics} over HTTP, parsed from the Prometheus text format: every sample
 * with its name, labels and value. Label values here never contain '"' or ',' escapes that matter
 * (command names and types are plain words), so a small parser suffices.
 */
final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Sample(String name, Map<String, String> labels, double value) {
    }

    final String text;
    final List<Sample> samples = new ArrayList<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                int i = 0;
                while (i < body.length()) {
                    int eq = body.indexOf('=', i);
                    int q1 = body.indexOf('"', eq);
                    int q2 = q1 + 1;
                    StringBuilder v = new StringBuilder();
                    while (body.charAt(q2) != '"') {
                        if (body.charAt(q2) == '\\') {
                            q2++;
                        }
                        v.append(body.charAt(q2++));
                    }
                    labels.put(body.substring(i, eq).trim(), v.toString());
                    i = q2 + 1;
                    if (i < body.length() && body.charAt(i) == ',') {
                        i++;
                    }
                }
            } else {
                name = line.substring(0, space);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
        }
    }

    static Scrape of(int port) {
        HttpResponse<String> r = get(URI.create("http://127.0.0.1:" + port + "/metrics"), null);
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return new Scrape(r.body());
    }

    /** The sum of every sample named {@code name} whose labels include {@code labels} (pairs). */
    double sum(String name, String... labels) {
        double total = 0;
        boolean any = false;
        for (Sample s : samples) {
            if (s.name.equals(name) && matches(s.labels, labels)) {
                total += s.value;
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    /** Like {@link #sum} but 0 when no sample matches. */
    double sumOrZero(String name, String... labels) {
        double v = sum(name, labels);
        return Double.isNaN(v) ? 0 : v;
    }

    /** Every distinct value of {@code label} among samples named {@code name}, with the summed values. */
    Map<String, Double> by(String name, String label, String... filter) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (Sample s : samples) {
            if (s.name.equals(name) && matches(s.labels, filter) && s.labels.containsKey(label)) {
                out.merge(s.labels.get(label), s.value, Double::sum);
            }
        }
        return out;
    }

    private static boolean matches(Map<String, String> have, String... want) {
        for (int i = 0; i < want.length; i += 2) {
            if (!want[i + 1].equals(have.get(want[i]))) {
                return false;
            }
        }
        return true;
    }

    static HttpResponse<String> get(URI uri, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
