package argus.core.jda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 3 (docs/ARCHITECTURE.md §2): interaction timers live in a bounded ring; beyond {@code timer_cap}
 * the oldest unresolved one is evicted, and every interaction is resolved by exactly one party.
 */
class InFlightTableTest {

    private static InFlight entry(int i) {
        return entry(i, i);
    }

    private static InFlight entry(long id, long receivedMillis) {
        return new InFlight(id, "token-" + id, InteractionKind.SLASH_COMMAND, "ping", 1L, 0, receivedMillis);
    }

    @Test
    @Timeout(120)
    void millionUnansweredInteractions_neverHoldMoreThanCapacity_andEvictTheRestExactlyOnce() {
        int capacity = 10_000;
        int total = 1_000_000;
        InFlightTable table = new InFlightTable(capacity);
        InFlight[] started = new InFlight[total];
        Map<InFlight, Boolean> evicted = new IdentityHashMap<>();
        Map<Integer, Long> lastEvictedPerStripe = new java.util.HashMap<>();
        int maxSize = 0;

        for (int i = 0; i < total; i++) {
            // Snowflake-like ids (as Discord's): time in the high bits, so they spread over the stripes by hash only.
            started[i] = entry((1_300_000_000_000_000_000L + i * 4_194_304L) | (i & 0xfff), i);
            InFlight out = table.start(started[i]);
            maxSize = Math.max(maxSize, table.size());
            if (out != null) {
                assertThat(out.receivedMillis).as("only an earlier interaction is evicted").isLessThan(i);
                assertThat(evicted.put(out, Boolean.TRUE)).as("evicted twice: %s", out).isNull();
                // Oldest first within its stripe: a stripe's evictions come out in arrival order.
                Long previous = lastEvictedPerStripe.put(table.stripeOf(out.id), out.receivedMillis);
                assertThat(previous == null || previous < out.receivedMillis).as("stripe order at %d", i).isTrue();
            }
        }

        assertThat(maxSize).isEqualTo(capacity);
        assertThat(table.size()).isEqualTo(capacity);
        assertThat(evicted).hasSize(total - capacity); // exactly 990,000
        for (InFlight e : evicted.keySet()) {
            assertThat(e.claim()).as("already claimed by the eviction").isFalse();
        }
        int survivors = 0;
        for (int i = 0; i < total; i++) {
            if (table.get(started[i].id) == started[i]) {
                survivors++;
                // Globally oldest-first to within a stripe's share of the capacity.
                assertThat(i).as("survivor %d is recent", i).isGreaterThanOrEqualTo(total - 2 * capacity);
                assertThat(evicted).doesNotContainKey(started[i]);
            }
        }
        assertThat(survivors).isEqualTo(capacity);
        assertThat(table.get(started[total - 1].id)).isSameAs(started[total - 1]);
        assertThat(table.get(started[0].id)).isNull();
    }

    @Test
    void aSmallCapacityEvictsInExactArrivalOrder() {
        int capacity = 50; // one stripe: one ring, exactly FIFO
        InFlightTable table = new InFlightTable(capacity);
        InFlight[] started = new InFlight[1_000];
        for (int i = 0; i < started.length; i++) {
            started[i] = entry(1_300_000_000_000_000_000L + i * 7919L, i);
            InFlight out = table.start(started[i]);
            if (i < capacity) {
                assertThat(out).isNull();
            } else {
                assertThat(out).isSameAs(started[i - capacity]);
            }
        }
    }

    @Test
    void aLongRunningBotBelowCapacityNeverEvicts() {
        InFlightTable table = new InFlightTable(10_000);
        for (int i = 0; i < 200_000; i++) {
            InFlight e = entry(1_300_000_000_000_000_000L + i * 4_194_304L, i);
            assertThat(table.start(e)).isNull();
            if (i >= 500) { // 500 in flight at any time, each answered later
                InFlight done = table.get(1_300_000_000_000_000_000L + (i - 500) * 4_194_304L);
                assertThat(done.claim()).isTrue();
                table.remove(done);
            }
        }
        assertThat(table.size()).isEqualTo(500);
    }

    @Test
    void belowCapacity_nothingIsEvicted() {
        InFlightTable table = new InFlightTable(3);

        assertThat(table.start(entry(0))).isNull();
        assertThat(table.start(entry(1))).isNull();
        assertThat(table.start(entry(2))).isNull();
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void completedInteraction_isNotEvictedLater() {
        InFlightTable table = new InFlightTable(2);
        InFlight first = entry(0);
        table.start(first);
        table.start(entry(1));

        assertThat(first.claim()).isTrue(); // the reply arrived
        table.remove(first);

        assertThat(table.start(entry(2))).isNull();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void evictedInteraction_cannotBeCompletedAfterwards() {
        InFlightTable table = new InFlightTable(1);
        InFlight first = entry(0);
        table.start(first);

        assertThat(table.start(entry(1))).isSameAs(first);
        assertThat(table.get(first.id)).isNull();
        assertThat(first.claim()).isFalse();
    }

    @Test
    void claimOlderThan_claimsOnlyUnresolvedEntriesReceivedBeforeTheCutoff() {
        InFlightTable table = new InFlightTable(10);
        InFlight old = entry(1, 100);
        InFlight oldButDone = entry(2, 100);
        InFlight fresh = entry(3, 1_000);
        table.start(old);
        table.start(oldButDone);
        table.start(fresh);
        oldButDone.claim();

        List<InFlight> expired = table.claimOlderThan(500);

        assertThat(expired).containsExactly(old);
        assertThat(table.get(1)).isNull();
        assertThat(table.get(3)).isSameAs(fresh);
        assertThat(table.claimOlderThan(500)).isEmpty();
    }

    @Test
    void deferredInteraction_canStillBeClaimedOnce() {
        InFlight e = entry(0);

        assertThat(e.markDeferred()).isTrue();
        assertThat(e.markDeferred()).isFalse();
        assertThat(e.isPending()).isFalse();
        assertThat(e.claim()).isTrue();
        assertThat(e.claim()).isFalse();
    }

    @Test
    @Timeout(60)
    void twoThreadsClaimingTheSameInteractions_resolveEachExactlyOnce() throws Exception {
        int n = 200_000;
        InFlight[] entries = new InFlight[n];
        for (int i = 0; i < n; i++) {
            entries[i] = entry(i);
        }
        AtomicIntegerArray winners = new AtomicIntegerArray(n);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                boolean reverse = t == 1;
                results.add(pool.submit(() -> {
                    start.await();
                    int won = 0;
                    for (int k = 0; k < n; k++) {
                        int i = reverse && k % 2 == 1 ? n - 1 - k : k; // mix of head-on and same-direction races
                        if (entries[i].claim()) {
                            winners.incrementAndGet(i);
                            won++;
                        }
                    }
                    return won;
                }));
            }
            int total = results.get(0).get() + results.get(1).get();

            assertThat(total).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(winners.get(i)).as("entry %d", i).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void evictionRacingCompletion_resolvesEveryInteractionExactlyOnce() throws Exception {
        int capacity = 1_000;
        int total = 200_000;
        InFlightTable table = new InFlightTable(capacity);
        InFlight[] entries = new InFlight[total];
        for (int i = 0; i < total; i++) {
            entries[i] = entry(i);
        }
        AtomicInteger evictions = new AtomicInteger();
        AtomicInteger completions = new AtomicInteger();
        AtomicIntegerArray resolved = new AtomicIntegerArray(total);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> starter = pool.submit(() -> {
                go.await();
                for (int i = 0; i < total; i++) {
                    InFlight out = table.start(entries[i]);
                    if (out != null) {
                        evictions.incrementAndGet();
                        resolved.incrementAndGet((int) out.id);
                    }
                }
                return null;
            });
            Future<?> completer = pool.submit(() -> {
                go.await();
                for (int i = 0; i < total; i += 2) { // the bot answers every other interaction, late
                    InFlight e;
                    while ((e = table.get(entries[i].id)) == null && resolved.get(i) == 0) {
                        Thread.onSpinWait();
                    }
                    if (e != null && e.claim()) {
                        table.remove(e);
                        completions.incrementAndGet();
                        resolved.incrementAndGet(i);
                    }
                }
                return null;
            });
            go.countDown();
            starter.get();
            completer.get();

            for (InFlight e : entries) {
                if (e.claim()) { // whatever is still unresolved is settled now
                    resolved.incrementAndGet((int) e.id);
                }
            }
            for (int i = 0; i < total; i++) {
                assertThat(resolved.get(i)).as("interaction %d", i).isEqualTo(1);
            }
            assertThat(evictions.get() + completions.get()).isLessThanOrEqualTo(total);
            assertThat(table.size()).isLessThanOrEqualTo(capacity);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deferredEntries_areFoundByTheirTokenInsideACompiledRoute_untilRemoved() {
        InFlightTable table = new InFlightTable(10);
        InFlight e = new InFlight(42, "a b:c/d+é", InteractionKind.SLASH_COMMAND, "ping", 1L, 0, 0);
        table.start(e);
        String path = "webhooks/7/" + java.net.URLEncoder.encode(e.token, java.nio.charset.StandardCharsets.UTF_8)
                + "/messages/@original?wait=true";
        int start = RoutePaths.segmentStart(path, 2);
        int end = RoutePaths.segmentEnd(path, start);

        assertThat(table.getDeferred(path, start, end)).as("not deferred yet").isNull();
        assertThat(e.markDeferred()).isTrue();
        table.deferred(e);

        assertThat(table.getDeferred(path, start, end)).isSameAs(e);
        assertThat(table.getDeferred("a b:c/d+é")).isSameAs(e);
        assertThat(table.getDeferred(path, start, end - 1)).isNull();
        assertThat(e.claim()).isTrue();
        table.remove(e);
        assertThat(table.getDeferred(path, start, end)).isNull();
        assertThat(table.deferredSize()).isZero();
        assertThat(table.size()).isZero();
    }

    @Test
    void aDeferredEntryEvictedByTheRing_leavesNoTokenBehind() {
        InFlightTable table = new InFlightTable(1);
        InFlight first = entry(1);
        table.start(first);
        first.markDeferred();
        table.deferred(first);

        assertThat(table.start(entry(2))).isSameAs(first);
        assertThat(table.getDeferred(first.token)).isNull();
        assertThat(table.deferredSize()).isZero();
    }

    @Test
    void anEntryResolvedBeforeItsDeferralIsRegistered_isNotLeftInTheTokenMap() {
        InFlightTable table = new InFlightTable(4);
        InFlight e = entry(1);
        table.start(e);
        e.markDeferred();
        assertThat(e.claim()).isTrue(); // evicted/expired between markDeferred and deferred()
        table.remove(e);

        table.deferred(e);

        assertThat(table.deferredSize()).isZero();
    }

    @Test
    void expiry_removesDeferredTokensToo() {
        InFlightTable table = new InFlightTable(4);
        InFlight e = entry(1, 100);
        table.start(e);
        e.markDeferred();
        table.deferred(e);

        assertThat(table.claimOlderThan(500)).containsExactly(e);
        assertThat(table.deferredSize()).isZero();
        assertThat(table.size()).isZero();
    }
}
