package argus.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Argus version, from a resource the build fills in. */
public final class ArgusVersion {
    private static final String VERSION = load();

    private ArgusVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ArgusVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
