package argus.distribution;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a Felix user does with the published set, as its own process for {@link StockFelixIT}: a stock Apache
 * Felix framework (the framework jar and this class on the class path, no property but its storage folder),
 * every bundle that {@code argus-bundles.txt} lists installed with the start level it names, start level 2
 * (the log, Config Admin), the HTTP runtime's configuration written through Config Admin, then start level 3
 * (Argus). Nothing Argus-specific beyond the list: no launcher, no config.properties, no FileInstall folder.
 *
 * <p>args: argus-bundles.txt, the folder holding its jars, the storage folder, the HTTP port. Prints
 * {@code STOCK READY} once at level 3, and {@code STOCK NOT-ACTIVE bsn} for each bundle that did not start.
 */
public final class StockFelix {
    private StockFelix() {
    }

    public static void main(String[] args) throws Exception {
        Path list = Path.of(args[0]);
        Path jars = Path.of(args[1]);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, args[2],
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.init();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                framework.stop();
                framework.waitForStop(30_000);
            } catch (Exception e) {
                System.out.println("STOCK STOP FAILED " + e);
            }
        }));
        BundleContext context = framework.getBundleContext();
        List<Bundle> started = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] row = line.trim().split("\\s+"); // start level, coordinates, bsn;version, file
            Bundle bundle = context.installBundle(jars.resolve(row[3]).toUri().toString());
            if (!"-".equals(row[0])) {
                bundle.adapt(BundleStartLevel.class).setStartLevel(Integer.parseInt(row[0]));
                bundle.start(); // persistently: it starts when the framework reaches its level
                started.add(bundle);
            }
        }
        framework.start();
        startLevel(framework, 2);

        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            throw new IllegalStateException("no Config Admin at start level 2");
        }
        Object configAdmin = context.getService(ref);
        ClassLoader cm = configAdmin.getClass().getClassLoader();
        Object configuration = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin")
                .getMethod("getConfiguration", String.class, String.class).invoke(configAdmin, "argus.http", null);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("host", "127.0.0.1");
        properties.put("port", args[3]);
        cm.loadClass("org.osgi.service.cm.Configuration").getMethod("update", java.util.Dictionary.class)
                .invoke(configuration, properties);

        startLevel(framework, 3);
        for (Bundle b : started) {
            if (b.getState() != Bundle.ACTIVE) {
                System.out.println("STOCK NOT-ACTIVE " + b.getSymbolicName() + " state " + b.getState());
            }
        }
        System.out.println("STOCK READY");
        framework.waitForStop(0);
    }

    private static void startLevel(Framework framework, int level) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                reached.countDown();
            }
        });
        if (!reached.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("start level " + level + " not reached");
        }
    }
}
