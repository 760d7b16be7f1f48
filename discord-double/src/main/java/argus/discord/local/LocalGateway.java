package argus.discord.local;

import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Discord's gateway (v10, JSON, no compression) on loopback, for JDA's real {@code WebSocketClient}:
 * a minimal RFC 6455 server that speaks HELLO, IDENTIFY → READY + one GUILD_CREATE per guild of the
 * shard, heartbeat → ACK, RESUME → RESUMED, and lets a test send any dispatch, INVALID_SESSION (op 9),
 * RECONNECT (op 7) or a close code. Sessions are per shard; several shards connect at once.
 *
 * <p><b>Dispatch barrier.</b> {@link Connection#barrier} asks JDA for a heartbeat (op 1). JDA answers
 * from its websocket reading thread, i.e. only after every earlier frame and every (synchronous)
 * listener ran, so a dispatch followed by a barrier is synchronous for the test. The heartbeat interval
 * announced in HELLO is an hour, so JDA sends at most one heartbeat of its own per connection: the
 * first, from its keep-alive timer right after HELLO, and not even that one when the timer fires before
 * JDA has marked the socket connected. Counting only "one more than before" let a late first keep-alive
 * stand in for the answer (the barrier returned before JDA had handled the dispatch: a rare missing
 * event in CI); always counting it hangs when it never comes. So a barrier waits for one heartbeat per
 * request, plus JDA's own while it may still come: until it has been seen (more heartbeats than
 * requests) or {@link #KEEP_ALIVE_GRACE} has passed since HELLO.
 *
 * <p>The JDA side must use {@code Compression.NONE} (frames are plain JSON text).
 */
public final class LocalGateway implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalGateway.class);
    private static final int HEARTBEAT_INTERVAL_MS = 3_600_000;
    /** How long after HELLO JDA's own first keep-alive is still expected (see the class comment). */
    static final Duration KEEP_ALIVE_GRACE = Duration.ofSeconds(2);
    private static final Duration CLOSE_HANDSHAKE = Duration.ofSeconds(5);

    private final String token;
    private final Map<Long, String> guilds;
    private final ServerSocket server;
    private final Thread acceptThread;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<DataObject> identifies = new CopyOnWriteArrayList<>();
    private final List<DataObject> resumes = new CopyOnWriteArrayList<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Runnable> heldIdentifies = new ArrayList<>();
    private final Object stateLock = new Object();
    private boolean identifyPaused;
    private volatile boolean closed;

    /** A gateway session: survives reconnects through RESUME; numbers its dispatches. */
    private static final class Session {
        final String id;
        final int shard;
        final int total;
        long sequence;

        Session(String id, int shard, int total) {
            this.id = id;
            this.shard = shard;
            this.total = total;
        }
    }

    /**
     * @param token  the bot token IDENTIFY must carry (anything else is closed with 4004)
     * @param guilds the bot's guilds by id, read at each IDENTIFY (a live map: guilds added later
     *               are in the next session's READY)
     */
    public LocalGateway(String token, Map<Long, String> guilds) {
        this.token = token;
        this.guilds = guilds;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the local Discord gateway", e);
        }
        this.acceptThread = new Thread(this::acceptLoop, "LocalGateway-accept");
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** The URL JDA connects to ({@code ws://127.0.0.1:port/}). */
    public String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** Every IDENTIFY payload ({@code d}) received, in order. */
    public List<DataObject> identifies() {
        return List.copyOf(identifies);
    }

    /** Every RESUME payload ({@code d}) received, in order. */
    public List<DataObject> resumes() {
        return List.copyOf(resumes);
    }

    /** Connections accepted so far (JDA opens a new one for every reconnect). */
    public int connectionCount() {
        return connections.size();
    }

    /** The op codes JDA sent on every connection, in order. */
    public List<Integer> clientOps() {
        List<Integer> ops = new ArrayList<>();
        for (Connection c : connections) {
            for (DataObject m : c.received) {
                ops.add(m.getInt("op"));
            }
        }
        return ops;
    }

    /**
     * Holds IDENTIFYs unanswered until {@link #resumeIdentify()}: lets a test attach to a JDA (or
     * ShardManager) that is built but has not seen READY yet.
     */
    public void pauseIdentify() {
        synchronized (stateLock) {
            identifyPaused = true;
        }
    }

    /** Answers the held IDENTIFYs (READY + GUILD_CREATEs) and stops holding new ones. */
    public void resumeIdentify() {
        List<Runnable> held;
        synchronized (stateLock) {
            identifyPaused = false;
            held = new ArrayList<>(heldIdentifies);
            heldIdentifies.clear();
        }
        held.forEach(Runnable::run);
    }

    /** Waits until {@code n} IDENTIFYs arrived (answered or held). */
    public void awaitIdentifies(int n, Duration timeout) {
        LocalDiscord.waitUntil(() -> identifies.size() >= n, timeout,
                () -> "expected " + n + " IDENTIFY, got " + identifies.size());
    }

    /**
     * The newest open connection of {@code shard} whose session started (READY or RESUMED sent),
     * waiting up to {@code timeout} for one.
     */
    public Connection awaitSession(int shard, Duration timeout) {
        Connection[] found = new Connection[1];
        LocalDiscord.waitUntil(() -> (found[0] = session(shard)) != null, timeout,
                () -> "no started gateway session for shard " + shard + " (" + connections.size() + " connections)");
        return found[0];
    }

    /** The newest open connection of {@code shard} whose session started, or null. */
    public Connection session(int shard) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            Connection c = connections.get(i);
            Session s = c.session;
            if (s != null && s.shard == shard && c.started && c.isOpen()) {
                return c;
            }
        }
        return null;
    }

    private void acceptLoop() {
        AtomicInteger n = new AtomicInteger();
        while (!closed) {
            try {
                Socket socket = server.accept();
                Connection c = new Connection(socket);
                connections.add(c);
                Thread t = new Thread(c::run, "LocalGateway-conn-" + n.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("local gateway accept failed", e);
                }
            }
        }
    }

    /** Stops accepting and drops every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Connection c : connections) {
            c.closeSocket();
        }
    }

    /** One websocket connection from JDA. */
    public final class Connection {
        private final Socket socket;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final List<DataObject> received = new CopyOnWriteArrayList<>();
        private final Object heartbeatLock = new Object();
        private OutputStream out;
        /** Heartbeats received on this connection (JDA's first keep-alive plus one per request). */
        private int heartbeats;
        /** Heartbeats asked for on this connection (op 1). */
        private int requested;
        /** {@link System#nanoTime()} when HELLO was sent (0: not yet); under heartbeatLock. */
        private long helloNanos;
        /** JDA's own keep-alive has arrived (more heartbeats than requests were seen); under heartbeatLock. */
        private boolean ownSeen;
        private volatile Session session;
        private volatile boolean started;
        private volatile boolean closeSent;
        private volatile int clientCloseCode = -1;
        private volatile Thread reader;

        Connection(Socket socket) {
            this.socket = socket;
        }

        /** Every payload JDA sent on this connection. */
        public List<DataObject> received() {
            return List.copyOf(received);
        }

        /** The close code JDA sent, or -1 if it did not close this connection itself. */
        public int clientCloseCode() {
            return clientCloseCode;
        }

        /** The shard of this connection's session, or -1 before IDENTIFY/RESUME. */
        public int shard() {
            Session s = session;
            return s == null ? -1 : s.shard;
        }

        public String sessionId() {
            Session s = session;
            return s == null ? null : s.id;
        }

        public boolean isOpen() {
            return !socket.isClosed();
        }

        /** Sends a dispatch (op 0) with the session's next sequence number, which it returns. */
        public long dispatch(String type, DataObject d) {
            Session s = session;
            if (s == null) {
                throw new IllegalStateException("no session on this connection yet");
            }
            synchronized (s) {
                long seq = ++s.sequence;
                send(DataObject.empty().put("op", 0).put("s", seq).put("t", type).put("d", d));
                return seq;
            }
        }

        /**
         * Sends a dispatch whose {@code d} is already JSON text (load drivers serialise payloads ahead
         * of time); returns its sequence number.
         */
        public long dispatchJson(String type, String dJson) {
            Session s = session;
            if (s == null) {
                throw new IllegalStateException("no session on this connection yet");
            }
            synchronized (s) {
                long seq = ++s.sequence;
                try {
                    writeFrame(0x1, "{\"op\":0,\"s\":" + seq + ",\"t\":\"" + type + "\",\"d\":" + dJson + "}");
                } catch (IOException e) {
                    throw new UncheckedIOException("local gateway could not send to JDA", e);
                }
                return seq;
            }
        }

        /**
         * Returns once JDA has handled every frame sent before this call (see the class comment).
         *
         * @throws AssertionError when JDA does not answer within {@code timeout}
         */
        public void barrier(Duration timeout) {
            int requests = requestHeartbeat();
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (heartbeatLock) {
                while (true) {
                    long now = System.nanoTime();
                    // JDA's own keep-alive counts once seen, and while it may still come (HELLO recent);
                    // after the grace without it, every heartbeat is an answer.
                    boolean ownMayCome = !ownSeen
                            && (helloNanos == 0 || now - helloNanos < KEEP_ALIVE_GRACE.toNanos());
                    int expected = requests + (ownSeen || ownMayCome ? 1 : 0);
                    if (heartbeats >= expected) {
                        return;
                    }
                    long left = deadline - now;
                    if (left <= 0) {
                        throw new AssertionError("JDA did not answer the barrier heartbeat within " + timeout);
                    }
                    long wait = ownMayCome && helloNanos != 0
                            ? Math.min(left, helloNanos + KEEP_ALIVE_GRACE.toNanos() - now) : left;
                    try {
                        TimeUnit.NANOSECONDS.timedWait(heartbeatLock, Math.max(1, wait));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                }
            }
        }

        /**
         * Asks JDA for an immediate heartbeat (op 1); the ACK lets JDA measure its gateway ping.
         *
         * @return heartbeats requested on this connection so far, this one included
         */
        public int requestHeartbeat() {
            int n;
            synchronized (heartbeatLock) {
                n = ++requested;
            }
            send(DataObject.empty().put("op", 1).put("s", null).put("t", null).put("d", null));
            return n;
        }

        /** op 7 RECONNECT: JDA closes and resumes on a new connection. */
        public void requestReconnect() {
            send(DataObject.empty().put("op", 7).put("s", null).put("t", null).put("d", null));
        }

        /** op 9 INVALID_SESSION; {@code resumable=false} makes JDA drop its session and IDENTIFY again. */
        public void invalidateSession(boolean resumable) {
            send(DataObject.empty().put("op", 9).put("s", null).put("t", null).put("d", resumable));
        }

        /**
         * Closes the connection from the server side with a gateway close code, e.g. 4000 (unknown
         * error, JDA resumes), 4007/4009 (JDA identifies again) or 4004 (authentication failed, JDA
         * shuts down). Returns after the closing handshake (JDA's close frame, or the socket closing).
         */
        public void closeWith(int code, String reason) {
            try {
                sendClose(code, reason);
                if (Thread.currentThread() != reader) {
                    ended.await(CLOSE_HANDSHAKE.toMillis(), TimeUnit.MILLISECONDS);
                    closeSocket();
                }
                // On the reading thread itself the read loop receives JDA's close frame and ends.
            } catch (IOException e) {
                LOG.debug("close frame not sent", e);
                closeSocket();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeSocket();
            }
        }

        private void sendClose(int code, String reason) throws IOException {
            closeSent = true;
            writeFrame(WebSocketFrames.CLOSE, WebSocketFrames.closePayload(code, reason));
        }

        /** Sends any gateway payload as a text frame. */
        public void send(DataObject payload) {
            try {
                writeFrame(WebSocketFrames.TEXT, payload.toJson());
            } catch (IOException e) {
                throw new UncheckedIOException("local gateway could not send to JDA", e);
            }
        }

        void run() {
            reader = Thread.currentThread();
            try {
                socket.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
                handshake(in);
                synchronized (heartbeatLock) {
                    helloNanos = System.nanoTime(); // before the send: JDA's keep-alive cannot precede it
                    heartbeatLock.notifyAll();
                }
                send(DataObject.empty().put("op", 10).put("s", null).put("t", null)
                        .put("d", DataObject.empty().put("heartbeat_interval", HEARTBEAT_INTERVAL_MS)));
                readFrames(new DataInputStream(in));
            } catch (EOFException | SocketException e) {
                // the connection went away
            } catch (IOException | RuntimeException e) {
                if (!closed && !socket.isClosed()) {
                    LOG.warn("local gateway connection failed", e);
                }
            } finally {
                closeSocket();
                ended.countDown();
            }
        }

        private void readFrames(DataInputStream data) throws IOException {
            ByteArrayOutputStream fragments = new ByteArrayOutputStream();
            while (!socket.isClosed()) {
                WebSocketFrames.Frame frame = WebSocketFrames.read(data);
                byte[] payload = frame.payload();
                switch (frame.opcode()) {
                    case WebSocketFrames.CONTINUATION, WebSocketFrames.TEXT -> {
                        fragments.write(payload);
                        if (frame.fin()) {
                            String text = fragments.toString(StandardCharsets.UTF_8);
                            fragments.reset();
                            onMessage(DataObject.fromJson(text));
                        }
                    }
                    case WebSocketFrames.CLOSE -> {
                        clientCloseCode = WebSocketFrames.closeCode(payload);
                        if (!closeSent) {
                            writeFrame(WebSocketFrames.CLOSE, payload); // echo: completes the client's closing handshake
                        }
                        return;
                    }
                    case WebSocketFrames.PING -> writeFrame(WebSocketFrames.PONG, payload);
                    default -> {
                        // pong, binary: ignored
                    }
                }
            }
        }

        private void handshake(InputStream in) throws IOException {
            byte[] response = WebSocketFrames.upgradeResponse(in);
            synchronized (this) {
                out.write(response);
                out.flush();
            }
        }

        private void onMessage(DataObject msg) throws IOException {
            received.add(msg);
            switch (msg.getInt("op", -1)) {
                case 1 -> { // heartbeat, periodic or asked for
                    // ACK first, then count: a barrier returns only once the ACK is on the wire, so its
                    // next heartbeat request can never overtake it. JDA treats two unacknowledged
                    // heartbeats as a zombie connection and reconnects (seen as a flaky barrier timeout).
                    send(DataObject.empty().put("op", 11).put("s", null).put("t", null).put("d", null));
                    synchronized (heartbeatLock) {
                        heartbeats++;
                        if (heartbeats > requested) {
                            ownSeen = true; // answers never outnumber requests
                        }
                        heartbeatLock.notifyAll();
                    }
                }
                case 2 -> identify(msg.getObject("d"));
                case 6 -> resume(msg.getObject("d"));
                default -> {
                    // presence, voice state, member chunk requests: not needed here
                }
            }
        }

        private void identify(DataObject d) {
            identifies.add(d);
            if (!token.equals(d.getString("token", ""))) {
                closeWith(4004, "Authentication failed.");
                return;
            }
            Runnable answer = () -> startSession(d);
            synchronized (stateLock) {
                if (identifyPaused) {
                    heldIdentifies.add(answer);
                    return;
                }
            }
            answer.run();
        }

        private void startSession(DataObject identify) {
            if (!isOpen()) {
                return;
            }
            DataArray shardInfo = identify.optArray("shard").orElseGet(() -> DataArray.empty().add(0).add(1));
            int shard = shardInfo.getInt(0);
            int total = shardInfo.getInt(1);
            if (shard < 0 || total < 1 || shard >= total) {
                closeWith(4010, "Invalid shard.");
                return;
            }
            Session s = new Session("local-session-" + Payloads.snowflake(), shard, total);
            sessions.put(s.id, s);
            List<Long> mine = new ArrayList<>();
            for (long id : guilds.keySet()) {
                if (Payloads.shardOf(id, total) == shard) {
                    mine.add(id);
                }
            }
            session = s;
            dispatch("READY", Payloads.ready(shard, total, mine, s.id, url()));
            for (long id : mine) {
                dispatch("GUILD_CREATE", Payloads.guildCreate(id, guilds.get(id)));
            }
            started = true;
        }

        private void resume(DataObject d) {
            resumes.add(d);
            Session s = sessions.get(d.getString("session_id", ""));
            if (s == null || !token.equals(d.getString("token", ""))) {
                invalidateSession(false);
                return;
            }
            session = s;
            dispatch("RESUMED", DataObject.empty().put("_trace", DataArray.empty().add("argus-local-gateway")));
            started = true;
        }

        private void writeFrame(int opcode, String text) throws IOException {
            writeFrame(opcode, text.getBytes(StandardCharsets.UTF_8));
        }

        private synchronized void writeFrame(int opcode, byte[] payload) throws IOException {
            if (socket.isClosed()) {
                throw new SocketException("local gateway connection is closed");
            }
            out.write(WebSocketFrames.encode(opcode, payload));
            out.flush();
        }

        void closeSocket() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
