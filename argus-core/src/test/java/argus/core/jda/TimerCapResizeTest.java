package argus.core.jda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code timer_cap} applied while interactions are in flight: every timer is kept, a smaller cap
 * evicts the oldest (claimed once, for the caller to count), and the new cap bounds the table from then on.
 */
class TimerCapResizeTest {

    private static InFlight entry(long id, long receivedMillis) {
        return new InFlight(id, "token-" + id, InteractionKind.SLASH_COMMAND, "ping", 1L, 0, receivedMillis);
    }

    private static long snowflake(int i) {
        return (1_300_000_000_000_000_000L + i * 4_194_304L) | (i & 0xfff);
    }

    @Test
    void aLargerCapKeepsEveryTimerAndBoundsAtTheNewCap() {
        InFlightTable table = new InFlightTable(100);
        List<InFlight> started = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            InFlight e = entry(snowflake(i), i);
            started.add(e);
            assertThat(table.start(e)).isNull();
        }

        assertThat(table.capacity(10_000)).isEmpty();

        for (InFlight e : started) {
            assertThat(table.get(e.id)).as("kept").isSameAs(e);
        }
        // Half the new cap fits whatever the stripes (each holds its share, ~156 here, and gets ~78).
        for (int i = 100; i < 5_000; i++) {
            assertThat(table.start(entry(snowflake(i), i))).as("room under the new cap at %d", i).isNull();
        }
        for (InFlight e : started) {
            assertThat(table.get(e.id)).as("still kept").isSameAs(e);
        }
        for (int i = 5_000; i < 40_000; i++) {
            table.start(entry(snowflake(i), i));
            assertThat(table.size()).isLessThanOrEqualTo(10_000);
        }
        assertThat(table.size()).as("bounded at the new cap, not the old one").isEqualTo(10_000);
    }

    @Test
    void aSmallerCapEvictsTheOldestAndKeepsTheNewest() {
        InFlightTable table = new InFlightTable(10_000);
        List<InFlight> started = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            InFlight e = entry(snowflake(i), i);
            started.add(e);
            table.start(e);
        }
        started.get(4_000).claim();  // being resolved by another thread right now: not evictable, not lost

        List<InFlight> evicted = table.capacity(50);

        // 5,000 - 50, less the claimed one: its resolver owns it, so it is neither evicted nor counted twice
        assertThat(evicted).hasSize(4_949);
        for (InFlight e : evicted) {
            assertThat(e.receivedMillis).as("only the oldest go").isLessThan(4_950);
            assertThat(e.state()).isEqualTo(InFlight.DONE);
        }
        for (InFlight e : started.subList(4_950, 5_000)) {
            assertThat(table.get(e.id)).as("the newest stay").isSameAs(e);
        }
        assertThat(table.size()).isLessThanOrEqualTo(51); // the claimed one leaves when its resolver removes it
        table.remove(started.get(4_000));
        assertThat(table.size()).isEqualTo(50);
        assertThat(table.capacity()).isEqualTo(50);
    }

    /** Resizes while threads start and resolve interactions: every entry ends exactly once, none is lost. */
    @Test
    @Timeout(120)
    void resizingUnderConcurrentTrafficLosesNoTimer() throws Exception {
        InFlightTable table = new InFlightTable(1_000);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        Map<InFlight, String> ends = Collections.synchronizedMap(new IdentityHashMap<>());
        List<InFlight> all = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                List<InFlight> mine = new ArrayList<>();
                while (running.get()) {
                    int i = ids.getAndIncrement();
                    InFlight e = entry(snowflake(i), i);
                    all.add(e);
                    InFlight out = table.start(e);
                    if (out != null && ends.put(out, "evicted") != null) {
                        duplicates.incrementAndGet();
                    }
                    mine.add(e);
                    if (mine.size() > 20) {
                        InFlight done = mine.remove(0);
                        InFlight found = table.get(done.id);
                        if (found == done && done.claim()) {
                            table.remove(done);
                            if (ends.put(done, "completed") != null) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        List<InFlight> resizeEvicted = new ArrayList<>();
        for (int cap : new int[] {10, 5_000, 64, 100_000, 1, 2_000}) {
            int at = ids.get();
            while (ids.get() < at + 2_000) {
                Thread.onSpinWait();
            }
            resizeEvicted.addAll(table.capacity(cap));
            assertThat(table.capacity()).isEqualTo(cap);
        }
        running.set(false);
        for (Thread th : threads) {
            th.join();
        }
        for (InFlight e : resizeEvicted) {
            assertThat(ends.put(e, "evicted by a resize")).as("ended twice").isNull();
        }

        assertThat(duplicates).as("timers ended twice").hasValue(0);
        int inTable = 0;
        for (InFlight e : all) {
            boolean ended = ends.containsKey(e);
            boolean held = table.get(e.id) == e;
            assertThat(ended || held).as("timer %s neither ended nor held", e.id).isTrue();
            assertThat(ended && held).as("timer %s ended but still held", e.id).isFalse();
            inTable += held ? 1 : 0;
        }
        assertThat(inTable).isEqualTo(table.size()).isLessThanOrEqualTo(2_000);
    }
}
