package argus.core.jda;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * In-flight entries by interaction id: a hash map from {@code long} to {@link InFlight} that neither
 * boxes nor allocates per operation (a {@code ConcurrentHashMap<Long, ..>} costs a key box per entry,
 * a node per entry and a box per lookup that C2 did not remove). Lock stripes, each an
 * open-addressing table with linear probing and backward-shift deletion (no tombstones). Every
 * operation holds one stripe's monitor for a few array reads; the monitor is uncontended unless two
 * threads touch the same stripe at the same instant.
 *
 * <p>Bounded (invariant 3) when built with a capacity: each stripe also keeps a ring of its entries
 * in arrival order, and a put into a full ring evicts that stripe's oldest unresolved entry. The
 * stripes' rings add up to exactly the capacity, so the index never holds more; eviction is
 * oldest-first within a stripe (ids spread evenly over the stripes, so globally it is oldest-first
 * to within a stripe's share of the capacity). The ring lives under the stripe's lock because a
 * single global ring needed a shared sequence counter and an atomic swap per receipt: every shard's
 * gateway thread wrote the same two cache lines.
 */
final class InFlightIndex {
    private static final int MAX_STRIPES = 64;
    /** Entries per stripe below which fewer stripes are used (a small capacity stays exactly FIFO). */
    private static final int MIN_RING = 64;

    /**
     * The stripes; replaced as a whole only by {@link #capacity(int)}, which retires every old stripe
     * under its lock: an operation that finds its stripe retired reads the layout again.
     */
    private volatile Layout layout;

    /** The stripes and the right shift that maps a mixed hash to one (64 - log2(stripes); unused with one). */
    private record Layout(Stripe[] stripes, int shift) {
        static Layout of(int capacity) {
            int count = capacity <= 0 ? MAX_STRIPES
                    : Math.max(1, Math.min(MAX_STRIPES, Integer.highestOneBit(Math.max(1, capacity / MIN_RING))));
            Stripe[] stripes = new Stripe[count];
            for (int i = 0; i < count; i++) {
                // The capacity split exactly: the first (capacity % count) stripes take one more.
                int ring = capacity <= 0 ? 0 : capacity / count + (i < capacity % count ? 1 : 0);
                stripes[i] = new Stripe(ring);
            }
            return new Layout(stripes, 64 - Integer.numberOfTrailingZeros(count));
        }

        /** Index of the stripe of a mixed hash ({@code >>> 64} would be no shift at all, hence the one-stripe case). */
        int index(long h) {
            return stripes.length == 1 ? 0 : (int) (h >>> shift);
        }

        Stripe stripe(long h) {
            return stripes[index(h)];
        }
    }

    /** An unbounded index (a map). */
    InFlightIndex() {
        this(0);
    }

    /** An index holding at most {@code capacity} entries (at least 1; 0 for unbounded). */
    InFlightIndex(int capacity) {
        layout = Layout.of(capacity);
    }

    private static long mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** The stripe an id belongs to (tests check the per-stripe eviction order). */
    int stripeOf(long id) {
        return layout.index(mix(id));
    }

    /**
     * Adds {@code e} (replacing the entry of the same id). When bounded and the stripe's ring is full,
     * the stripe's oldest entry is evicted first: if still unresolved it is claimed, removed and
     * returned for the caller to count; null otherwise.
     */
    InFlight put(InFlight e) {
        long h = mix(e.id);
        while (true) {
            Stripe s = layout.stripe(h);
            synchronized (s) {
                if (!s.retired) {
                    return s.put(e.id, (int) h, e);
                }
            }
        }
    }

    /**
     * The entry of this id, or null. Reads without the lock first: a hit is checked against the
     * entry's own (final) id, so a racy read can only miss, never return a wrong entry (a retired
     * stripe still holds the very entries it had); a miss is retried under the lock, which also makes
     * a put by another thread visible.
     */
    InFlight get(long id) {
        long h = mix(id);
        while (true) {
            Stripe s = layout.stripe(h);
            InFlight e = s.getRacy(id, (int) h);
            if (e != null) {
                return e;
            }
            synchronized (s) {
                if (!s.retired) {
                    return s.get(id, (int) h);
                }
            }
        }
    }

    /** Removes {@code e} if it is the entry stored for its id. */
    boolean remove(InFlight e) {
        long h = mix(e.id);
        while (true) {
            Stripe s = layout.stripe(h);
            synchronized (s) {
                if (!s.retired) {
                    return s.remove(e.id, (int) h, e);
                }
            }
        }
    }

    /** The entries matching {@code filter} right now (a copy; the filter runs under a stripe's lock). */
    List<InFlight> select(Predicate<InFlight> filter) {
        retry:
        while (true) {
            List<InFlight> out = new ArrayList<>();
            for (Stripe s : layout.stripes()) {
                synchronized (s) {
                    if (s.retired) {
                        continue retry;
                    }
                    for (InFlight e : s.vals) {
                        if (e != null && filter.test(e)) {
                            out.add(e);
                        }
                    }
                }
            }
            return out;
        }
    }

    int size() {
        retry:
        while (true) {
            int n = 0;
            for (Stripe s : layout.stripes()) {
                synchronized (s) {
                    if (s.retired) {
                        continue retry;
                    }
                    n += s.size;
                }
            }
            return n;
        }
    }

    /**
     * Bounds the index at {@code capacity} from now on, keeping every entry it holds: they move, in
     * arrival order, into stripes sized for the new capacity (their number follows the capacity, so a
     * small one stays exactly FIFO). When more are held than the new capacity, the oldest are evicted
     * exactly as a full ring evicts: claimed, removed and returned for the caller to count. Holds every
     * stripe's lock while it moves the entries (an operator's edit, not the hot path: the bot's threads
     * wait at most that long, about a millisecond per 10,000 entries).
     */
    synchronized List<InFlight> capacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        List<InFlight> evicted = new ArrayList<>();
        Layout old = layout;
        underEveryLock(old.stripes(), 0, () -> {
            List<InFlight> held = new ArrayList<>();
            for (Stripe s : old.stripes()) {
                s.inArrivalOrder(held);
                s.retired = true;
            }
            // Stripes were each in arrival order; merge them by receipt time (a stable sort keeps ties in order).
            held.sort(java.util.Comparator.comparingLong(e -> e.receivedMillis));
            Layout next = Layout.of(capacity);
            for (InFlight e : held) {
                long h = mix(e.id);
                InFlight pushedOut = next.stripe(h).put(e.id, (int) h, e);
                if (pushedOut != null) {
                    evicted.add(pushedOut);
                }
            }
            layout = next;
        });
        return evicted;
    }

    /** Runs {@code action} holding the monitors of {@code stripes[from..]} (in index order, as nothing else nests them). */
    private static void underEveryLock(Stripe[] stripes, int from, Runnable action) {
        if (from == stripes.length) {
            action.run();
            return;
        }
        synchronized (stripes[from]) {
            underEveryLock(stripes, from + 1, action);
        }
    }

    /** One lock stripe: linear probing over power-of-two arrays; an empty slot has a null value. */
    private static final class Stripe {
        long[] keys = new long[8];
        InFlight[] vals = new InFlight[8];
        int size;
        /** Entries in arrival order (a resolved one's slot is cleared); null when unbounded. */
        final InFlight[] ring;
        /** The ring slot the next put takes. */
        int cursor;
        /** Replaced by a resize: operations that find it so read the layout again. */
        boolean retired;

        Stripe(int ringCapacity) {
            this.ring = ringCapacity > 0 ? new InFlight[ringCapacity] : null;
        }

        /** Adds the entries this stripe holds to {@code out}, oldest first (the table's order when unbounded). */
        void inArrivalOrder(List<InFlight> out) {
            if (ring == null) {
                for (InFlight v : vals) {
                    if (v != null) {
                        out.add(v);
                    }
                }
                return;
            }
            for (int k = 0; k < ring.length; k++) {
                InFlight e = ring[(cursor + k) % ring.length];
                if (e != null && get(e.id, (int) mix(e.id)) == e) {
                    out.add(e);
                }
            }
        }

        private int slot(int h, int mask) {
            return h & mask;
        }

        /** Probes without the lock: the arrays may be mid-update or stale; never loops forever. */
        InFlight getRacy(long id, int h) {
            InFlight[] vs = vals;
            long[] ks = keys;
            int mask = vs.length - 1;
            if (ks.length != vs.length) {
                return null; // caught between the two array swaps of a resize
            }
            for (int n = 0, i = h & mask; n <= mask; n++, i = (i + 1) & mask) {
                InFlight v = vs[i];
                if (v == null) {
                    return null;
                }
                if (v.id == id) {
                    return v;
                }
            }
            return null;
        }

        InFlight get(long id, int h) {
            int mask = vals.length - 1;
            for (int i = slot(h, mask); ; i = (i + 1) & mask) {
                InFlight v = vals[i];
                if (v == null) {
                    return null;
                }
                if (keys[i] == id) {
                    return v;
                }
            }
        }

        InFlight put(long id, int h, InFlight e) {
            InFlight evicted = null;
            if (ring != null) {
                int slot = cursor;
                cursor = slot + 1 == ring.length ? 0 : slot + 1;
                InFlight old = ring[slot];
                ring[slot] = e;
                e.ringSlot = slot;
                // A slot still holding an entry means it was never removed: unresolved, or being
                // resolved by a thread that claimed it and has yet to remove it (claim fails then).
                if (old != null && old != e && old.claim()) {
                    removeFromTable(old.id, (int) mix(old.id), old);
                    evicted = old;
                }
            }
            putInTable(id, h, e);
            return evicted;
        }

        private void putInTable(long id, int h, InFlight e) {
            if ((size + 1) * 2 > vals.length) {
                resize(vals.length * 2);
            }
            int mask = vals.length - 1;
            for (int i = slot(h, mask); ; i = (i + 1) & mask) {
                InFlight v = vals[i];
                if (v == null) {
                    keys[i] = id;
                    vals[i] = e;
                    size++;
                    return;
                }
                if (keys[i] == id) {
                    vals[i] = e;
                    return;
                }
            }
        }

        boolean remove(long id, int h, InFlight e) {
            if (!removeFromTable(id, h, e)) {
                return false;
            }
            if (ring != null && ring[e.ringSlot] == e) {
                ring[e.ringSlot] = null; // the ring will not look at a resolved entry again
            }
            return true;
        }

        private boolean removeFromTable(long id, int h, InFlight e) {
            int mask = vals.length - 1;
            int i = slot(h, mask);
            while (true) {
                InFlight v = vals[i];
                if (v == null) {
                    return false;
                }
                if (keys[i] == id) {
                    if (v != e) {
                        return false;
                    }
                    break;
                }
                i = (i + 1) & mask;
            }
            // Backward-shift deletion: pull later entries of the probe run into the hole when their
            // home slot does not lie (cyclically) between the hole and their current slot.
            int hole = i;
            int j = i;
            while (true) {
                j = (j + 1) & mask;
                InFlight v = vals[j];
                if (v == null) {
                    break;
                }
                int home = slot((int) mix(keys[j]), mask);
                boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
                if (!stays) {
                    keys[hole] = keys[j];
                    vals[hole] = v;
                    hole = j;
                }
            }
            vals[hole] = null;
            size--;
            if (vals.length > 64 && size * 8 < vals.length) {
                resize(vals.length / 2); // give memory back after a burst
            }
            return true;
        }

        private void resize(int capacity) {
            long[] oldKeys = keys;
            InFlight[] oldVals = vals;
            keys = new long[capacity];
            vals = new InFlight[capacity];
            int mask = capacity - 1;
            for (int k = 0; k < oldVals.length; k++) {
                InFlight v = oldVals[k];
                if (v != null) {
                    int i = slot((int) mix(oldKeys[k]), mask);
                    while (vals[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[k];
                    vals[i] = v;
                }
            }
        }
    }
}
