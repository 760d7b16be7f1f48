package argus.core;

import argus.api.health.Health;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a container, events offered while no sink is bound (before the first one binds, or between
 * sinks) are held in core, bounded, and handed to the next sink; the overflow is counted as dropped.
 * None is invisible, and offered = accepted + dropped stays exact.
 */
class UnboundEventsTest {
    private final AtomicLong clock = new AtomicLong();

    private static AnalyticsEvent event(int i) {
        return new AnalyticsEvent(i, EventKind.INTERACTION, 1, "slash", "cmd", 1.0, "ok", "", 0, "default");
    }

    @Test
    void eventsBeforeTheFirstSinkAreHandedToItAndCountedThere() {
        SinkSlot slot = new SinkSlot(clock::get, Duration.ofSeconds(30), 100);
        slot.holdWhileUnbound();
        for (int i = 0; i < 10; i++) {
            assertThat(slot.get().enabled()).isTrue();
            slot.get().record(event(i));
        }
        assertThat(slot.bound()).isNull();
        assertThat(slot.stats()).isEqualTo(SinkStats.EMPTY); // held, not yet offered to any sink

        QueueSink sink = new QueueSink(1_000);
        assertThat(slot.swap(sink)).isNull();

        assertThat(sink.events).hasSize(10);
        assertThat(sink.events.peek().epochMillis()).isZero(); // in the order they came
        assertThat(slot.stats()).isEqualTo(new SinkStats(10, 10, 0, 0, 0, 10));
        assertThat(slot.get()).isSameAs(sink);
    }

    @Test
    void beyondTheCapacityEventsAreDroppedAndCountedAtOnce() {
        SinkSlot slot = new SinkSlot(clock::get, Duration.ofSeconds(30), 5);
        slot.holdWhileUnbound();
        for (int i = 0; i < 8; i++) {
            slot.get().record(event(i));
        }
        assertThat(slot.stats()).isEqualTo(new SinkStats(3, 0, 3, 0, 0, 0));

        QueueSink sink = new QueueSink(1_000);
        slot.swap(sink);
        SinkStats s = slot.stats();

        assertThat(sink.events).hasSize(5);
        assertThat(s).isEqualTo(new SinkStats(8, 5, 3, 0, 0, 5));
        assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
    }

    /** The README's figure: a container holds 4,096 events while no sink is bound. */
    @Test
    void aContainerHolds4096Events() {
        SinkSlot slot = new SinkSlot();
        slot.holdWhileUnbound();
        for (int i = 0; i < 5_000; i++) {
            slot.get().record(event(i));
        }
        QueueSink sink = new QueueSink(10_000);
        slot.swap(sink);

        assertThat(sink.count).hasValue(4_096);
        assertThat(slot.stats().dropped()).isEqualTo(5_000 - 4_096);
    }

    @Test
    void aSinkUnboundWithNoReplacementHoldsEventsForTheNextOne() {
        SinkSlot slot = new SinkSlot(clock::get, Duration.ofSeconds(30), 100);
        slot.holdWhileUnbound();
        QueueSink first = new QueueSink(1_000);
        QueueSink second = new QueueSink(1_000);
        slot.swap(first);
        slot.get().record(event(1));
        assertThat(slot.swap(null)).isSameAs(first);
        slot.get().record(event(2));
        slot.get().record(event(3));
        slot.swap(second);

        assertThat(first.events).hasSize(1);
        assertThat(second.events).hasSize(2);
        assertThat(slot.stats().offered()).isEqualTo(3);
    }

    @Test
    void aDisabledSinkBindingFirstMeansAnalyticsOffAndNothingIsCounted() {
        SinkSlot slot = new SinkSlot(clock::get, Duration.ofSeconds(30), 100);
        slot.holdWhileUnbound();
        slot.get().record(event(1));
        slot.swap(new QueueSink(0) {
            @Override
            public boolean enabled() {
                return false;
            }
        });

        assertThat(slot.get().enabled()).isFalse();
        assertThat(slot.stats()).isEqualTo(SinkStats.EMPTY);
    }

    @Test
    void outsideAContainerNoSinkMeansAnalyticsOff() {
        SinkSlot slot = new SinkSlot(clock::get, Duration.ofSeconds(30), 100);
        assertThat(slot.get()).isNull();
        slot.swap(new QueueSink(10));
        slot.swap(null);
        assertThat(slot.get()).isNull();
    }

    /** Writers race the hand-over: every event they offered reaches the sink, none is left behind. */
    @Test
    void noEventIsStrandedByAHandOverUnderConcurrentWriters() throws Exception {
        for (int round = 0; round < 20; round++) {
            SinkSlot slot = new SinkSlot(clock::get, Duration.ofSeconds(30), 1_000_000);
            slot.holdWhileUnbound();
            QueueSink sink = new QueueSink(Integer.MAX_VALUE);
            AtomicBoolean running = new AtomicBoolean(true);
            LongAdder issued = new LongAdder();
            CountDownLatch started = new CountDownLatch(4);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Thread t = new Thread(() -> {
                    started.countDown();
                    int i = 0;
                    while (running.get() && i < 200_000) {
                        slot.get().record(event(i++));
                        issued.increment();
                    }
                });
                t.start();
                writers.add(t);
            }
            started.await();
            LocalDiscord.waitUntil(() -> issued.sum() > 1_000, Duration.ofSeconds(10), () -> "writers stalled");
            slot.swap(sink);
            LocalDiscord.waitUntil(() -> sink.count.get() > 1_000, Duration.ofSeconds(10), () -> "after the swap");
            running.set(false);
            for (Thread t : writers) {
                t.join();
            }

            assertThat(sink.count.get()).as("round " + round).isEqualTo(issued.sum());
            SinkStats s = slot.stats();
            assertThat(s.offered()).isEqualTo(issued.sum());
            assertThat(s.offered()).isEqualTo(s.accepted() + s.dropped());
        }
    }

    /** The whole path: a real JDA's commands before the container binds a sink reach it when it does. */
    @Test
    void aContainersCommandsBeforeTheSinkBindsReachTheSink() {
        ScriptedBot bot = new ScriptedBot();
        bot.answers(e -> {
            if (e instanceof SlashCommandInteractionEvent s) {
                s.reply("pong").queue(ok -> { }, failure -> { });
            }
        });
        try (LocalBot local = LocalBot.connect(bot)) {
            Argus argus = local.attach(b -> b.discoverModules(false));
            for (int i = 0; i < 3; i++) {
                local.dispatch(Payloads.slashCommand(LocalBot.GUILD, "early" + i));
            }
            // Answered (their events offered): nothing left in flight.
            LocalDiscord.waitUntil(() -> argus.registry().value("argus_timers_in_flight") == 0, LocalBot.T,
                    () -> "in flight: " + argus.registry().value("argus_timers_in_flight"));
            assertThat(argus.registry().value("argus_history_events_offered")).as("held, not yet offered").isZero();
            assertThat(argus.sink()).isEmpty();

            QueueSink sink = new QueueSink(1_000);
            argus.swapSink(sink);
            LocalDiscord.waitUntil(() -> sink.events.size() >= 6, LocalBot.T, () -> "sink has " + sink.events);

            assertThat(sink.events).extracting(AnalyticsEvent::command).contains("early0", "early1", "early2");
            assertThat(argus.registry().value("argus_history_events_offered")).isEqualTo(sink.events.size());
        }
    }

    /** A bounded queue sink with exact accounting, like the ClickHouse sink's front. */
    private static class QueueSink implements EventSink {
        final ConcurrentLinkedQueue<AnalyticsEvent> events = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        private final int capacity;
        private final LongAdder offered = new LongAdder();
        private final LongAdder dropped = new LongAdder();

        QueueSink(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public boolean record(AnalyticsEvent event) {
            offered.increment();
            if (count.incrementAndGet() > capacity) {
                count.decrementAndGet();
                dropped.increment();
                return false;
            }
            events.add(event);
            return true;
        }

        @Override
        public SinkStats stats() {
            long n = count.get();
            return new SinkStats(n + dropped.sum(), n, dropped.sum(), 0, 0, n);
        }

        @Override
        public Health health() {
            return Health.up("queue");
        }

        @Override
        public String name() {
            return "queue";
        }

        @Override
        public void close(Duration timeout) {
        }
    }
}
