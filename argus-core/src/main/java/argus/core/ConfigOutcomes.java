package argus.core;

import argus.api.config.ConfigException;
import argus.api.health.Health;
import argus.core.registry.CallbackFamily;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What became of the configuration updates of each part (one Config Admin PID each): a rejected
 * update, kept until the next valid one, and keys whose change waits for a restart. Shown in
 * {@code /healthz} as degraded subsystems ({@code config:<pid>}, {@code restart:<pid>}) and in
 * {@code argus_config_rejected{pid}}.
 */
final class ConfigOutcomes {
    private final Set<String> pids = new ConcurrentSkipListSet<>();
    private final Map<String, ConfigException> rejected = new ConcurrentHashMap<>();
    private final Map<String, String> restartNeeded = new ConcurrentHashMap<>();

    /** {@code rejection} null: the PID's last update was applied. */
    void report(String pid, ConfigException rejection) {
        pids.add(pid);
        if (rejection == null) {
            rejected.remove(pid);
        } else {
            rejected.put(pid, rejection);
        }
    }

    /** {@code detail} null: the running configuration of the PID is the configured one. */
    void restartNeeded(String pid, String detail) {
        if (detail == null) {
            restartNeeded.remove(pid);
        } else {
            restartNeeded.put(pid, detail);
        }
    }

    void health(Map<String, Health> out) {
        for (String pid : pids) {
            ConfigException e = rejected.get(pid);
            if (e != null) {
                out.put("config:" + pid, Health.down("update rejected, key '" + e.key() + "': " + e.getMessage()
                        + " Running on the previous configuration."));
            }
        }
        restartNeeded.forEach((pid, detail) -> out.put("restart:" + pid, Health.down(detail)));
    }

    void emit(CallbackFamily.Emitter out) {
        for (String pid : pids) {
            out.emit(rejected.containsKey(pid) ? 1 : 0, pid);
        }
    }
}
