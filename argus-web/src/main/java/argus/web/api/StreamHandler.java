package argus.web.api;

import argus.http.Responses;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * {@code GET /api/stream}: Server-Sent Events carrying registry snapshots.
 *
 * <p>One scheduler thread builds and serialises a snapshot once per interval ({@link SnapshotCache})
 * and writes the very same bytes to every open stream, so 64 viewers cost one build, not 64. Streams
 * are asynchronous (no thread is held per viewer) and bounded: beyond {@code maxStreams} a new viewer
 * gets 503 and falls back to polling {@code /api/snapshot}. A viewer that does not keep up skips
 * frames instead of buffering them; one stuck for longer than {@link #STALL_LIMIT_NANOS} is dropped.
 * {@link #close()} ends every stream cleanly (the dashboard is unmounted or the server stops).
 */
public final class StreamHandler extends Handler.Abstract implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);
    static final long STALL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private final SnapshotCache cache;
    private final AccessPolicy access;
    private final BiConsumer<String, Throwable> errors;
    private final long intervalNanos;
    private final long heartbeatNanos;
    private final int maxStreams;
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ticks = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private long lastSentSeq = -1;
    private long lastWriteNanos = System.nanoTime();

    public StreamHandler(SnapshotCache cache, AccessPolicy access, BiConsumer<String, Throwable> errors,
                         Duration interval, Duration heartbeat, int maxStreams) {
        this.cache = cache;
        this.access = access;
        this.errors = errors;
        this.intervalNanos = interval.toNanos();
        this.heartbeatNanos = heartbeat.toNanos();
        this.maxStreams = maxStreams;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "argus-dashboard-stream");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Streams open right now. */
    public int openStreams() {
        return open.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!access.admit(request, response, callback)) {
            return true;
        }
        if (closed) {
            Responses.error(response, callback, 503, "the dashboard is stopping");
            return true;
        }
        if (!reserve()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
            Responses.error(response, callback, 503, "too many dashboard streams (at most " + maxStreams
                    + "): poll /api/snapshot instead");
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
        if (HttpMethod.HEAD.is(request.getMethod())) {
            open.decrementAndGet();
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        Viewer viewer = new Viewer(response, callback);
        viewers.add(viewer);
        request.addFailureListener(viewer::failed);
        // First frame at once (the shared build, if still fresh), then one per interval.
        SnapshotCache.Built built = cache.get(intervalNanos);
        byte[] hello = ("retry: " + TimeUnit.NANOSECONDS.toMillis(intervalNanos * 2) + "\n: connected\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        viewer.send(built == null ? hello : concat(hello, built.frame()));
        if (closed) {
            viewer.close();
        }
        return true;
    }

    private boolean reserve() {
        while (true) {
            int n = open.get();
            if (n >= maxStreams) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** One scheduler tick: one build shared by every viewer, or a heartbeat comment. */
    void tick() {
        try {
            ticks.incrementAndGet();
            if (viewers.isEmpty()) {
                return; // nobody watches: no build at all
            }
            // Half an interval of slack: a build made moments ago for a new viewer or a poller is reused.
            SnapshotCache.Built built = cache.get(intervalNanos / 2);
            long now = System.nanoTime();
            byte[] frame = null;
            if (built != null && built.seq() != lastSentSeq) {
                lastSentSeq = built.seq();
                frame = built.frame();
            } else if (now - lastWriteNanos >= heartbeatNanos) {
                frame = HEARTBEAT;
            }
            if (frame != null) {
                lastWriteNanos = now;
                for (Viewer v : viewers) {
                    v.send(frame);
                }
            }
            for (Viewer v : viewers) {
                v.dropIfStalled(now);
            }
        } catch (RuntimeException e) {
            errors.accept("dashboard", e);
        }
    }

    /** Ends every stream cleanly and stops the scheduler; new streams get 503. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        for (Viewer v : viewers) {
            v.close();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** One open stream; at most one write in flight, frames skipped while it is busy. */
    private final class Viewer {
        private final Response response;
        private final Callback done;
        private boolean writing;
        private boolean closing;
        private boolean finished;
        private long writeStartedNanos;

        Viewer(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        synchronized void send(byte[] frame) {
            if (writing || closing || finished) {
                return;
            }
            writing = true;
            writeStartedNanos = System.nanoTime();
            // Same backing array for every viewer; each gets its own position.
            response.write(false, ByteBuffer.wrap(frame).asReadOnlyBuffer(), Callback.from(this::written, this::failed));
        }

        private synchronized void written() {
            writing = false;
            if (closing) {
                finish();
            }
        }

        synchronized void close() {
            closing = true;
            if (!writing) {
                finish();
            }
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            release();
            response.write(true, ByteBuffer.allocate(0), done);
        }

        synchronized void dropIfStalled(long now) {
            if (writing && !finished && now - writeStartedNanos > STALL_LIMIT_NANOS) {
                LOG.debug("Dropping a dashboard stream that has not read for {} s",
                        TimeUnit.NANOSECONDS.toSeconds(now - writeStartedNanos));
                failed(new java.util.concurrent.TimeoutException("dashboard viewer stalled"));
            }
        }

        synchronized void failed(Throwable cause) {
            if (finished) {
                return;
            }
            finished = true;
            writing = false;
            release();
            done.failed(cause);
        }

        private void release() {
            if (viewers.remove(this)) {
                open.decrementAndGet();
            }
        }
    }
}
