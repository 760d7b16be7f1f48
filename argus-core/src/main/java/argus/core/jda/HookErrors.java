package argus.core.jda;

import argus.core.registry.MetricRegistry;

/** Invariant 5 for every hook: a failure is counted in {@code argus_instrumentation_errors_total{hook}} and swallowed. */
final class HookErrors {
    private HookErrors() {
    }

    static void failOpen(MetricRegistry registry, String hook, Throwable t) {
        if (t instanceof VirtualMachineError vme) {
            throw vme; // the JVM is failing; hiding that would help nobody
        }
        registry.recordError(hook, t);
    }
}
