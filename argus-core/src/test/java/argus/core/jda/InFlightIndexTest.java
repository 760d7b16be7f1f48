package argus.core.jda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The id index behaves as a map (random operations against a HashMap model, colliding ids included). */
class InFlightIndexTest {
    private static InFlight entry(long id) {
        return new InFlight(id, "t" + id, InteractionKind.SLASH_COMMAND, "c", 0, 0, 0);
    }

    @Test
    void randomOperationsAgreeWithAHashMap() {
        Random random = new Random(7);
        InFlightIndex index = new InFlightIndex();
        Map<Long, InFlight> model = new HashMap<>();
        long[] ids = new long[3000];
        for (int i = 0; i < ids.length; i++) {
            // snowflake-like ids, small ids, and ids differing only in high bits
            ids[i] = switch (i % 3) {
                case 0 -> 1_300_000_000_000_000_000L + random.nextInt(1 << 20) * 4096L;
                case 1 -> i;
                default -> ((long) i << 40) | 5;
            };
        }
        for (int op = 0; op < 300_000; op++) {
            long id = ids[random.nextInt(ids.length)];
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    InFlight e = entry(id);
                    index.put(e);
                    model.put(id, e);
                }
                case 2 -> {
                    InFlight current = model.get(id);
                    InFlight stale = entry(id);
                    assertThat(index.remove(stale)).as("only the stored entry is removed").isFalse();
                    if (current != null) {
                        assertThat(index.remove(current)).isTrue();
                        model.remove(id);
                    }
                }
                default -> assertThat(index.get(id)).isSameAs(model.get(id));
            }
            if (op % 10_000 == 0) {
                assertThat(index.size()).isEqualTo(model.size());
                for (long k : ids) {
                    assertThat(index.get(k)).isSameAs(model.get(k));
                }
            }
        }
        assertThat(index.select(e -> true)).containsExactlyInAnyOrderElementsOf(model.values());
        for (InFlight e : new ArrayList<>(model.values())) {
            assertThat(index.remove(e)).isTrue();
        }
        assertThat(index.size()).isZero();
    }

    @Test
    void concurrentPutsGetsAndRemovesLoseNothing() throws Exception {
        InFlightIndex index = new InFlightIndex();
        int perThread = 100_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                long base = t * 10_000_000L;
                results.add(pool.submit(() -> {
                    go.await();
                    int misses = 0;
                    for (int i = 0; i < perThread; i++) {
                        InFlight e = entry(base + i);
                        index.put(e);
                        if (index.get(base + i) != e) {
                            misses++;
                        }
                        if (i % 2 == 0 && !index.remove(e)) {
                            misses++;
                        }
                    }
                    return misses;
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get()).isZero();
            }
            assertThat(index.size()).isEqualTo(perThread); // half of each thread's entries remain
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
