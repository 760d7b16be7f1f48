package argus.web.api;

import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.MetricsSource;
import argus.http.Responses;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The dashboard's one shared snapshot: built and serialised once, then handed as the same bytes
 * to every stream viewer and poller. However many viewers there are, the registry is snapshotted
 * at most once per {@code maxAge} window (single flight: concurrent callers wait for one build).
 */
public final class SnapshotCache {
    /** One build: its sequence number, when it was taken, its JSON and its ready-made SSE frame. */
    public record Built(long seq, long builtAtNanos, byte[] json, byte[] frame, MetricsSnapshot snapshot) {
    }

    private final MetricsSource source;
    private final SnapshotView view;
    private final BiConsumer<String, Throwable> errors;
    private final LongSupplier clock;
    private Built current;
    private long seq;

    public SnapshotCache(MetricsSource source, SnapshotView view, BiConsumer<String, Throwable> errors) {
        this(source, view, errors, System::nanoTime);
    }

    SnapshotCache(MetricsSource source, SnapshotView view, BiConsumer<String, Throwable> errors, LongSupplier clock) {
        this.source = source;
        this.view = view;
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * The current build if it is younger than {@code maxAgeNanos}, otherwise a new one. A failing
     * build is counted ({@code argus_instrumentation_errors_total{hook="dashboard"}}) and the
     * previous build is kept; null only when there has never been a successful one.
     */
    public synchronized Built get(long maxAgeNanos) {
        long now = clock.getAsLong();
        if (current != null && now - current.builtAtNanos() < maxAgeNanos) {
            return current;
        }
        try {
            MetricsSnapshot snapshot = source.snapshot();
            byte[] json = Responses.jsonBytes(view.toJson(snapshot));
            long n = ++seq;
            byte[] head = ("id: " + n + "\nevent: snapshot\ndata: ").getBytes(StandardCharsets.US_ASCII);
            byte[] frame = new byte[head.length + json.length + 2];
            System.arraycopy(head, 0, frame, 0, head.length);
            System.arraycopy(json, 0, frame, head.length, json.length);
            frame[frame.length - 2] = '\n';
            frame[frame.length - 1] = '\n';
            current = new Built(n, now, json, frame, snapshot);
        } catch (Exception | LinkageError e) {
            errors.accept("dashboard", e);
        }
        return current;
    }
}
