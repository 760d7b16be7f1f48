package argus.core.jda;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * In-flight entries by interaction id: a hash map from {@code long} to {@link InFlight} that neither
 * boxes nor allocates per operation (a {@code ConcurrentHashMap<Long, ..>} costs a key box per entry,
 * a node per entry and a box per lookup that C2 did not remove). 64 lock stripes, each an
 * open-addressing table with linear probing and backward-shift deletion (no tombstones). Every
 * operation holds one stripe's monitor for a few array reads; the monitor is uncontended unless two
 * threads touch the same stripe at the same instant. Its size is bounded by the ring's capacity,
 * since every entry leaving the ring is removed by whoever resolves it.
 */
final class InFlightIndex {
    private static final int STRIPES = 64;

    private final Stripe[] stripes = new Stripe[STRIPES];

    InFlightIndex() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private static long mix(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private Stripe stripe(long h) {
        return stripes[(int) (h >>> 58)];
    }

    /** Adds (or replaces the entry of the same id). */
    void put(InFlight e) {
        long h = mix(e.id);
        Stripe s = stripe(h);
        synchronized (s) {
            s.put(e.id, (int) h, e);
        }
    }

    /**
     * The entry of this id, or null. Reads without the lock first: a hit is checked against the
     * entry's own (final) id, so a racy read can only miss, never return a wrong entry; a miss is
     * retried under the lock, which also makes a put by another thread visible.
     */
    InFlight get(long id) {
        long h = mix(id);
        Stripe s = stripe(h);
        InFlight e = s.getRacy(id, (int) h);
        if (e != null) {
            return e;
        }
        synchronized (s) {
            return s.get(id, (int) h);
        }
    }

    /** Removes {@code e} if it is the entry stored for its id. */
    boolean remove(InFlight e) {
        long h = mix(e.id);
        Stripe s = stripe(h);
        synchronized (s) {
            return s.remove(e.id, (int) h, e);
        }
    }

    /** The entries matching {@code filter} right now (a copy; the filter runs under a stripe's lock). */
    List<InFlight> select(Predicate<InFlight> filter) {
        List<InFlight> out = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (InFlight e : s.vals) {
                    if (e != null && filter.test(e)) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.size;
            }
        }
        return n;
    }

    /** One lock stripe: linear probing over power-of-two arrays; an empty slot has a null value. */
    private static final class Stripe {
        long[] keys = new long[8];
        InFlight[] vals = new InFlight[8];
        int size;

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

        void put(long id, int h, InFlight e) {
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
