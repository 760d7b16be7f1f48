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
 *
 * <p>Entries are found by interaction id (what the interaction callback route names) in an
 * {@link InFlightIndex}: no boxing, no per-entry node. Deferred entries are also found by
 * token (follow-ups and edits of the original response name only the application id and the token):
 * {@link #deferred} adds them to a second map, looked up in place inside the compiled route.
 */
final class InFlightTable {
    private final int capacity;
    private final AtomicReferenceArray<InFlight> ring;
    private final AtomicLong sequence = new AtomicLong();
    private final InFlightIndex byId = new InFlightIndex();
    private final ConcurrentHashMap<Object, InFlight> byToken = new ConcurrentHashMap<>();

    InFlightTable(int capacity) {
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    /**
     * Tracks a new interaction.
     *
     * @return the entry it pushed out of the ring that was still unresolved (now claimed by the
     *         caller, who must count it as evicted), or null
     */
    InFlight start(InFlight entry) {
        byId.put(entry);
        int slot = (int) Math.floorMod(sequence.getAndIncrement(), (long) capacity);
        InFlight old = ring.getAndSet(slot, entry);
        // Whoever claims an entry removes it (completion, explicit API, expiry, this eviction): an entry
        // already claimed by someone else is not looked up again here.
        if (old != null && old != entry && old.claim()) {
            remove(old);
            return old;
        }
        return null;
    }

    /** The entry of this interaction id, or null. */
    InFlight get(long id) {
        return byId.get(id);
    }

    /**
     * The deferred entry whose token is {@code path[start, end)} (URL-encoded as in a compiled route),
     * or null. O(1) when nothing is deferred.
     */
    InFlight getDeferred(String path, int start, int end) {
        if (byToken.isEmpty() || start < 0) {
            return null;
        }
        return byToken.get(new InFlight.TokenProbe(path, start, end));
    }

    /** The deferred entry with this (decoded) token, or null (tests, explicit API). */
    InFlight getDeferred(String token) {
        return byToken.isEmpty() ? null : byToken.get(new InFlight.TokenKey(token));
    }

    /** Makes a deferred entry findable by its token (until it is removed). */
    void deferred(InFlight entry) {
        InFlight.TokenKey k = new InFlight.TokenKey(entry.token);
        entry.tokenKey = k;
        byToken.put(k, entry);
        if (entry.state() == InFlight.DONE) {
            // Resolved (evicted, expired) while being registered: whoever claimed it may have
            // removed the token before it was put; never leave it behind.
            byToken.remove(k, entry);
        }
    }

    void remove(InFlight entry) {
        byId.remove(entry);
        removeToken(entry);
    }

    private void removeToken(InFlight entry) {
        InFlight.TokenKey k = entry.tokenKey;
        if (k != null) {
            byToken.remove(k, entry);
        }
    }

    /** Unresolved entries received before {@code cutoffNanos}, claimed for the caller to count as expired. */
    List<InFlight> claimOlderThan(long cutoffNanos) {
        List<InFlight> expired = new ArrayList<>();
        for (InFlight e : byId.select(e -> e.receivedNanos - cutoffNanos < 0)) {
            if (e.claim()) {
                remove(e);
                expired.add(e);
            }
        }
        return expired;
    }

    /** Entries currently awaiting completion. */
    int size() {
        return byId.size();
    }

    /** Deferred entries findable by token (tests). */
    int deferredSize() {
        return byToken.size();
    }

    int capacity() {
        return capacity;
    }
}
