package argus.core;

import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Core's {@code argus_history_events_*} accounting is cumulative over sink swaps and never goes back. */
class SinkAccountingTest {
    private final AtomicLong clock = new AtomicLong();
    private final SinkSlot slot = new SinkSlot(clock::get, Duration.ofSeconds(30));

    @Test
    void aSwapKeepsTheOutgoingSinksCountsAndItsDrainResultArrivesAfterTheSwap() {
        FakeSink first = new FakeSink();
        FakeSink second = new FakeSink();
        slot.swap(first);
        first.offer(100, 90);    // 10 dropped
        first.write(60);         // 30 pending
        SinkStats beforeSwap = slot.stats();

        slot.swap(second);
        SinkStats atSwap = slot.stats();
        first.write(25);         // the outgoing sink drains after it left...
        first.fail(5);           // ...and gives up on the rest at its deadline
        second.offer(50, 50);
        second.write(20);
        SinkStats after = slot.stats();

        assertThat(atSwap).isEqualTo(beforeSwap);
        assertNeverBack(beforeSwap, after);
        assertThat(after).isEqualTo(new SinkStats(150, 140, 10, 105, 5, 30));
        assertBalanced(after);
    }

    @Test
    void aSettledSinkIsLetGoAndItsFinalNumbersStay() {
        FakeSink first = new FakeSink();
        slot.swap(first);
        first.offer(10, 10);
        first.write(10);
        slot.swap(new FakeSink());

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        SinkStats settled = slot.stats();

        assertThat(slot.retiring()).isZero();
        assertThat(settled.written()).isEqualTo(10);
        assertThat(slot.stats()).isEqualTo(settled);
    }

    @Test
    void aSinkStillPendingIsReadLiveBeyondTheSettleTime() {
        FakeSink first = new FakeSink();
        slot.swap(first);
        first.offer(10, 10);
        slot.swap(null);
        clock.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(slot.stats().pending()).isEqualTo(10);
        first.write(10);

        assertThat(slot.stats().written()).isEqualTo(10);
        assertThat(slot.retiring()).isEqualTo(0);
    }

    @Test
    void aSinkBoundAgainIsNotCountedTwice() {
        FakeSink first = new FakeSink();
        FakeSink second = new FakeSink();
        slot.swap(first);
        first.offer(10, 10);
        first.write(10);
        slot.swap(second);
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        slot.stats();            // first settles
        slot.swap(first);        // and comes back (a higher-ranked sink left)
        first.offer(5, 5);

        SinkStats now = slot.stats();

        assertThat(now.offered()).isEqualTo(15);
        assertThat(now.written()).isEqualTo(10);
        assertBalanced(now);
    }

    private static void assertNeverBack(SinkStats before, SinkStats after) {
        assertThat(after.offered()).isGreaterThanOrEqualTo(before.offered());
        assertThat(after.accepted()).isGreaterThanOrEqualTo(before.accepted());
        assertThat(after.dropped()).isGreaterThanOrEqualTo(before.dropped());
        assertThat(after.written()).isGreaterThanOrEqualTo(before.written());
        assertThat(after.failed()).isGreaterThanOrEqualTo(before.failed());
    }

    private static void assertBalanced(SinkStats s) {
        assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
        assertThat(s.accepted()).isEqualTo(s.written() + s.failed() + s.pending());
    }

    /** A sink whose accounting the test moves by hand. */
    private static final class FakeSink implements EventSink {
        private long offered;
        private long accepted;
        private long written;
        private long failed;

        void offer(long n, long acceptedOfThem) {
            offered += n;
            accepted += acceptedOfThem;
        }

        void write(long n) {
            written += n;
        }

        void fail(long n) {
            failed += n;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean record(AnalyticsEvent event) {
            return false;
        }

        @Override
        public SinkStats stats() {
            return new SinkStats(offered, accepted, offered - accepted, written, failed, accepted - written - failed);
        }

        @Override
        public Health health() {
            return Health.up("fake");
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void close(Duration timeout) {
        }
    }
}
