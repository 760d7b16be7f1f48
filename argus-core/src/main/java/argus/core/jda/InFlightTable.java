package argus.core.jda;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded in-flight map of interactions awaiting completion (invariant 3). At most
 * {@code capacity} entries whatever the bot does: beyond it, the oldest unresolved one is evicted
 * (oldest within its index stripe, see {@link InFlightIndex}); every operation is O(1) and holds at
 * most one stripe's lock for a few array accesses.
 *
 * <p>Entries are found by interaction id (what the interaction callback route names) in an
 * {@link InFlightIndex}: no boxing, no per-entry node. Deferred entries are also found by
 * token (follow-ups and edits of the original response name only the application id and the token):
 * {@link #deferred} adds them to a second map, looked up in place inside the compiled route.
 */
final class InFlightTable {
    private volatile int capacity;
    private final InFlightIndex byId;
    private final ConcurrentHashMap<Object, InFlight> byToken = new ConcurrentHashMap<>();

    InFlightTable(int capacity) {
        this.capacity = capacity;
        this.byId = new InFlightIndex(capacity);
    }

    /**
     * Tracks a new interaction.
     *
     * @return the entry it pushed out that was still unresolved (now claimed by the caller, who must
     *         count it as evicted), or null
     */
    InFlight start(InFlight entry) {
        InFlight evicted = byId.put(entry); // already claimed and out of the id index
        if (evicted != null) {
            removeToken(evicted);
        }
        return evicted;
    }

    /** The index stripe of an id (tests check the eviction order per stripe). */
    int stripeOf(long id) {
        return byId.stripeOf(id);
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

    /** Unresolved entries received before {@code cutoffMillis}, claimed for the caller to count as expired. */
    List<InFlight> claimOlderThan(long cutoffMillis) {
        List<InFlight> expired = new ArrayList<>();
        for (InFlight e : byId.select(e -> e.receivedMillis - cutoffMillis < 0)) {
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

    /**
     * Bounds the table at {@code capacity} from now on, keeping every entry (see
     * {@link InFlightIndex#capacity}); returns the oldest unresolved ones beyond it, claimed for the
     * caller to count as evicted.
     */
    synchronized List<InFlight> capacity(int capacity) {
        if (capacity == this.capacity) {
            return List.of();
        }
        List<InFlight> evicted = byId.capacity(capacity);
        this.capacity = capacity;
        for (InFlight e : evicted) {
            removeToken(e);
        }
        return evicted;
    }
}
