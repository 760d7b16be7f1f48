package argus.http;

import argus.api.health.Health;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /healthz}: 200 while Argus' core runs (with "degraded" when a subsystem such as the sink
 * is down), 503 when the core is not running. Never gated by a token (load balancers and
 * orchestrators probe it); it exposes no per-guild data.
 */
public final class HealthHandler extends Handler.Abstract {
    private final Supplier<Map<String, Health>> health;

    public HealthHandler(Supplier<Map<String, Health>> health) {
        this.health = health;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Map<String, Health> all = health.get();
        boolean coreUp = all.getOrDefault("core", Health.down("missing")).up();
        boolean allUp = all.values().stream().allMatch(Health::up);
        Map<String, Object> subsystems = new LinkedHashMap<>();
        all.forEach((name, h) -> subsystems.put(name, Map.of("up", h.up(), "detail", h.detail())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !coreUp ? "down" : allUp ? "up" : "degraded");
        body.put("subsystems", subsystems);
        Responses.json(response, callback, coreUp ? 200 : 503, body);
        return true;
    }
}
