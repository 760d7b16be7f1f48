package argus.core.registry;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Where a registry's counter and histogram values live: every recording thread owns one
 * {@code long[]} of cells that only it writes, so an update is a plain load, add and store, with no
 * locked instruction. A counter child or histogram child owns a fixed range of slots, the same range
 * in every thread's array; its value is the sum of that range over all threads, read at snapshot time.
 *
 * <p>Why: with one shared atomic cell per series, every update is a locked read-modify-write (the CPU
 * drains its store buffer, and a histogram's sum needs a CAS loop on top). An interaction's completion
 * updates six series, and those locked instructions were most of its cost in JMH (BENCHMARKS.md,
 * issue 2). Exactly that trade is what the single-writer principle buys: writes get cheaper, reads
 * (a scrape, every few seconds) sum one array per thread.
 *
 * <p>Threads come and go (JDA's REST and callback pools are elastic): a thread's cells stay in the
 * sum while it lives; once it has ended, the next view (snapshot) or thread registration folds its
 * values into {@code retired} and forgets it (and its {@code Thread} object). A thread's termination happens-before {@code isAlive()}
 * returning false, so the folded values are final and exact. Threads that get no cells of their own
 * (virtual threads, or more than {@link #MAX_WRITERS} live recording threads) update the child's shared
 * atomic cells instead, as every thread did before: correct, just not contention-free.
 *
 * <p>A thread earns cells of its own by updating often: a new writer starts on probation and records
 * through the shared atomic cells until it has made {@link #PROMOTE_AFTER} updates between two views
 * (scrapes). Why: a thread's cells cost 8 bytes for every slot up to the highest it records into (18 KiB
 * for a bot with 50 commands), and JDA runs a dozen threads that record now and then (its elastic REST
 * and callback workers) next to the one or two per shard that record all the time. Without probation
 * those occasional threads held most of Argus' heap (BENCHMARKS.md, "Memory"); at the rate that keeps a
 * thread on probation, a locked add costs nothing that matters.
 */
final class Cells {
    /** Recording threads with cells of their own; beyond it, threads use the shared atomic cells. */
    static final int MAX_WRITERS = 512;
    private static final int INITIAL_CELLS = 64;
    /** Updates between two views after which a thread gets cells of its own (see the class comment). */
    static final int PROMOTE_AFTER = 1024;
    private static final long[] NONE = new long[0];
    /**
     * Unused longs before and after a thread's slots (128 bytes: two cache lines, for the adjacent-line
     * prefetcher). Measured (ContentionBenchmark, 6 forks each): without the pad a counter updated from
     * two threads cost 7.7-9.3 ns in half the forks, with it 2.2 ns in all. The likely reason: a thread's
     * array is allocated right after whatever that thread allocated last, such as the writer table it
     * just published, which every recording thread reads on every update, so the owner's writes to its
     * first slots shared a cache line with the others' reads.
     */
    static final int PAD = 16;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final Object lock = new Object();
    private final int maxWriters;
    /** Slots allocated so far (guarded by lock); a child's slots are contiguous. */
    private int allocated;
    /** Bit i set: slot i holds a double's raw bits (a histogram sum), folded by double addition. Under lock. */
    private long[] doubleSlots = new long[1];
    /** Thread to writer, open addressing keyed by thread id; copy-on-write under lock, read without one. */
    private volatile Writer[] table = new Writer[16];
    private int writers; // under lock
    private long views; // under lock: the epoch of the last view
    /** Set while the table is at maxWriters, so further threads do not take the lock on every update. */
    private volatile boolean full;
    /** The values of writers whose thread has ended; copy-on-write under lock. */
    private volatile long[] retired = new long[0];

    Cells() {
        this(MAX_WRITERS);
    }

    /** With a smaller writer limit (tests of the shared fallback). */
    Cells(int maxWriters) {
        this.maxWriters = maxWriters;
    }

    /** Reserves {@code count} contiguous slots; with {@code firstIsDouble}, the first one holds a double. */
    int allocate(int count, boolean firstIsDouble) {
        synchronized (lock) {
            int first = allocated;
            allocated += count;
            if (firstIsDouble) {
                if ((first >>> 6) >= doubleSlots.length) {
                    doubleSlots = Arrays.copyOf(doubleSlots, Math.max(doubleSlots.length * 2, (first >>> 6) + 1));
                }
                doubleSlots[first >>> 6] |= 1L << first;
            }
            return first;
        }
    }

    /**
     * The calling thread's cells, registering the thread on its first update; null when it records into
     * the shared atomic cells instead (a virtual thread, or {@link #MAX_WRITERS} reached).
     */
    Writer writer() {
        Thread t = Thread.currentThread();
        Writer[] tab = table;
        int mask = tab.length - 1;
        int i = hash(t.getId()) & mask;
        Writer w;
        while ((w = tab[i]) != null) {
            if (w.owner == t) {
                return w.promoted ? w : w.onProbation();
            }
            i = (i + 1) & mask;
        }
        w = register(t);
        return w == null ? null : w.onProbation();
    }

    private Writer register(Thread t) {
        if (full || isVirtual(t)) {
            return null; // a virtual thread would add a writer per task; shared cells bound the memory
        }
        synchronized (lock) {
            for (Writer w : table) {
                if (w != null && w.owner == t) {
                    return w;
                }
            }
            foldEnded(); // registration is rare: a good moment to release ended threads' cells
            if (writers >= maxWriters) {
                full = true;
                return null;
            }
            Writer w = new Writer(t);
            Writer[] tab = table;
            if ((writers + 1) * 2 > tab.length) {
                tab = new Writer[tab.length * 2];
                for (Writer old : table) {
                    if (old != null) {
                        insert(tab, old);
                    }
                }
            } else {
                tab = tab.clone();
            }
            insert(tab, w);
            writers++;
            table = tab;
            return w;
        }
    }

    /**
     * A consistent view for reading: every writer's values are in exactly one of {@code retired} and
     * the live table. Folds writers of ended threads first, so the table stays bounded by live threads.
     */
    View view() {
        synchronized (lock) {
            foldEnded();
            Writer[] live = new Writer[writers];
            int n = 0;
            for (Writer w : table) {
                if (w != null) {
                    live[n++] = w;
                    // Racy by design: the owner may be counting; a lost reset or count only shifts
                    // when a thread is promoted, never a value.
                    w.updates = 0;
                }
            }
            return new View(retired, live, ++views);
        }
    }

    /** Writers currently registered, on probation or not (tests). */
    int writers() {
        synchronized (lock) {
            return writers;
        }
    }

    /** Writers holding cells of their own (tests). */
    int writersWithCells() {
        synchronized (lock) {
            int n = 0;
            for (Writer w : table) {
                if (w != null && w.cells.length > 0) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Under lock: moves the values of every writer whose thread has ended into {@code retired}. */
    private void foldEnded() {
        Writer[] tab = table;
        boolean anyEnded = false;
        for (Writer w : tab) {
            if (w != null && !w.owner.isAlive()) {
                anyEnded = true;
                break;
            }
        }
        if (!anyEnded) {
            return; // the usual case: no allocation
        }
        long[] sum = null;
        // One isAlive() per writer, decided once: a thread that ends while this runs must be either
        // folded and dropped, or kept, never dropped without its values.
        Writer[] keep = new Writer[tab.length];
        int kept = 0;
        int ended = 0;
        for (Writer w : tab) {
            if (w == null) {
                continue;
            }
            if (w.owner.isAlive()) {
                keep[kept++] = w;
                continue;
            }
            if (sum == null) {
                sum = Arrays.copyOf(retired, allocated);
            }
            long[] c = w.cells;
            for (int s = 0; s < slots(c); s++) {
                long v = c[s + PAD];
                if (v != 0) {
                    sum[s] = isDouble(s)
                            ? Double.doubleToRawLongBits(Double.longBitsToDouble(sum[s]) + Double.longBitsToDouble(v))
                            : sum[s] + v;
                }
            }
            ended++;
        }
        if (ended == 0) {
            return;
        }
        Writer[] next = new Writer[tab.length];
        for (int i = 0; i < kept; i++) {
            insert(next, keep[i]);
        }
        // Views are taken under the lock, so each sees a writer's values either here or in the table.
        retired = sum;
        table = next;
        writers = kept;
        full = false;
    }

    /** How many slots a writer's array holds (negative for the empty array of a writer on probation). */
    static int slots(long[] cells) {
        return cells.length - 2 * PAD;
    }

    private boolean isDouble(int slot) {
        int word = slot >>> 6;
        return word < doubleSlots.length && (doubleSlots[word] & (1L << slot)) != 0;
    }

    private static void insert(Writer[] tab, Writer w) {
        int mask = tab.length - 1;
        int i = hash(w.owner.getId()) & mask;
        while (tab[i] != null) {
            i = (i + 1) & mask;
        }
        tab[i] = w;
    }

    private static int hash(long threadId) {
        return (int) ((threadId * 0x9E3779B97F4A7C15L) >>> 32);
    }

    private static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    /** {@code Thread.isVirtual()} where the running JDK has it (21+); Argus compiles for 17. */
    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** One thread's cells: written by that thread only, read by snapshots. */
    static final class Writer {
        final Thread owner;
        /**
         * Replaced (grown) only by the owner, after copying: a reader holding the old array sees a lower
         * bound. Empty while on probation; grows to the highest slot this thread records into.
         */
        volatile long[] cells = NONE;
        /** Owner only: cells are in use. Plain: only the owner reads it, on every update. */
        boolean promoted;
        /** Updates on probation since the last view; owner counts, views reset (racy, a heuristic). */
        int updates;

        Writer(Thread owner) {
            this.owner = owner;
        }

        /** Owner only, on probation: null (use the shared cells) until this thread has earned cells. */
        Writer onProbation() {
            if (++updates < PROMOTE_AFTER) {
                return null;
            }
            cells = new long[INITIAL_CELLS + 2 * PAD];
            promoted = true;
            return this;
        }

        /** Adds {@code n} to a long slot. Owner thread only. */
        void add(int slot, long n) {
            long[] c = cells;
            if (slot >= slots(c)) {
                c = grow(slot);
            }
            CELL.setOpaque(c, slot + PAD, c[slot + PAD] + n); // opaque: a whole long, no fence (a plain store on x86)
        }

        /** Adds {@code value} to a double slot (raw bits). Owner thread only. */
        void addDouble(int slot, double value) {
            long[] c = cells;
            if (slot >= slots(c)) {
                c = grow(slot);
            }
            CELL.setOpaque(c, slot + PAD, Double.doubleToRawLongBits(Double.longBitsToDouble(c[slot + PAD]) + value));
        }

        private long[] grow(int slot) {
            long[] old = cells;
            // The slots keep their indices: the old leading pad and slots are copied, the old trailing
            // pad (never written) becomes slots.
            long[] next = Arrays.copyOf(old, Math.max(slot + 1, Math.max(0, slots(old)) * 2) + 2 * PAD);
            cells = next;
            return next;
        }
    }

    /** The cells as of one {@link #view()}: what a snapshot sums. */
    static final class View {
        /**
         * Bound on how far two groupings of one double slot's terms can differ after rounding: one ulp
         * per addition, over every writer the table can hold, the retired total and the shared cells.
         * Fixed rather than this view's writer count, because the writers folded since an earlier view,
         * or a rehash of the table, regroup the sum too.
         */
        private static final int ROUNDING_ULPS = 2 * MAX_WRITERS + 3;

        private final long[] retired;
        private final Writer[] writers;
        /** Views in the order they were taken (under the lock): a later view never sees less. */
        final long epoch;

        View(long[] retired, Writer[] writers, long epoch) {
            this.retired = retired;
            this.writers = writers;
            this.epoch = epoch;
        }

        /** The sum of a long slot over all threads. */
        long sum(int slot) {
            long n = slot < retired.length ? retired[slot] : 0;
            for (Writer w : writers) {
                long[] c = w.cells;
                if (slot < slots(c)) {
                    n += (long) CELL.getOpaque(c, slot + PAD);
                }
            }
            return n;
        }

        /** The sum of a double slot over all threads. */
        double sumDouble(int slot) {
            double d = slot < retired.length ? Double.longBitsToDouble(retired[slot]) : 0;
            for (Writer w : writers) {
                long[] c = w.cells;
                if (slot < slots(c)) {
                    d += Double.longBitsToDouble((long) CELL.getOpaque(c, slot + PAD));
                }
            }
            return d;
        }

        /**
         * How far two groupings of the same double slot's per-thread terms (the retired total, the
         * shared cells, each writer) can differ after rounding: one ulp per addition.
         */
        double roundingSlack(double magnitude) {
            return ROUNDING_ULPS * Math.ulp(magnitude);
        }

        /** Adds the long slots {@code [first, first + out.length)} of every thread into {@code out}. */
        void addRange(int first, long[] out) {
            int n = out.length;
            for (int i = 0; i < n && first + i < retired.length; i++) {
                out[i] += retired[first + i];
            }
            for (Writer w : writers) {
                long[] c = w.cells;
                int end = Math.min(n, slots(c) - first);
                for (int i = 0; i < end; i++) {
                    out[i] += (long) CELL.getOpaque(c, first + i + PAD);
                }
            }
        }
    }
}
