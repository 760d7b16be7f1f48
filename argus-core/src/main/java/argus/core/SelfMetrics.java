package argus.core;

import argus.api.health.Health;
import argus.api.metrics.Labels;
import argus.api.sink.SinkStats;
import argus.core.registry.MetricRegistry;
import net.dv8tion.jda.api.JDAInfo;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Argus' own health and accounting metrics ({@code argus_*}, never namespaced). */
final class SelfMetrics {
    private SelfMetrics() {
    }

    static void register(MetricRegistry registry, String namespace, Supplier<Map<String, Health>> health,
                         SinkSlot sinks, Supplier<Integer> inFlight, ConfigOutcomes config) {
        String ns = namespace.isEmpty() ? "" : namespace + "_";
        registry.info(ns + "bot", "The bot's JDA version and the Argus version observing it",
                Labels.of("jda_version", JDAInfo.VERSION, "argus_version", ArgusVersion.get()));
        registry.gauge("argus_up", "1 while Argus is running", "", List.of(), out -> out.emit(1));
        registry.gauge("argus_subsystem_up", "1 when an Argus subsystem (server, sink, ...) works", "",
                List.of("subsystem"), out -> health.get().forEach((name, h) -> out.emit(h.up() ? 1 : 0, name)));
        registry.gauge("argus_config_rejected",
                "1 while the last configuration update of a PID was rejected (it runs on its previous one)", "",
                List.of("pid"), config::emit);
        registry.gauge("argus_timers_in_flight", "Interactions awaiting completion (bounded by timer_cap)", "",
                List.of(), out -> out.emit(inFlight.get()));
        // Sink accounting: accepted = written + failed + pending; offered = accepted + dropped.
        registry.counterCallback("argus_history_events_offered", "Analytics events handed to the sink", List.of(),
                out -> out.emit(stats(sinks).offered()));
        registry.counterCallback("argus_history_events_accepted", "Analytics events queued by the sink", List.of(),
                out -> out.emit(stats(sinks).accepted()));
        registry.counterCallback("argus_history_events_dropped",
                "Analytics events dropped because the sink's queue was full or closed (never blocks the bot)",
                List.of(), out -> out.emit(stats(sinks).dropped()));
        registry.counterCallback("argus_history_events_written", "Analytics events written to the store", List.of(),
                out -> out.emit(stats(sinks).written()));
        registry.counterCallback("argus_history_events_failed",
                "Accepted analytics events given up on (store errors, or not drained at close)", List.of(),
                out -> out.emit(stats(sinks).failed()));
        registry.gauge("argus_history_events_pending", "Accepted analytics events not yet written", "", List.of(),
                out -> out.emit(stats(sinks).pending()));
    }

    /** Cumulative over every sink core has used: these counters never go back at a swap. */
    private static SinkStats stats(SinkSlot sinks) {
        return sinks.stats();
    }
}
