package argus.core.jda;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One interaction between receipt and completion. Exactly one party resolves it (the REST
 * completion, the explicit API, eviction or expiry): {@link #claim()} is a single CAS.
 */
final class InFlight {
    static final int PENDING = 0;
    static final int ACKED_DEFERRED = 1;
    static final int DONE = 2;

    final String token;
    final InteractionKind kind;
    final String command;
    final long guildId;
    final int shardId;
    final long receivedNanos;
    final long receivedEpochMillis;
    private final AtomicInteger state = new AtomicInteger(PENDING);
    /** The first error seen for this interaction (handler exception, explicit fail); null when none. */
    volatile String errorType;

    InFlight(String token, InteractionKind kind, String command, long guildId, int shardId, long receivedNanos,
             long receivedEpochMillis) {
        this.token = token;
        this.kind = kind;
        this.command = command;
        this.guildId = guildId;
        this.shardId = shardId;
        this.receivedNanos = receivedNanos;
        this.receivedEpochMillis = receivedEpochMillis;
    }

    /** Moves PENDING → ACKED_DEFERRED; false if it was already acknowledged or resolved. */
    boolean markDeferred() {
        return state.compareAndSet(PENDING, ACKED_DEFERRED);
    }

    boolean isPending() {
        return state.get() == PENDING;
    }

    /** Takes the right to resolve this interaction; true for exactly one caller. */
    boolean claim() {
        int s;
        do {
            s = state.get();
            if (s == DONE) {
                return false;
            }
        } while (!state.compareAndSet(s, DONE));
        return true;
    }

    /** State before a successful {@link #claim()} cannot be read afterwards; callers read it first. */
    int state() {
        return state.get();
    }
}
