package argus.discord.local;

import argus.discord.local.LocalRest.Reply;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** {@link LocalRest}'s scripted replies: each answers the next N matching requests, in the order added. */
final class RestFaults {
    private static final class Fault {
        final String method;
        final Pattern path;
        final Reply reply;
        final AtomicInteger remaining;

        Fault(String method, Pattern path, int times, Reply reply) {
            this.method = method;
            this.path = path;
            this.reply = reply;
            this.remaining = new AtomicInteger(times);
        }

        boolean take(String m, String p) {
            if ((method != null && !method.equalsIgnoreCase(m)) || !path.matcher(p).matches()) {
                return false;
            }
            int n;
            do {
                n = remaining.get();
                if (n <= 0) {
                    return false;
                }
            } while (!remaining.compareAndSet(n, n - 1));
            return true;
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    void add(String method, String pathRegex, int times, Reply reply) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive");
        }
        faults.add(new Fault(method, Pattern.compile(pathRegex), times, Objects.requireNonNull(reply, "reply")));
    }

    /** The first scripted reply with uses left for this request (using one up), or null. */
    Reply take(String method, String path) {
        for (Fault f : faults) {
            if (f.take(method, path)) {
                return f.reply;
            }
        }
        return null;
    }

    void clear() {
        faults.clear();
    }

    int pending() {
        int n = 0;
        for (Fault f : faults) {
            n += Math.max(0, f.remaining.get());
        }
        return n;
    }
}
