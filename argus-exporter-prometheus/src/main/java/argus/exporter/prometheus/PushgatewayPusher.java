package argus.exporter.prometheus;

import argus.api.health.Health;
import argus.api.metrics.MetricsSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes every metric to a Prometheus Pushgateway on a thread of its own, for bots on hosts nobody can
 * scrape (hosting panels, containers without an inbound port). One group per process,
 * {@code /metrics/job/<job>/cluster/<cluster>}, replaced on each push ({@code PUT}) and deleted on a
 * clean stop so that a stopped bot does not look alive forever. A Pushgateway that is down or slow
 * costs the bot nothing: each push has a deadline, its outcome is the subsystem's health, and the log
 * gets one line per change of state, not one per failed push.
 *
 * <pre>{@code
 * PushgatewayPusher p = PushgatewayPusher.start(URI.create("http://pgw:9091"), "argus", "eu-1",
 *         registry, Duration.ofSeconds(15));
 * p.health();   // up after a push went through
 * p.close();    // a last push is not made: the group is deleted
 * }</pre>
 */
public final class PushgatewayPusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushgatewayPusher.class);
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final URI group;
    private final String where;
    private final String authorization;
    private final MetricsSource metrics;
    private final PrometheusFormat format = new PrometheusFormat();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService thread;
    private volatile Health health;
    /** Whether the last push went through; null before the first (only the push thread writes it). */
    private Boolean lastUp;

    private PushgatewayPusher(URI base, String authorization, String job, String cluster, MetricsSource metrics) {
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        // job and cluster are label values of [A-Za-z0-9._-] (validated settings): safe as path segments.
        this.group = URI.create(base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
                + path + "/metrics/job/" + job + "/cluster/" + cluster);
        this.where = base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort()) + path;
        this.authorization = authorization;
        this.metrics = metrics;
        this.health = Health.down("no push to " + where + " yet");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "argus-pushgateway");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts pushing now and then every {@code interval}. {@code base} is the Pushgateway's address;
     * user information in it becomes HTTP basic authentication and never appears in a log line.
     */
    public static PushgatewayPusher start(URI base, String job, String cluster, MetricsSource metrics, Duration interval) {
        String auth = base.getRawUserInfo() == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                java.net.URLDecoder.decode(base.getRawUserInfo(), java.nio.charset.StandardCharsets.UTF_8)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PushgatewayPusher p = new PushgatewayPusher(base, auth, job, cluster, metrics);
        p.thread.scheduleWithFixedDelay(p::pushOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Pushing metrics to the Pushgateway at {} every {} s (group job={}, cluster={})", p.where,
                interval.toMillis() / 1000.0, job, cluster);
        return p;
    }

    /** Up while the last push went through; down with the reason otherwise. */
    public Health health() {
        return health;
    }

    /** The group's address on the Pushgateway (no credentials). */
    public URI group() {
        return group;
    }

    void pushOnce() {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            String type = format.negotiate(null); // text 0.0.4: what every Pushgateway version reads
            format.write(body, metrics.snapshot(), type);
            HttpResponse<String> r = http.send(request(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()), "PUT")
                    .header("Content-Type", type).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                became(Health.up("pushed " + body.size() + " bytes to " + where));
            } else {
                became(Health.down("the Pushgateway at " + where + " answered " + r.statusCode() + ": "
                        + firstLine(r.body())));
            }
        } catch (IOException | RuntimeException e) {
            became(Health.down("push to " + where + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + firstLine(e.getMessage()) + ")")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(HttpRequest.BodyPublisher body, String method) {
        HttpRequest.Builder b = HttpRequest.newBuilder(group).timeout(DEADLINE).method(method, body);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private void became(Health next) {
        health = next;
        Boolean before = lastUp;
        lastUp = next.up();
        if (before == null || before != next.up()) { // one line per change of state, none per repeated failure
            if (next.up()) {
                LOG.info("Pushgateway {}: pushing ({})", where, next.detail());
            } else {
                LOG.warn("Pushgateway {}: {}; retrying every push interval", where, next.detail());
            }
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Stops pushing and deletes the group, so a stopped bot is not shown as alive (bounded by the deadline). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            HttpResponse<Void> r = http.send(request(HttpRequest.BodyPublishers.noBody(), "DELETE").build(),
                    HttpResponse.BodyHandlers.discarding());
            LOG.info("Pushgateway {}: group deleted ({})", where, r.statusCode());
        } catch (IOException | RuntimeException e) {
            LOG.info("Pushgateway {}: the group could not be deleted on stop ({})", where, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health = Health.down("stopped");
    }
}
