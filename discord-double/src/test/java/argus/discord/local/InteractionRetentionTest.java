package argus.discord.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local Discord forgets interactions as Discord does (their token expires) and beyond a count, so a
 * demo or a load run can go on for days at any rate: what it holds stays bounded.
 */
class InteractionRetentionTest {
    private static final long APP = 1L << 40;
    private LocalRest rest;

    @BeforeEach
    void start() {
        rest = new LocalRest(APP, () -> "ws://127.0.0.1:1/", 1);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void heldInteractionsStayBoundedWhileManyAreIssuedConcurrently() throws Exception {
        int limit = 1_000;
        rest.interactionLimit(limit);
        int threads = 4;
        int perThread = 50_000;
        AtomicInteger maxHeld = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < perThread; k++) {
                        long id = base + k + 1;
                        rest.registerInteraction(id, 2, "token-" + id, 7, 8);
                        if (k % 500 == 0) {
                            maxHeld.accumulateAndGet(rest.heldInteractions(), Math::max);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxHeld.get()).as("held at any time while %d were issued", threads * perThread)
                .isPositive().isLessThanOrEqualTo(limit);
        assertThat(rest.heldInteractions()).isEqualTo(limit);
        // The newest is still answered; one long forgotten is refused as Discord refuses an expired one.
        long forgotten = 1;
        rest.registerInteraction(900_001, 2, "token-900001", 7, 8);
        assertThat(callback(900_001, "token-900001").status()).isEqualTo(204);
        Answer refused = callback(forgotten, "token-" + forgotten);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).contains("10062");
        assertThat(rest.heldInteractions()).isEqualTo(limit);
    }

    @Test
    void theDefaultLimitBoundsWhatIsHeld() {
        int issued = LocalRest.DEFAULT_INTERACTION_LIMIT + 5_000;
        for (long id = 1; id <= issued; id++) {
            rest.registerInteraction(id, 2, "t" + id, 7, 8);
        }
        assertThat(rest.heldInteractions()).isEqualTo(LocalRest.DEFAULT_INTERACTION_LIMIT);
    }

    @Test
    void answeredAndUnansweredInteractionsAreReleasedOnceTheirTokenExpired() throws Exception {
        rest.interactionLifetime(Duration.ofMillis(300));
        for (long id = 1; id <= 100; id++) {
            rest.registerInteraction(id, 2, "t" + id, 7, 8);
        }
        assertThat(callback(1, "t1").status()).as("answered within its lifetime").isEqualTo(204);
        assertThat(rest.heldInteractions()).isEqualTo(100);

        Thread.sleep(800); // well past the lifetime, whatever the machine's load
        Answer late = callback(2, "t2");
        assertThat(late.status()).as("a callback after the token expired").isEqualTo(404);
        assertThat(late.body()).contains("10062");
        Answer followUp = post("webhooks/" + APP + "/t1", "{\"content\":\"later\"}");
        assertThat(followUp.status()).as("a follow-up after the token expired").isEqualTo(404);
        assertThat(followUp.body()).contains("10015");

        rest.registerInteraction(101, 2, "t101", 7, 8);
        assertThat(rest.heldInteractions()).as("the expired 100 (answered or not) are released").isEqualTo(1);
        assertThat(callback(101, "t101").status()).isEqualTo(204);
    }

    private Answer callback(long id, String token) throws Exception {
        return post("interactions/" + id + "/" + token + "/callback", "{\"type\":4,\"data\":{\"content\":\"hi\"}}");
    }

    record Answer(int status, String body) {
    }

    private Answer post(String path, String json) throws Exception {
        // HttpURLConnection: the test runs inside the module, which does not read java.net.http.
        HttpURLConnection c = (HttpURLConnection) URI.create(rest.baseUrl() + path).toURL().openConnection();
        try {
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/json");
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, body);
        } finally {
            c.disconnect();
        }
    }
}
