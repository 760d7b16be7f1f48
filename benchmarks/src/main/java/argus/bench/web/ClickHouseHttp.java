package argus.bench.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The benchmark's own minimal client for ClickHouse's HTTP interface (set-up, data generation and
 * diagnosis only: the measured reads go through Argus' HTTP API). Takes the product's DSN form
 * {@code http://user:pass@host:8123[/database]}.
 */
final class ClickHouseHttp {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String auth;
    private final String database;

    ClickHouseHttp(String dsn) {
        URI u = URI.create(dsn);
        this.base = URI.create(u.getScheme() + "://" + u.getHost() + ":" + (u.getPort() < 0 ? 8123 : u.getPort()) + "/");
        String info = u.getRawUserInfo();
        this.auth = info == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                java.net.URLDecoder.decode(info, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        this.database = path.isEmpty() ? null : path;
    }

    /** Runs one statement and returns the response body; throws with ClickHouse's message on failure. */
    String query(String sql) {
        return query(sql, Duration.ofMinutes(30));
    }

    String query(String sql, Duration timeout) {
        String q = database == null ? "" : "?database=" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(q)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
        if (auth != null) {
            rb.header("Authorization", auth);
        }
        try {
            HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + r.statusCode() + " to [" + abbreviate(sql) + "]: "
                        + r.body().strip());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The first cell of the first row (TabSeparated). */
    String scalar(String sql) {
        String body = query(sql).strip();
        int tab = body.indexOf('\t');
        int nl = body.indexOf('\n');
        int end = tab < 0 ? (nl < 0 ? body.length() : nl) : (nl < 0 ? tab : Math.min(tab, nl));
        return body.substring(0, end);
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
