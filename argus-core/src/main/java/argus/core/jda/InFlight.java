package argus.core.jda;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One interaction between receipt and completion, keyed by its interaction id. Exactly one party
 * resolves it (the REST completion, the explicit API, eviction or expiry): {@link #claim()} is a
 * single CAS.
 */
final class InFlight {
    static final int PENDING = 0;
    static final int ACKED_DEFERRED = 1;
    static final int DONE = 2;

    private static final AtomicIntegerFieldUpdater<InFlight> STATE =
            AtomicIntegerFieldUpdater.newUpdater(InFlight.class, "state");

    /** The interaction id (a snowflake): the key of the in-flight table. */
    final long id;
    /** The interaction token: follow-ups and edits of a deferred reply name only this. */
    final String token;
    final InteractionKind kind;
    final String command;
    final long guildId;
    final int shardId;
    /** Receipt, wall-clock milliseconds (see BotHooks' timing model). */
    final long receivedMillis;
    /** PENDING (0) when constructed: no initializer, which would cost a volatile store per receipt. */
    private volatile int state;
    /** The first error seen for this interaction (handler exception, explicit fail); null when none. */
    volatile String errorType;
    /** Set once, when the callback deferred (the table then also finds the entry by token). */
    volatile TokenKey tokenKey;
    /** Its slot in its index stripe's ring: written and read only under that stripe's lock. */
    int ringSlot;
    /** See {@link #claimedFrom()}. */
    private int claimedFrom = -1;

    InFlight(long id, String token, InteractionKind kind, String command, long guildId, int shardId,
             long receivedMillis) {
        this.id = id;
        this.token = token;
        this.kind = kind;
        this.command = command;
        this.guildId = guildId;
        this.shardId = shardId;
        this.receivedMillis = receivedMillis;
    }

    /** Moves PENDING → ACKED_DEFERRED; false if it was already acknowledged or resolved. */
    boolean markDeferred() {
        return STATE.compareAndSet(this, PENDING, ACKED_DEFERRED);
    }

    boolean isPending() {
        return state == PENDING;
    }

    /**
     * Takes the right to resolve this interaction; true for exactly one caller, who can then read the
     * state it took it from with {@link #claimedFrom()} (PENDING or ACKED_DEFERRED).
     */
    boolean claim() {
        int s;
        do {
            s = state;
            if (s == DONE) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, DONE));
        claimedFrom = s; // written once, by the winner, and read by the winner's own thread
        return true;
    }

    /**
     * The state a successful {@link #claim()} replaced; only for the thread that claimed it. (Reading
     * {@link #state()} after a claim gives DONE: an evicted or expired deferred interaction was then
     * counted as unacknowledged a second time.)
     */
    int claimedFrom() {
        return claimedFrom;
    }

    int state() {
        return state;
    }

    @Override
    public String toString() {
        return "InFlight[" + id + ", " + kind.label() + ", " + command + ", state " + state + "]";
    }

    /** A stored key of the token map: the token's UTF-8 bytes. */
    static final class TokenKey {
        final byte[] utf8;
        final int hash;

        TokenKey(String token) {
            this.utf8 = RoutePaths.utf8(token);
            this.hash = RoutePaths.tokenHash(utf8);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenKey k && k.hash == hash && java.util.Arrays.equals(k.utf8, utf8);
        }
    }

    /**
     * A lookup key for a token as it appears, URL-encoded, inside a compiled route: compared in place,
     * no substring, no decoding into a new string. Never stored in a map.
     */
    static final class TokenProbe {
        final String path;
        final int start;
        final int end;
        final int hash;

        TokenProbe(String path, int start, int end) {
            this.path = path;
            this.start = start;
            this.end = end;
            this.hash = RoutePaths.decodedHash(path, start, end);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenKey k && k.hash == hash && RoutePaths.decodedEquals(path, start, end, k.utf8);
        }
    }
}
