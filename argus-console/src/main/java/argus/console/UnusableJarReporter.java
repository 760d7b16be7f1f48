package argus.console;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * One log line for a jar in a folder FileInstall watches ({@code deploy/}) that is no bundle at all: not a
 * readable zip (truncated, not a jar), no manifest, or no {@code Bundle-SymbolicName}. FileInstall skips such
 * a file without a word and, at every poll, asks each artifact listener again whether it can handle it. This
 * listener always answers no (it never takes a file from FileInstall, so a fixed jar is installed as usual)
 * and uses the question as its signal: it says once what is wrong with the file as it is (its size and
 * modification time); a changed file that is still broken is reported again.
 *
 * <p>A jar that is a bundle but that the framework refuses (a malformed header, say) is FileInstall's to
 * report: it logs "Failed to install artifact" once per change of the file.
 */
@Component(service = ArtifactInstaller.class)
public final class UnusableJarReporter implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(UnusableJarReporter.class);

    /** File -> the state (length and modification time) already reported. */
    private final Map<File, String> reported = new ConcurrentHashMap<>();

    @Override
    public boolean canHandle(File file) {
        if (!file.getName().endsWith(".jar") || !file.isFile()) {
            return false;
        }
        String state = file.length() + "@" + file.lastModified();
        if (state.equals(reported.get(file))) {
            return false; // reported as it is: FileInstall's next polls cost a map lookup
        }
        reported.keySet().removeIf(f -> !f.exists());
        String problem = problem(file);
        if (problem == null) {
            reported.remove(file);
        } else {
            reported.put(file, state);
            LOG.warn("{} is not installed: {}. Replace or remove it (it is read again when it changes).", file, problem);
        }
        return false;
    }

    /** Why FileInstall will not install this file as a bundle, or null when it will. */
    static String problem(File file) {
        try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "no META-INF/MANIFEST.MF, so not an OSGi bundle (wrap a plain jar, e.g. with bnd)";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "no Bundle-SymbolicName in its manifest, so not an OSGi bundle (wrap a plain jar, e.g. with bnd)";
            }
            return null;
        } catch (IOException | SecurityException e) {
            return "not a readable jar (" + e.getMessage() + "): truncated, still being copied, or not a jar at all";
        }
    }

    // Never called: canHandle never says yes, so FileInstall hands this listener no file.

    @Override
    public void install(File file) {
    }

    @Override
    public void update(File file) {
    }

    @Override
    public void uninstall(File file) {
    }
}
