package argus.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads ClickHouse directly over its HTTP interface (independently of Argus' own query code). */
final class ClickHouseHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String auth;
    private final String database;

    ClickHouseHttp(String dsn) {
        URI u = URI.create(dsn.startsWith("jdbc:") ? dsn.substring(dsn.indexOf("http")) : dsn);
        this.base = URI.create(u.getScheme() + "://" + u.getHost() + ":" + (u.getPort() < 0 ? 8123 : u.getPort()) + "/");
        String userInfo = u.getRawUserInfo();
        this.auth = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        this.database = path.isEmpty() ? null : path;
    }

    /** Runs {@code sql} and returns its rows as tab-separated fields. */
    List<List<String>> rows(String sql) {
        String uri = base + (database == null ? "" : "?database=" + database);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql + " FORMAT TabSeparated"));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("ClickHouse answered " + r.statusCode() + " to " + sql + ": " + r.body());
            }
            List<List<String>> out = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                if (!line.isEmpty()) {
                    out.add(List.of(line.split("\t", -1)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("ClickHouse query failed: " + sql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
