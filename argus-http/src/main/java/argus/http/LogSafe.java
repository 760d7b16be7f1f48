package argus.http;

/** Makes request-supplied text safe to log: no CR/LF (no forged log lines), bounded length. */
public final class LogSafe {
    private static final int MAX = 120;

    private LogSafe() {
    }

    public static String clean(String raw) {
        if (raw == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), MAX + 1));
        for (int i = 0; i < raw.length() && b.length() < MAX; i++) {
            char c = raw.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (raw.length() > MAX) {
            b.append('…');
        }
        return b.toString();
    }
}
