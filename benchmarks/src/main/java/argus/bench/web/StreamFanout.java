package argus.bench.web;

import argus.core.Argus;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /api/stream} fan-out, measured from the outside: N real SSE viewers (java.net.http, one
 * HTTP/1.1 connection each) against Argus started on the {@link RealisticBot} registry.
 *
 * <p>What proves "one build per interval, shared": every snapshot frame carries {@code id: <seq>},
 * the sequence number of the build that produced it (the dashboard's cache numbers every build,
 * whoever triggered it). So the id advance over a window <em>is</em> the number of registry
 * snapshots built in that window, and identical payload hashes for the same id across viewers show
 * that they got the same bytes. Viewers turned away with 503 fall back to polling
 * {@code /api/snapshot} once per interval (the documented fallback); their bodies are checked against
 * the stream's payloads. Server CPU is the CPU time of every JVM thread that is not a client thread
 * (viewer/poller threads and the JDK HttpClient's own), measured with ThreadMXBean over the window;
 * the subset in threads named {@code argus-*} (the HTTP pool and the dashboard stream scheduler) is
 * reported as well.
 */
final class StreamFanout {
    static final String TOKEN = "bench-dashboard-token";

    private final int intervals;
    private final List<Integer> viewerCounts;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String> rows = new ArrayList<>();
    private String base;
    private long intervalMs;

    StreamFanout(int intervals, List<Integer> viewerCounts) {
        this.intervals = intervals;
        this.viewerCounts = viewerCounts;
    }

    void run() throws Exception {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        try (RealisticBot bot = RealisticBot.start(b -> b.dashboardAuthToken(TOKEN))) {
            Argus argus = bot.argus();
            if (argus.port() <= 0) {
                throw new IllegalStateException("Argus started no HTTP server (is argus-web on the class path?)");
            }
            base = "http://127.0.0.1:" + argus.port();
            DataObject config = DataObject.fromJson(get("/api/config").body());
            intervalMs = config.getLong("dashboard_interval_ms");
            byte[] snapshot = get("/api/snapshot").body().getBytes(StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "%n== /api/stream fan-out: Argus %s, dashboard interval %d ms, "
                    + "/api/snapshot JSON %,d bytes; window %d intervals per step%n", base, intervalMs, snapshot.length,
                    intervals);

            long lastId = -1;
            for (int n : viewerCounts) {
                lastId = step(n, lastId);
                if (n == viewerCounts.get(0)) {
                    lastId = idle(lastId);
                }
            }
            System.out.println();
            System.out.println("CPU columns: ms of CPU per interval; 'stream thread' = argus-dashboard-stream (builds, "
                    + "serialises, starts every write), 'argus-*' adds the argus-http pool, 'server JVM' = every thread "
                    + "but the benchmark's clients (includes the idle JDA shards and the local Discord)");
            System.out.println("| viewers asked | streams (200) | 503 + Retry-After | pollers | builds/interval | "
                    + "frames/viewer/interval | identical payloads | frame bytes | SSE bytes out/interval | "
                    + "poll bytes/interval | CPU stream thread | CPU argus-* | CPU server JVM | CPU clients |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
        }
    }

    /**
     * No viewer for a whole window. Ids alone cannot tell builds made for a viewer that just left (the
     * server only notices a closed stream when a write fails) from builds made for nobody, so: probe A
     * (id a), leave, wait 3 intervals, probe B (id b): b - a - 1 builds were made after A left (its
     * trailing builds); leave again, wait 3 + {@code intervals} intervals (CPU measured over the last
     * {@code intervals}), probe C (id c): c - b - 1 builds over that longer wait, to compare with b - a - 1.
     */
    private long idle(long lastId) throws Exception {
        long a = probe();
        Thread.sleep(3 * intervalMs);
        long b = probe();
        Thread.sleep(3 * intervalMs);
        Map<Long, Long> cpu0 = cpuByThread();
        long t0 = System.nanoTime();
        Thread.sleep(intervals * intervalMs);
        double n = (System.nanoTime() - t0) / 1e6 / intervalMs;
        Map<Long, Long> cpu1 = cpuByThread();
        long c = probe();
        System.out.printf(Locale.ROOT, "idle: probe viewers got builds #%d, #%d, #%d: %d builds in the 3 intervals after a "
                        + "viewer left, %d in the %.0f intervals after the next one left; with nobody connected for %.1f "
                        + "intervals: server CPU %.2f ms/interval (argus-* threads %.2f)%n",
                a, b, c, b - a - 1, c - b - 1, 3 + n, n, serverCpuMs(cpu0, cpu1, null) / n,
                serverCpuMs(cpu0, cpu1, "argus-") / n);
        Thread.sleep(3 * intervalMs);
        return c;
    }

    /** Opens a viewer, returns the id of its first snapshot frame and closes it. */
    private long probe() throws Exception {
        Viewer v = new Viewer(500);
        v.start();
        v.awaitHeaders(10_000);
        v.awaitFrames(1, 3 * intervalMs);
        long id = v.frames.get(0).id;
        v.close();
        return id;
    }

    /** One step with {@code n} viewers; returns the highest build id seen. */
    private long step(int n, long previousId) throws Exception {
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            viewers.add(new Viewer(i));
        }
        viewers.forEach(Viewer::start);
        for (Viewer v : viewers) {
            v.awaitHeaders(10_000);
        }
        List<Viewer> admitted = viewers.stream().filter(v -> v.status == 200).toList();
        List<Viewer> rejected = viewers.stream().filter(v -> v.status != 200).toList();
        Set<String> rejectStatuses = new HashSet<>();
        for (Viewer v : rejected) {
            rejectStatuses.add(v.status + " Retry-After=" + v.retryAfter + " body=" + v.errorBody);
        }
        for (Viewer v : admitted) {
            v.awaitFrames(1, 3 * intervalMs);
        }
        List<Poller> pollers = new ArrayList<>();
        for (int i = 0; i < rejected.size(); i++) {
            pollers.add(new Poller(i));
        }
        pollers.forEach(Poller::start);
        Thread.sleep(intervalMs);

        int[] start = new int[admitted.size()];
        for (int i = 0; i < admitted.size(); i++) {
            start[i] = admitted.get(i).frames.size();
        }
        long bytes0 = admitted.stream().mapToLong(v -> v.bytes.get()).sum();
        pollers.forEach(p -> p.counting = true);
        Map<Long, Long> cpu0 = cpuByThread();
        long t0 = System.nanoTime();
        Thread.sleep(intervals * intervalMs);
        Map<Long, Long> cpu1 = cpuByThread();
        long t1 = System.nanoTime();
        pollers.forEach(p -> p.counting = false);
        long bytes1 = admitted.stream().mapToLong(v -> v.bytes.get()).sum();
        double windowIntervals = (t1 - t0) / 1e6 / intervalMs;

        // Builds in the window from the id advance seen by the first viewer, identical payloads by id across all.
        Map<Long, Integer> hashById = new HashMap<>();
        Map<Long, Integer> lengthById = new HashMap<>();
        long minId = Long.MAX_VALUE;
        long maxId = -1;
        long framesTotal = 0;
        int mismatches = 0;
        for (int i = 0; i < admitted.size(); i++) {
            List<Frame> w;
            synchronized (admitted.get(i).frames) {
                w = new ArrayList<>(admitted.get(i).frames.subList(start[i], admitted.get(i).frames.size()));
            }
            framesTotal += w.size();
            for (Frame f : w) {
                minId = Math.min(minId, f.id);
                maxId = Math.max(maxId, f.id);
                Integer h = hashById.putIfAbsent(f.id, f.hash);
                lengthById.putIfAbsent(f.id, f.length);
                if (h != null && h != f.hash) {
                    mismatches++;
                }
            }
        }
        Viewer first = admitted.isEmpty() ? null : admitted.get(0);
        double buildsPerInterval = Double.NaN;
        if (first != null) {
            List<Frame> w = first.frames.subList(start[0], first.frames.size());
            if (w.size() >= 2) {
                Frame a = w.get(0);
                Frame b = w.get(w.size() - 1);
                buildsPerInterval = (b.id - a.id) / ((b.atNanos - a.atNanos) / 1e6 / intervalMs);
            }
        }
        int pollsOk = pollers.stream().mapToInt(p -> p.ok.get()).sum();
        int pollsShared = 0;
        Set<Integer> hashes = new HashSet<>(hashById.values());
        if (first != null) {
            synchronized (first.frames) {
                first.frames.forEach(f -> hashes.add(f.hash));
            }
        }
        for (Poller p : pollers) {
            for (int h : p.hashes) {
                if (hashes.contains(h)) {
                    pollsShared++;
                }
            }
        }
        double serverMs = serverCpuMs(cpu0, cpu1, null) / windowIntervals;
        double argusMs = serverCpuMs(cpu0, cpu1, "argus-") / windowIntervals;
        double streamMs = serverCpuMs(cpu0, cpu1, "argus-dashboard-stream") / windowIntervals;
        long pollBytes = pollers.stream().mapToLong(p -> p.bytes.get()).sum();
        double clientMs = clientCpuMs(cpu0, cpu1) / windowIntervals;
        double meanFrame = lengthById.values().stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
        String identical = admitted.isEmpty() ? "n/a" : (mismatches == 0 ? "yes" : "NO (" + mismatches + " differ)")
                + " (" + hashById.size() + " builds #" + minId + "..#" + maxId + ")";

        System.out.printf(Locale.ROOT, "%d viewers asked: %d streaming, %d refused %s; %d pollers (%d polls in window, "
                        + "%d of them the stream's own payload); window %.1f intervals, %d frames received, builds "
                        + "#%d..#%d, previous step ended at #%d%n",
                n, admitted.size(), rejected.size(), rejectStatuses, pollers.size(), pollsOk, pollsShared,
                windowIntervals, framesTotal, minId == Long.MAX_VALUE ? -1 : minId, maxId, previousId);
        rows.add(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.2f | %s | %,.0f | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f |",
                n, admitted.size(), rejected.size(), pollers.size(), buildsPerInterval,
                admitted.isEmpty() ? Double.NaN : framesTotal / (double) admitted.size() / windowIntervals,
                identical, meanFrame + "id: \nevent: snapshot\ndata: \n\n".length() + digits(maxId),
                (bytes1 - bytes0) / windowIntervals, pollBytes / windowIntervals, streamMs, argusMs, serverMs, clientMs));

        if (n > admitted.size() && !admitted.isEmpty()) {
            freedSlot(admitted.get(admitted.size() - 1));
        }
        pollers.forEach(Poller::close);
        viewers.forEach(Viewer::close);
        long seen = maxId;
        for (Viewer v : admitted) {
            synchronized (v.frames) {
                for (Frame f : v.frames) {
                    seen = Math.max(seen, f.id);
                }
            }
        }
        Thread.sleep(2 * intervalMs); // the server notices closed streams on its next write
        return seen;
    }

    /** At the cap: one viewer leaves; how soon is a new one admitted? */
    private void freedSlot(Viewer leaving) throws Exception {
        Viewer probe = new Viewer(999);
        probe.start();
        probe.awaitHeaders(10_000);
        String before = "a new viewer while at the cap: " + probe.status + " Retry-After=" + probe.retryAfter;
        probe.close();
        leaving.close();
        long t0 = System.nanoTime();
        int status = -1;
        int attempts = 0;
        while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(5 * intervalMs)) {
            Thread.sleep(intervalMs / 4);
            Viewer retry = new Viewer(1000 + attempts++);
            retry.start();
            retry.awaitHeaders(10_000);
            status = retry.status;
            retry.close();
            if (status == 200) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "cap: %s; after one stream closed, a new viewer got %d within %.1f s (%d attempts)%n",
                before, status, (System.nanoTime() - t0) / 1e9, attempts);
    }

    private static int digits(long id) {
        return Long.toString(Math.max(id, 0)).length();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private Map<Long, Long> cpuByThread() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                out.put(id, cpu);
            }
        }
        return out;
    }

    private static boolean clientThread(String name) {
        return name.startsWith("bench-") || name.startsWith("HttpClient") || name.equals("main");
    }

    /** CPU of non-client threads over the window (threads born meanwhile count from zero). */
    private double serverCpuMs(Map<Long, Long> before, Map<Long, Long> after, String prefix) {
        long sum = 0;
        for (var e : after.entrySet()) {
            var info = threads.getThreadInfo(e.getKey());
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (clientThread(name) || (prefix != null && !name.startsWith(prefix))) {
                continue;
            }
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum / 1e6;
    }

    private double clientCpuMs(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (var e : after.entrySet()) {
            var info = threads.getThreadInfo(e.getKey());
            if (info != null && clientThread(info.getThreadName()) && !info.getThreadName().equals("main")) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum / 1e6;
    }

    record Frame(long id, long atNanos, int length, int hash) {
    }

    /** One SSE viewer on its own thread and connection. */
    private final class Viewer {
        final int index;
        final List<Frame> frames = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong bytes = new AtomicLong();
        final CountDownLatch headers = new CountDownLatch(1);
        volatile int status = -1;
        volatile String retryAfter;
        volatile String errorBody;
        private volatile InputStream in;
        private volatile boolean closed;
        private Thread thread;

        Viewer(int index) {
            this.index = index;
        }

        void start() {
            thread = new Thread(this::read, "bench-viewer-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        void awaitHeaders(long millis) throws InterruptedException {
            if (!headers.await(millis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("viewer " + index + ": no response headers within " + millis + " ms");
            }
        }

        void awaitFrames(int count, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (frames.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("viewer " + index + ": no snapshot frame within " + millis + " ms");
                }
                Thread.sleep(10);
            }
        }

        private void read() {
            try {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/stream"))
                        .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                status = r.statusCode();
                retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                if (status != 200) {
                    try (InputStream body = r.body()) {
                        errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
                    }
                    headers.countDown();
                    return;
                }
                in = new FilterInputStream(r.body()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            bytes.incrementAndGet();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        if (n > 0) {
                            bytes.addAndGet(n);
                        }
                        return n;
                    }
                };
                headers.countDown();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
                long id = -1;
                String data = null;
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4).strip());
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    } else if (line.isEmpty()) {
                        if (data != null) {
                            frames.add(new Frame(id, System.nanoTime(), data.getBytes(StandardCharsets.UTF_8).length,
                                    data.hashCode()));
                        }
                        data = null;
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    errorBody = e.toString();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                headers.countDown();
            }
        }

        void close() {
            closed = true;
            InputStream s = in;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a stream the server may already have ended
                }
            }
        }
    }

    /** A refused viewer's fallback: GET /api/snapshot once per interval. */
    private final class Poller {
        final int index;
        final AtomicInteger ok = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        final List<Integer> hashes = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean counting;
        private volatile boolean closed;

        Poller(int index) {
            this.index = index;
        }

        void start() {
            Thread t = new Thread(() -> {
                while (!closed) {
                    try {
                        HttpResponse<String> r = get("/api/snapshot");
                        if (counting) {
                            ok.incrementAndGet();
                            bytes.addAndGet(r.body().getBytes(StandardCharsets.UTF_8).length);
                            hashes.add(r.body().hashCode());
                        }
                        Thread.sleep(intervalMs);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException | RuntimeException e) {
                        if (!closed) {
                            System.out.println("poller " + index + ": " + e);
                        }
                        return;
                    }
                }
            }, "bench-poller-" + index);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            closed = true;
        }
    }
}
