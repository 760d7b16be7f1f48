package argus.discord.local;

import argus.discord.local.LocalRest.Request;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@link LocalRest}'s request log: the newest {@link #limit} requests and a count of all, to wait on. */
final class RestLog {
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; at most {@link #limit} entries (oldest dropped). */
    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private final AtomicLong answered = new AtomicLong();
    private volatile int limit = Integer.MAX_VALUE;

    void limit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        synchronized (lock) {
            limit = max;
            while (requests.size() > max) {
                requests.pollFirst();
            }
        }
    }

    /** Counts and (within the limit) keeps a request, and wakes whoever awaits requests. */
    void add(Request request) {
        answered.incrementAndGet();
        synchronized (lock) {
            if (limit > 0) {
                if (requests.size() >= limit) {
                    requests.pollFirst();
                }
                requests.add(request);
            }
            lock.notifyAll();
        }
    }

    long answered() {
        return answered.get();
    }

    List<Request> all() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    List<Request> matching(String method, String pathRegex) {
        List<Request> out = new ArrayList<>();
        for (Request r : all()) {
            if (r.matches(method, pathRegex)) {
                out.add(r);
            }
        }
        return out;
    }

    List<Request> await(String method, String pathRegex, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<Request> matching = matching(method, pathRegex);
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " " + (method == null ? "" : method + " ")
                            + pathRegex + " request(s), got " + matching.size() + "; all requests: " + summary());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private List<String> summary() {
        List<String> out = new ArrayList<>();
        for (Request r : all()) {
            out.add(r.method() + " " + r.path() + " -> " + r.status());
        }
        return out;
    }
}
