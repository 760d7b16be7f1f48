package argus.discord.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discord's REST API v10 on loopback, as much of it as a bot observed by Argus needs. JDA reaches it
 * through its ordinary {@code Requester} and rate limiter, so everything JDA does with the responses
 * (parsing, {@code HttpRequestEvent}, 429 handling) is real JDA code.
 *
 * <p>Answered by default (paths relative to {@code /api/v10/}):
 * <ul>
 *   <li>{@code GET users/@me}, {@code GET users/{id}}, {@code GET gateway/bot} (the local gateway),
 *       {@code GET|PATCH applications/@me}, {@code GET oauth2/applications/@me};</li>
 *   <li>{@code PUT applications/{id}/commands} and {@code .../guilds/{id}/commands} (echoes the
 *       commands with ids), {@code GET} of both (the last ones put);</li>
 *   <li>{@code POST interactions/{id}/{token}/callback[?with_response=true]}: 200 with
 *       {@code {"interaction":{...},"resource":{"type":<the request's type>,...}}} as Discord answers
 *       with {@code with_response}, 204 without; 404 {@code 10062 Unknown interaction} for an
 *       interaction that was never dispatched, 400 {@code 40060} for a second acknowledgement;</li>
 *   <li>{@code POST webhooks/{app}/{token}} (follow-up), {@code GET|PATCH|DELETE
 *       webhooks/{app}/{token}/messages/{@original|id}}: a message object (204 for DELETE); 404
 *       {@code 10015 Unknown Webhook} for an unknown token;</li>
 *   <li>anything else: 404 {@code {"message":"404: Not Found","code":0}}.</li>
 * </ul>
 *
 * <p>Faults are scripted per route: {@link #fault(String, String, int, Reply)} answers the next N
 * matching requests with a given reply (a {@link Reply#rateLimited 429} with Discord's headers, a
 * {@link Reply#error Discord error}, a {@link Reply#after delay}). Every request is logged
 * ({@link #requests()}).
 */
public final class LocalRest implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRest.class);
    /** The path prefix JDA's default base URL uses. */
    public static final String API_PREFIX = "/api/v10/";

    /** Interactions held at most by default (a few hundred bytes each): {@link #interactionLimit(int)}. */
    public static final int DEFAULT_INTERACTION_LIMIT = 100_000;
    /** Discord's interaction token lifetime: after it, callbacks and follow-ups are refused. */
    public static final Duration DEFAULT_INTERACTION_LIFETIME = Duration.ofMinutes(15);
    private static final Pattern CALLBACK = Pattern.compile("interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern WEBHOOK = Pattern.compile("webhooks/(\\d+)/([^/]+)");
    private static final Pattern WEBHOOK_MESSAGE = Pattern.compile("webhooks/(\\d+)/([^/]+)/messages/(@original|\\d+)");
    private static final Pattern COMMANDS = Pattern.compile("applications/(\\d+)(/guilds/(\\d+))?/commands");
    private static final Pattern USER = Pattern.compile("users/(\\d+)");

    /** Rate-limit scopes as Discord names them in {@code X-RateLimit-Scope}. */
    public enum Scope {
        /** A per-route (bucket) limit of this bot. */
        USER("user"),
        /** The bot's global limit ({@code X-RateLimit-Global: true}). */
        GLOBAL("global"),
        /** A limit shared by every bot on the resource. */
        SHARED("shared");

        private final String header;

        Scope(String header) {
            this.header = header;
        }

        /** The {@code X-RateLimit-Scope} value. */
        public String header() {
            return header;
        }
    }

    /**
     * One scripted answer.
     *
     * @param status  the HTTP status, or 0 for "answer as usual" (with {@code delay})
     * @param headers response headers
     * @param body    the body, or null for none
     * @param delay   how long to hold the request before answering
     */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public Reply {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(delay, "delay");
        }

        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        public static Reply noContent() {
            return new Reply(204, Map.of(), null, Duration.ZERO);
        }

        /** A Discord error body, e.g. {@code error(404, 10062, "Unknown interaction")}. */
        public static Reply error(int status, int code, String message) {
            return json(status, DataObject.empty().put("message", message).put("code", code).toString());
        }

        /** 404 {@code 10062 Unknown interaction}: what Discord answers to a callback after the 3-second deadline. */
        public static Reply unknownInteraction() {
            return error(404, 10062, "Unknown interaction");
        }

        /** The usual answer, held back by {@code delay}. */
        public static Reply delayed(Duration delay) {
            return new Reply(0, Map.of(), null, delay);
        }

        /**
         * A 429 exactly as Discord sends it: {@code Retry-After} (whole seconds, rounded up),
         * {@code X-RateLimit-Scope}, {@code X-RateLimit-Global} for the global scope, bucket headers
         * and a {@code Via} header (without one JDA takes a 429 for a Cloudflare ban). The body's
         * {@code retry_after} carries the exact value; {@link Duration#ZERO} lets JDA retry at once.
         */
        public static Reply rateLimited(Scope scope, Duration retryAfter) {
            double seconds = retryAfter.toMillis() / 1000.0;
            long headerSeconds = (long) Math.ceil(seconds);
            boolean global = scope == Scope.GLOBAL;
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("Retry-After", Long.toString(headerSeconds));
            h.put("X-RateLimit-Scope", scope.header());
            if (global) {
                h.put("X-RateLimit-Global", "true");
            } else {
                h.put("X-RateLimit-Limit", "5");
                h.put("X-RateLimit-Remaining", "0");
                h.put("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", seconds));
                h.put("X-RateLimit-Bucket", "local-" + scope.header() + "-bucket");
            }
            h.put("Via", "1.1 google");
            String body = DataObject.empty()
                    .put("message", "You are being rate limited.")
                    .put("retry_after", seconds)
                    .put("global", global)
                    .toString();
            return new Reply(429, h, body, Duration.ZERO);
        }

        /** This reply with one more header. */
        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, delay);
        }

        /** This reply, sent after {@code delay}. */
        public Reply after(Duration delay) {
            return new Reply(status, headers, body, delay);
        }

        boolean passThrough() {
            return status == 0;
        }
    }

    /**
     * One request as the server saw it.
     *
     * @param path   relative to {@code /api/v10/}, without the query
     * @param query  the raw query string, or null
     * @param status the status it was answered with
     */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
                          int status) {
        /** The JSON body (or a multipart body's {@code payload_json}), or an empty object. */
        public DataObject json() {
            return jsonBody(body, headers);
        }

        public boolean matches(String method, String pathRegex) {
            return (method == null || this.method.equalsIgnoreCase(method)) && path.matches(pathRegex);
        }
    }

    /**
     * Sees every interaction callback the bot sends, on the server thread that answers it, before
     * the answer is sent (load drivers measure dispatch-to-callback latency with it).
     */
    @FunctionalInterface
    public interface CallbackObserver {
        /**
         * @param interactionId the interaction
         * @param callbackType  the callback's {@code type} (4 reply, 5 deferred reply, 6 deferred update, 7 update,
         *                      8 autocomplete result, 9 modal)
         * @param status        the HTTP status it is answered with
         */
        void onCallback(long interactionId, int callbackType, int status);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final long applicationId;
    private final Supplier<String> gatewayUrl;
    private final int recommendedShards;
    // The resources and the scripting, each in a class of its own; this class routes and serves.
    private final RestFaults faults = new RestFaults();
    private final RestLog log = new RestLog();
    private final RestInteractions interactions;
    private final RestCommands commands;
    private volatile CallbackObserver callbackObserver;

    /**
     * Starts the server on a free loopback port.
     *
     * @param applicationId     the bot's application (and user) id
     * @param gatewayUrl        what {@code GET gateway/bot} answers as {@code url}
     * @param recommendedShards what {@code GET gateway/bot} answers as {@code shards}
     */
    public LocalRest(long applicationId, Supplier<String> gatewayUrl, int recommendedShards) {
        this.applicationId = applicationId;
        this.gatewayUrl = gatewayUrl;
        this.recommendedShards = recommendedShards;
        this.interactions = new RestInteractions(applicationId);
        this.commands = new RestCommands(applicationId);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the local Discord REST API", e);
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "LocalRest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL for {@code RestConfig#setBaseUrl}, ending in {@code /api/v10/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + API_PREFIX;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ------------------------------------------------------------------ scripting

    /**
     * Answers the next {@code times} requests matching {@code method} (null: any) and
     * {@code pathRegex} (a full match of the path relative to {@code /api/v10/}, without the query)
     * with {@code reply}. Faults are consulted in the order they were added.
     */
    public LocalRest fault(String method, String pathRegex, int times, Reply reply) {
        faults.add(method, pathRegex, times, reply);
        return this;
    }

    /** Holds the next {@code times} matching requests for {@code delay}, then answers them as usual. */
    public LocalRest delay(String method, String pathRegex, int times, Duration delay) {
        return fault(method, pathRegex, times, Reply.delayed(delay));
    }

    /** Forgets every scripted fault not used yet. */
    public void clearFaults() {
        faults.clear();
    }

    /** Scripted replies not used yet. */
    public int pendingFaults() {
        return faults.pending();
    }

    /** Registers an interaction dispatched through the gateway (its {@code INTERACTION_CREATE} payload). */
    public void registerInteraction(DataObject interaction) {
        registerInteraction(interaction.getUnsignedLong("id"), interaction.getInt("type"), interaction.getString("token"),
                interaction.getUnsignedLong("channel_id", 0), interaction.getUnsignedLong("guild_id", 0));
    }

    /** Registers an interaction by its fields (guild 0 for a DM). */
    public void registerInteraction(long id, int type, String token, long channelId, long guildId) {
        interactions.register(id, type, token, channelId, guildId);
    }

    /** Interactions held now (answered or not, until their token expires or the limit forgets them). */
    public int heldInteractions() {
        return interactions.held();
    }

    /**
     * Keeps at most {@code limit} requests in {@link #requests()} (the oldest are dropped; 0 keeps
     * none). Unlimited by default; long-running demos and load drivers bound it.
     */
    public LocalRest requestLogLimit(int limit) {
        log.limit(limit);
        return this;
    }

    /**
     * Remembers at most {@code limit} interactions (default {@value #DEFAULT_INTERACTION_LIMIT}; the
     * oldest are forgotten first); a callback for one forgotten since is answered 404
     * {@code 10062 Unknown interaction}, as Discord does after the token expired.
     */
    public LocalRest interactionLimit(int limit) {
        interactions.limit(limit);
        return this;
    }

    /**
     * How long an interaction's token is valid (default 15 minutes, as on Discord): after it, its
     * callback is answered 404 {@code 10062 Unknown interaction} and its follow-ups 404
     * {@code 10015 Unknown Webhook}, and it is forgotten.
     */
    public LocalRest interactionLifetime(Duration lifetime) {
        interactions.lifetime(lifetime);
        return this;
    }

    /** Installs (or with null removes) the observer of interaction callbacks. */
    public LocalRest callbackObserver(CallbackObserver observer) {
        this.callbackObserver = observer;
        return this;
    }

    /** Requests answered so far, including those no longer in the (bounded) log. */
    public long answeredCount() {
        return log.answered();
    }

    /** The callback type the bot answered interaction {@code id} with (4 reply, 5 defer, ...), if it did. */
    public Optional<Integer> callbackType(long interactionId) {
        return interactions.callbackType(interactionId);
    }

    // ------------------------------------------------------------------ request log

    /** Every request answered so far (the newest {@link #requestLogLimit} of them), in order. */
    public List<Request> requests() {
        return log.all();
    }

    /** Requests matching {@code method} (null: any) and {@code pathRegex}. */
    public List<Request> requests(String method, String pathRegex) {
        return log.matching(method, pathRegex);
    }

    /** Waits until at least {@code count} matching requests were answered; returns them. */
    public List<Request> awaitRequests(String method, String pathRegex, int count, Duration timeout) {
        return log.await(method, pathRegex, count, timeout);
    }

    // ------------------------------------------------------------------ serving

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            String full = ex.getRequestURI().getRawPath();
            String path = full.startsWith(API_PREFIX) ? full.substring(API_PREFIX.length()) : full;
            String query = ex.getRequestURI().getRawQuery();
            byte[] raw = ex.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));

            Reply reply = faults.take(method, path);
            if (reply != null && !reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis()); // a scripted slow answer, on the server's own thread
            }
            DataObject json = jsonBody(body, headers);
            if (reply == null || reply.passThrough()) {
                reply = answer(method, path, query, body, json);
            }
            CallbackObserver observer = callbackObserver;
            if (observer != null && "POST".equals(method)) {
                Matcher cb = CALLBACK.matcher(path);
                if (cb.matches()) {
                    observer.onCallback(Long.parseUnsignedLong(cb.group(1)), json.getInt("type", -1), reply.status());
                }
            }
            // Logged before answering, so that whatever JDA does with the answer happens after the log shows it.
            log.add(new Request(method, path, query, Map.copyOf(headers), body, reply.status()));
            send(ex, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } catch (RuntimeException | IOException e) {
            LOG.debug("local REST request failed", e);
            ex.close();
        }
    }

    private Reply answer(String method, String path, String query, String rawBody, DataObject body) {
        Matcher m;
        switch (method) {
            case "GET":
                if (path.equals("users/@me")) {
                    return Reply.json(200, Payloads.selfUser().toString());
                }
                if (path.equals("gateway/bot")) {
                    return Reply.json(200, Payloads.gatewayBot(gatewayUrl.get(), recommendedShards).toString());
                }
                if (path.equals("gateway")) {
                    return Reply.json(200, DataObject.empty().put("url", gatewayUrl.get()).toString());
                }
                if (path.equals("applications/@me") || path.equals("oauth2/applications/@me")) {
                    return Reply.json(200, Payloads.application().toString());
                }
                if ((m = USER.matcher(path)).matches()) {
                    long id = Long.parseUnsignedLong(m.group(1));
                    return Reply.json(200, (id == applicationId ? Payloads.selfUser() : Payloads.user(id, "user" + id))
                            .toString());
                }
                if ((m = COMMANDS.matcher(path)).matches()) {
                    return commands.get(path);
                }
                if ((m = WEBHOOK_MESSAGE.matcher(path)).matches()) {
                    return interactions.message(m, body, false);
                }
                break;
            case "PATCH":
                if (path.equals("applications/@me")) {
                    return Reply.json(200, Payloads.application().toString());
                }
                if ((m = WEBHOOK_MESSAGE.matcher(path)).matches()) {
                    return interactions.message(m, body, true);
                }
                break;
            case "PUT":
                if ((m = COMMANDS.matcher(path)).matches()) {
                    return commands.put(path, m, rawBody);
                }
                break;
            case "POST":
                if ((m = CALLBACK.matcher(path)).matches()) {
                    return interactions.callback(m, query, body);
                }
                if ((m = WEBHOOK.matcher(path)).matches()) {
                    return interactions.followUp(m, query, body);
                }
                break;
            case "DELETE":
                if ((m = WEBHOOK_MESSAGE.matcher(path)).matches()) {
                    return interactions.deleteMessage(m);
                }
                break;
            default:
        }
        return Reply.json(404, "{\"message\":\"404: Not Found\",\"code\":0}");
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] body = reply.body() == null ? null : reply.body().getBytes(StandardCharsets.UTF_8);
        if (body == null || reply.status() == 204) {
            ex.sendResponseHeaders(reply.status(), -1);
        } else {
            ex.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
        ex.close();
    }

    /** A JSON object body, or a multipart body's {@code payload_json} part; empty when there is none. */
    static DataObject jsonBody(String body, Map<String, List<String>> headers) {
        if (body == null || body.isBlank()) {
            return DataObject.empty();
        }
        String json = body.trim();
        String contentType = header(headers, "Content-Type");
        if (contentType != null && contentType.startsWith("multipart/")) {
            int name = body.indexOf("name=\"payload_json\"");
            if (name < 0) {
                return DataObject.empty();
            }
            int start = body.indexOf("\r\n\r\n", name);
            int end = body.indexOf("\r\n--", start + 4);
            if (start < 0 || end < 0) {
                return DataObject.empty();
            }
            json = body.substring(start + 4, end).trim();
        }
        if (!json.startsWith("{")) {
            return DataObject.empty();
        }
        try {
            return DataObject.fromJson(json);
        } catch (RuntimeException e) {
            return DataObject.empty();
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** Stops the server at once; requests held by a delay are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
