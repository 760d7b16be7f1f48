package argus.ops;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A Python bot in the fleet, as argus-dpy exposes it: argus-dpy's series (names, label names, its
 * coarse interaction types, {@code discord_ratelimits_total} without {@code scope}, its own
 * {@code discord_bot_info} labels), in cluster {@value #CLUSTER}, counters growing with time so that
 * rates and quantiles have something to compute. Only the series both tools share: the dashboards must
 * show it next to the Java bot from these alone. Nothing in it meets an alert's condition.
 */
final class ArgusDpyTarget implements AutoCloseable {
    static final String CLUSTER = "py";

    private final HttpServer server;
    private final long start = System.nanoTime();

    private ArgusDpyTarget(HttpServer server) {
        this.server = server;
    }

    static ArgusDpyTarget start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ArgusDpyTarget target = new ArgusDpyTarget(server);
        server.createContext("/metrics", exchange -> {
            byte[] body = target.exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return target;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private String exposition() {
        double t = (System.nanoTime() - start) / 1e9 + 1;
        StringBuilder b = new StringBuilder();
        for (String shard : new String[] {"0", "1"}) {
            sample(b, "discord_shard_latency_seconds", "shard=\"" + shard + "\"", 0.04);
            sample(b, "discord_shard_up", "shard=\"" + shard + "\"", 1);
            sample(b, "discord_shard_ws_ratelimited", "shard=\"" + shard + "\"", 0);
            sample(b, "discord_shard_disconnects_total", "shard=\"" + shard + "\"", 0.001 * t);
            sample(b, "discord_shard_reconnects_total", "shard=\"" + shard + "\"", 0.001 * t);
        }
        sample(b, "discord_shards_connected", "", 2);
        sample(b, "discord_shards_configured", "", 2);
        sample(b, "discord_guilds", "", 30);
        sample(b, "discord_cached_users", "", 500);
        sample(b, "discord_voice_clients", "", 1);
        sample(b, "discord_emojis", "", 40);
        sample(b, "discord_stickers", "", 5);
        sample(b, "discord_private_channels", "", 3);
        sample(b, "discord_app_commands_registered", "", 4);
        sample(b, "discord_uptime_seconds", "", t);
        sample(b, "discord_bot_info", "version=\"0.5.0\",discord_py_version=\"2.4.0\"", 1);
        sample(b, "argus_up", "", 1);
        for (String subsystem : new String[] {"server", "sink", "tracing"}) {
            sample(b, "argus_subsystem_up", "subsystem=\"" + subsystem + "\"", 1);
        }
        sample(b, "discord_interactions_total", "type=\"application_command\",status=\"acknowledged\"", 3 * t);
        sample(b, "discord_interactions_total", "type=\"component\",status=\"acknowledged\"", t);
        sample(b, "discord_interactions_total", "type=\"application_command\",status=\"failed\"", 0.01 * t);
        sample(b, "discord_app_commands_total", "command=\"ping\",status=\"success\"", 3 * t);
        sample(b, "discord_app_commands_total", "command=\"ping\",status=\"error\"", 0.01 * t);
        sample(b, "discord_commands_total", "command=\"help\",status=\"success\"", 0.5 * t);
        sample(b, "discord_command_errors_total", "command=\"ping\",error_type=\"CommandInvokeError\"", 0.01 * t);
        sample(b, "discord_gateway_events_total", "event=\"MESSAGE_CREATE\"", 10 * t);
        sample(b, "discord_log_records_total", "logger=\"discord.gateway\",level=\"INFO\"", 0.2 * t);
        sample(b, "discord_ratelimits_total", "", 0.01 * t);
        sample(b, "argus_instrumentation_errors_total", "hook=\"on_interaction\"", 0);
        sample(b, "argus_history_events_dropped_total", "", 0);
        sample(b, "argus_timers_evicted_total", "", 0.001 * t);
        histogram(b, "discord_app_command_duration_seconds", "command=\"ping\"", 3 * t);
        histogram(b, "discord_command_duration_seconds", "command=\"help\"", 0.5 * t);
        return b.toString();
    }

    /** Observations spread over the buckets (80% under 0.1 s, all under 1 s). */
    private static void histogram(StringBuilder b, String name, String labels, double count) {
        sample(b, name + "_bucket", labels + ",le=\"0.1\"", 0.8 * count);
        sample(b, name + "_bucket", labels + ",le=\"0.5\"", 0.95 * count);
        sample(b, name + "_bucket", labels + ",le=\"1.0\"", count);
        sample(b, name + "_bucket", labels + ",le=\"+Inf\"", count);
        sample(b, name + "_count", labels, count);
        sample(b, name + "_sum", labels, 0.1 * count);
    }

    private static void sample(StringBuilder b, String name, String labels, double value) {
        b.append(name).append("{cluster=\"").append(CLUSTER).append('"').append(labels.isEmpty() ? "" : ",")
                .append(labels).append("} ").append(String.format(Locale.ROOT, "%.6f", value)).append('\n');
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
