package argus.osgi.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    ScrapeWatch(Function<String, ArgusOsgiSupport.Reply> get, java.util.function.ToDoubleFunction<String> value,
                String path, String counter) {
        thread = new Thread(() -> {
            double last = 0;
            while (running) {
                ArgusOsgiSupport.Reply r = get.apply(path);
                scrapes.incrementAndGet();
                if (r.status() != 200) {
                    problems.add(path + " answered " + r.status() + ": " + r.body());
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
