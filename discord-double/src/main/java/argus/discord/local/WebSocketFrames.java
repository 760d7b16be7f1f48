package argus.discord.local;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The WebSocket wire (RFC 6455) under {@link LocalGateway}: the upgrade handshake and frames, as much
 * as a gateway server needs (no extensions; the client masks, the server does not). The gateway
 * protocol itself (HELLO, IDENTIFY, RESUME, dispatches) stays in {@link LocalGateway.Connection}.
 */
final class WebSocketFrames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** One frame as received, unmasked. */
    record Frame(int opcode, boolean fin, byte[] payload) {
    }

    private WebSocketFrames() {
    }

    /** Reads the client's upgrade request and returns the 101 response that accepts it. */
    static byte[] upgradeResponse(InputStream in) throws IOException {
        String key = null;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("not a websocket upgrade request");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c == -1 && sb.length() == 0) {
            throw new EOFException();
        }
        return sb.toString();
    }

    /** Reads the next frame (blocking), unmasking its payload. */
    static Frame read(DataInputStream data) throws IOException {
        int b0 = data.readUnsignedByte();
        int b1 = data.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = data.readUnsignedShort();
        } else if (len == 127) {
            len = data.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
            data.readFully(mask);
        }
        byte[] payload = new byte[(int) len];
        data.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }

    /** A final, unmasked frame (as a server sends it) with this opcode and payload. */
    static byte[] encode(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(127);
            long l = payload.length;
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (l >> (8 * i)));
            }
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** A close frame's payload: the code, then the reason in UTF-8. */
    static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return payload;
    }

    /** The code of a received close frame, or 1005 (no status received) when it carries none. */
    static int closeCode(byte[] payload) {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
}
