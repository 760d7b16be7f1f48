package argus.core.jda;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bounded in-flight map of interactions awaiting completion (invariant 3). A ring of
 * {@code capacity} slots records arrival order: starting the N-th interaction overwrites the slot of
 * the (N - capacity)-th, which is evicted if still unresolved. Memory is therefore bounded by
 * {@code capacity} entries whatever the bot does, and every operation is O(1) without locks.
 */
final class InFlightTable {
    private final int capacity;
    private final AtomicReferenceArray<InFlight> ring;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentHashMap<String, InFlight> byToken;

    InFlightTable(int capacity) {
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(capacity);
        this.byToken = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /**
     * Tracks a new interaction.
     *
     * @return the entry it pushed out of the ring that was still unresolved (now claimed by the
     *         caller, who must count it as evicted), or null
     */
    InFlight start(InFlight entry) {
        byToken.put(entry.token, entry);
        int slot = (int) Math.floorMod(sequence.getAndIncrement(), (long) capacity);
        InFlight old = ring.getAndSet(slot, entry);
        if (old != null && old != entry) {
            byToken.remove(old.token, old);
            if (old.claim()) {
                return old;
            }
        }
        return null;
    }

    InFlight get(String token) {
        return byToken.get(token);
    }

    void remove(InFlight entry) {
        byToken.remove(entry.token, entry);
    }

    /** Unresolved entries received before {@code cutoffNanos}, claimed for the caller to count as expired. */
    List<InFlight> claimOlderThan(long cutoffNanos) {
        List<InFlight> expired = new ArrayList<>();
        for (InFlight e : byToken.values()) {
            if (e.receivedNanos - cutoffNanos < 0 && e.claim()) {
                byToken.remove(e.token, e);
                expired.add(e);
            }
        }
        return expired;
    }

    /** Entries currently awaiting completion. */
    int size() {
        return byToken.size();
    }

    int capacity() {
        return capacity;
    }
}
