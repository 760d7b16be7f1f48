package argus.http.server;

import argus.api.health.Health;
import argus.http.Responses;
import argus.http.TokenGate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /healthz}: 200 while Argus' core runs (with "degraded" when a subsystem such as the sink
 * is down), 503 when the core is not running. The status and which subsystems are up are never gated
 * (load balancers and orchestrators probe it). The details (addresses, a database and table, an
 * engine's error text) are another matter: while any token is configured they are shown only to a
 * request that carries one of them. It never exposes per-guild data.
 */
final class HealthHandler extends Handler.Abstract {
    static final String DETAILS_NEED_A_TOKEN = "details need the metrics or dashboard token "
            + "(Authorization: Bearer <token>)";
    private final Supplier<Map<String, Health>> health;
    private final Supplier<List<TokenGate>> gates;

    public HealthHandler(Supplier<Map<String, Health>> health) {
        this(health, List::of);
    }

    /** @param gates the configured tokens, read per request (a token may change at run time) */
    public HealthHandler(Supplier<Map<String, Health>> health, Supplier<List<TokenGate>> gates) {
        this.health = health;
        this.gates = gates;
    }

    private boolean showsDetails(Request request) {
        List<TokenGate> configured = gates.get().stream().filter(TokenGate::configured).toList();
        return configured.isEmpty() || configured.stream().anyMatch(g -> g.allows(request));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Map<String, Health> all = health.get();
        boolean coreUp = all.getOrDefault("core", Health.down("missing")).up();
        boolean allUp = all.values().stream().allMatch(Health::up);
        boolean details = showsDetails(request);
        Map<String, Object> subsystems = new LinkedHashMap<>();
        all.forEach((name, h) -> subsystems.put(name, details ? Map.of("up", h.up(), "detail", h.detail())
                : Map.of("up", h.up())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !coreUp ? "down" : allUp ? "up" : "degraded");
        body.put("subsystems", subsystems);
        if (!details) {
            body.put("details", DETAILS_NEED_A_TOKEN);
        }
        Responses.json(response, callback, coreUp ? 200 : 503, body);
        return true;
    }
}
