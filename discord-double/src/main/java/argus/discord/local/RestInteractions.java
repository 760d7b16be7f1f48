package argus.discord.local;

import argus.discord.local.LocalRest.Reply;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * {@link LocalRest}'s interactions resource: the interactions Discord handed out and the routes that
 * answer for them (the callback, follow-ups, the original and follow-up messages). What is held stays
 * bounded by count and by the token's lifetime, as on Discord, whatever the rate.
 */
final class RestInteractions {
    /** An interaction Discord handed out: what the callback and webhook routes need to know about it. */
    private static final class Interaction {
        final long id;
        final int type;
        final String token;
        final long channelId;
        final long guildId;
        /** {@link System#nanoTime()} at registration: its token expires {@link #lifetimeNanos} later. */
        final long registeredNanos = System.nanoTime();
        volatile int callbackType = -1;
        volatile long originalMessageId;

        Interaction(long id, int type, String token, long channelId, long guildId) {
            this.id = id;
            this.type = type;
            this.token = token;
            this.channelId = channelId;
            this.guildId = guildId;
        }
    }

    private final long applicationId;
    private final Map<Long, Interaction> byId = new ConcurrentHashMap<>();
    private final Map<String, Interaction> byToken = new ConcurrentHashMap<>();
    /**
     * Interactions in the order they were registered (guarded by itself), to forget the oldest once
     * their token expired or beyond {@link #limit}.
     */
    private final ArrayDeque<Interaction> order = new ArrayDeque<>();
    private volatile int limit = LocalRest.DEFAULT_INTERACTION_LIMIT;
    private volatile long lifetimeNanos = LocalRest.DEFAULT_INTERACTION_LIFETIME.toNanos();

    RestInteractions(long applicationId) {
        this.applicationId = applicationId;
    }

    void register(long id, int type, String token, long channelId, long guildId) {
        Interaction i = new Interaction(id, type, token, channelId, guildId);
        byId.put(id, i);
        byToken.put(i.token, i);
        synchronized (order) {
            order.addLast(i);
            // Each registration forgets what expired before it, so the work per interaction stays O(1).
            forgetExpired(i.registeredNanos);
        }
    }

    /** Forgets the oldest interactions while there are too many or their token expired; under order. */
    private void forgetExpired(long nowNanos) {
        int max = limit;
        long lifetime = lifetimeNanos;
        Interaction oldest;
        while ((oldest = order.peekFirst()) != null
                && (order.size() > max || nowNanos - oldest.registeredNanos > lifetime)) {
            order.pollFirst();
            byId.remove(oldest.id, oldest);
            byToken.remove(oldest.token, oldest);
        }
    }

    int held() {
        synchronized (order) {
            return order.size();
        }
    }

    void limit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        synchronized (order) {
            limit = max;
            forgetExpired(System.nanoTime());
        }
    }

    void lifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        synchronized (order) {
            lifetimeNanos = lifetime.toNanos();
            forgetExpired(System.nanoTime());
        }
    }

    /** The interaction, unless it was forgotten or its token expired. */
    private Interaction live(Interaction i) {
        return i == null || System.nanoTime() - i.registeredNanos > lifetimeNanos ? null : i;
    }

    Optional<Integer> callbackType(long interactionId) {
        Interaction i = live(byId.get(interactionId));
        return i == null || i.callbackType < 0 ? Optional.empty() : Optional.of(i.callbackType);
    }

    /** {@code POST interactions/{id}/{token}/callback}: groups 1 and 2 of {@code m} are the id and token. */
    Reply callback(Matcher m, String query, DataObject body) {
        Interaction i = live(byId.get(Long.parseUnsignedLong(m.group(1))));
        if (i == null) {
            return Reply.unknownInteraction();
        }
        if (!i.token.equals(m.group(2))) {
            return Reply.error(401, 50027, "Invalid Webhook Token");
        }
        int type = body.getInt("type", -1);
        synchronized (i) {
            if (i.callbackType >= 0) {
                return Reply.error(400, 40060, "Interaction has already been acknowledged.");
            }
            i.callbackType = type;
        }
        if (query == null || !query.contains("with_response=true")) {
            return Reply.noContent();
        }
        DataObject data = body.optObject("data").orElseGet(DataObject::empty);
        DataObject interaction = DataObject.empty()
                .put("id", Long.toUnsignedString(i.id))
                .put("type", i.type)
                .put("activity_instance_id", null)
                .put("response_message_loading", type == 5)
                .put("response_message_ephemeral", (data.getInt("flags", 0) & 64) != 0);
        DataObject resource = DataObject.empty().put("type", type);
        // Discord returns the message for replies (4), deferred replies (5, a "thinking" message) and updates (7).
        if (type == 4 || type == 5 || type == 7) {
            long messageId = Payloads.snowflake();
            i.originalMessageId = messageId;
            int flags = data.getInt("flags", 0) | (type == 5 ? 128 : 0);
            DataObject message = Payloads.message(messageId, i.channelId, i.guildId,
                    data.getString("content", ""), flags);
            interaction.put("response_message_id", Long.toUnsignedString(messageId));
            resource.put("message", message);
        }
        return Reply.json(200, DataObject.empty().put("interaction", interaction).put("resource", resource).toString());
    }

    /** {@code POST webhooks/{app}/{token}}: a follow-up. */
    Reply followUp(Matcher m, String query, DataObject body) {
        Interaction i = live(byToken.get(m.group(2)));
        if (i == null || Long.parseUnsignedLong(m.group(1)) != applicationId) {
            return unknownWebhook();
        }
        if (query == null || !query.contains("wait=true")) {
            return Reply.noContent();
        }
        return Reply.json(200, Payloads.message(Payloads.snowflake(), i.channelId, i.guildId,
                body.getString("content", ""), body.getInt("flags", 0)).toString());
    }

    /** {@code GET|PATCH webhooks/{app}/{token}/messages/{@original|id}}. */
    Reply message(Matcher m, DataObject body, boolean edit) {
        Interaction i = live(byToken.get(m.group(2)));
        if (i == null || Long.parseUnsignedLong(m.group(1)) != applicationId) {
            return unknownWebhook();
        }
        long id = "@original".equals(m.group(3)) ? i.originalMessageId : Long.parseUnsignedLong(m.group(3));
        if (id == 0) {
            return Reply.error(404, 10008, "Unknown Message");
        }
        return Reply.json(200, Payloads.message(id, i.channelId, i.guildId,
                edit ? body.getString("content", "") : "", body.getInt("flags", 0)).toString());
    }

    /** {@code DELETE webhooks/{app}/{token}/messages/{@original|id}}. */
    Reply deleteMessage(Matcher m) {
        return live(byToken.get(m.group(2))) != null ? Reply.noContent() : unknownWebhook();
    }

    private static Reply unknownWebhook() {
        return Reply.error(404, 10015, "Unknown Webhook");
    }
}
