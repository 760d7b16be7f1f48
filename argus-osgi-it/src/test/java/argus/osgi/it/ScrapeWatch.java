package argus.osgi.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Scrapes a path continuously from its own thread and records every answer that is not 200 and every
 * time a counter went backwards: the proof that something else coming and going never touched it.
 */
final class ScrapeWatch implements AutoCloseable {
    private final Thread thread;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong scrapes = new AtomicLong();
    private volatile boolean running = true;
    private final ReentrantLock pause = new ReentrantLock();
    /** Every {@code _total} series' last value (whole-body mode). */
    private final Map<String, Double> counters = new HashMap<>();

    /**
     * Scrapes {@code /metrics} and checks every answer as a whole: 200; every {@code *_total} series
     * never lower than in the previous answer; and the sink accounting balanced within the answer
     * (offered = accepted + dropped, accepted = written + failed + pending).
     */
    ScrapeWatch(Function<String, ArgusOsgiSupport.Reply> get) {
        this(get, null, "/metrics", null, true);
    }

    ScrapeWatch(Function<String, ArgusOsgiSupport.Reply> get, java.util.function.ToDoubleFunction<String> value,
                String path, String counter) {
        this(get, value, path, counter, false);
    }

    private ScrapeWatch(Function<String, ArgusOsgiSupport.Reply> get, java.util.function.ToDoubleFunction<String> value,
                        String path, String counter, boolean wholeBody) {
        thread = new Thread(() -> {
            double last = 0;
            while (running) {
                pause.lock();
                ArgusOsgiSupport.Reply r;
                try {
                    r = get.apply(path);
                } finally {
                    pause.unlock();
                }
                scrapes.incrementAndGet();
                if (r.status() != 200) {
                    problems.add(path + " answered " + r.status() + ": " + r.body());
                } else if (wholeBody) {
                    check(r.body());
                } else if (counter != null) {
                    double now = value.applyAsDouble(counter);
                    if (now < last) {
                        problems.add(counter + " went back from " + last + " to " + now);
                    }
                    last = Double.isNaN(now) ? last : now;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "it-scrape-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code action} (a port move) with no scrape in flight and none started: the watcher then
     * follows the port the test switched to.
     */
    void paused(Runnable action) {
        pause.lock();
        try {
            action.run();
        } finally {
            pause.unlock();
        }
    }

    private void check(String body) {
        Map<String, Double> history = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            int brace = series.indexOf('{');
            String name = brace < 0 ? series : series.substring(0, brace);
            double v;
            try {
                v = Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                continue; // +Inf and the like: no counter
            }
            if (name.startsWith("argus_history_events_")) {
                history.merge(name, v, Double::sum);
            }
            if (name.endsWith("_total")) {
                Double before = counters.put(series, v);
                if (before != null && v < before) {
                    problems.add(series + " went back from " + before + " to " + v);
                }
            }
        }
        if (!history.isEmpty()) {
            double offered = history.getOrDefault("argus_history_events_offered_total", 0.0);
            double accepted = history.getOrDefault("argus_history_events_accepted_total", 0.0);
            double dropped = history.getOrDefault("argus_history_events_dropped_total", 0.0);
            double written = history.getOrDefault("argus_history_events_written_total", 0.0);
            double failed = history.getOrDefault("argus_history_events_failed_total", 0.0);
            double pending = history.getOrDefault("argus_history_events_pending", 0.0);
            if (offered != accepted + dropped || accepted != written + failed + pending) {
                problems.add("unbalanced accounting: " + history);
            }
        }
    }

    long scrapes() {
        return scrapes.get();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Stops scraping (idempotent). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
