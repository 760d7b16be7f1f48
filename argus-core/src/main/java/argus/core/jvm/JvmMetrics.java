package argus.core.jvm;

import argus.api.metrics.Labels;
import argus.core.registry.MetricRegistry;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * JVM and process metrics under the names client_java's {@code prometheus-metrics-instrumentation-jvm}
 * uses ({@code jvm_memory_*}, {@code jvm_gc_collection_seconds}, {@code jvm_threads_*},
 * {@code process_cpu_seconds_total}, {@code process_open_fds}, ...), so existing dashboards and alerts
 * work unchanged. Everything is read from the platform MXBeans at scrape time (nothing is polled or
 * cached); the process figures that only the OS knows come from the {@code OperatingSystem} MBean's
 * attributes (read through {@code javax.management}, so no {@code com.sun.management} import is
 * needed in OSGi) and from {@code /proc/self/status} where it exists.
 *
 * <p>Written against {@code java.lang.management} rather than by adapting client_java's module: that
 * module builds on client_java's own registry, which core must not depend on (core imports no
 * backend); the series are the same.
 *
 * <pre>{@code
 * JvmMetrics.register(registry);   // on by default; setting jvm_metrics=false leaves them out
 * }</pre>
 */
public final class JvmMetrics {
    /** Every family this registers, so that {@link #remove} can take them away again (reconfiguration). */
    static final List<String> NAMES = List.of("jvm_runtime", "jvm_memory_used_bytes", "jvm_memory_committed_bytes",
            "jvm_memory_max_bytes", "jvm_memory_init_bytes", "jvm_memory_pool_used_bytes",
            "jvm_memory_pool_committed_bytes", "jvm_memory_pool_max_bytes", "jvm_memory_objects_pending_finalization",
            "jvm_buffer_pool_used_bytes", "jvm_buffer_pool_capacity_bytes", "jvm_buffer_pool_used_buffers",
            "jvm_gc_collection_seconds", "jvm_threads_current", "jvm_threads_daemon", "jvm_threads_peak",
            "jvm_threads_started", "jvm_threads_deadlocked", "jvm_threads_state", "jvm_classes_currently_loaded",
            "jvm_classes_loaded", "jvm_classes_unloaded", "process_cpu_seconds", "process_start_time_seconds",
            "process_open_fds", "process_max_fds", "process_virtual_memory_bytes", "process_resident_memory_bytes");

    private JvmMetrics() {
    }

    /** Defines every JVM and process family in {@code registry}. */
    public static void register(MetricRegistry registry) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        registry.info("jvm_runtime", "JVM runtime info", Labels.of("runtime", prop("java.runtime.name"),
                "vendor", prop("java.vm.vendor"), "version", prop("java.runtime.version")));
        memory(registry);
        gc(registry);
        threads(registry);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        registry.gauge("jvm_classes_currently_loaded", "The number of classes that are currently loaded in the JVM",
                "", List.of(), out -> out.emit(classes.getLoadedClassCount()));
        registry.counterCallback("jvm_classes_loaded",
                "The total number of classes that have been loaded since the JVM has started execution", List.of(),
                out -> out.emit(classes.getTotalLoadedClassCount()));
        registry.counterCallback("jvm_classes_unloaded",
                "The total number of classes that have been unloaded since the JVM has started execution", List.of(),
                out -> out.emit(classes.getUnloadedClassCount()));
        process(registry, runtime);
    }

    /** Removes what {@link #register} defined. */
    public static void remove(MetricRegistry registry) {
        NAMES.forEach(registry::remove);
    }

    private static void memory(MetricRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        area(registry, "jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", memory, MemoryUsage::getUsed);
        area(registry, "jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.", memory,
                MemoryUsage::getCommitted);
        area(registry, "jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.", memory, MemoryUsage::getMax);
        area(registry, "jvm_memory_init_bytes", "Initial bytes of a given JVM memory area.", memory,
                MemoryUsage::getInit);
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        pool(registry, "jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.", pools,
                MemoryUsage::getUsed);
        pool(registry, "jvm_memory_pool_committed_bytes", "Committed bytes of a given JVM memory pool.", pools,
                MemoryUsage::getCommitted);
        pool(registry, "jvm_memory_pool_max_bytes", "Max bytes of a given JVM memory pool.", pools,
                MemoryUsage::getMax);
        registry.gauge("jvm_memory_objects_pending_finalization",
                "The number of objects waiting in the finalizer queue.", "", List.of(),
                out -> out.emit(memory.getObjectPendingFinalizationCount()));
        List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        registry.gauge("jvm_buffer_pool_used_bytes", "Used bytes of a given JVM buffer pool.", "", List.of("pool"),
                out -> buffers.forEach(b -> out.emit(b.getMemoryUsed(), b.getName())));
        registry.gauge("jvm_buffer_pool_capacity_bytes", "Bytes capacity of a given JVM buffer pool.", "",
                List.of("pool"), out -> buffers.forEach(b -> out.emit(b.getTotalCapacity(), b.getName())));
        registry.gauge("jvm_buffer_pool_used_buffers", "Used buffers of a given JVM buffer pool.", "", List.of("pool"),
                out -> buffers.forEach(b -> out.emit(b.getCount(), b.getName())));
    }

    private static void area(MetricRegistry registry, String name, String help, MemoryMXBean memory,
                             ToLongFunction<MemoryUsage> f) {
        registry.gauge(name, help, "", List.of("area"), out -> {
            out.emit(f.applyAsLong(memory.getHeapMemoryUsage()), "heap");
            out.emit(f.applyAsLong(memory.getNonHeapMemoryUsage()), "nonheap");
        });
    }

    private static void pool(MetricRegistry registry, String name, String help, List<MemoryPoolMXBean> pools,
                             ToLongFunction<MemoryUsage> f) {
        registry.gauge(name, help, "", List.of("pool"), out -> {
            for (MemoryPoolMXBean p : pools) {
                MemoryUsage u = p.getUsage();
                if (u != null) { // an invalid (unloaded) pool has none
                    out.emit(f.applyAsLong(u), p.getName()); // -1 when undefined, as client_java reports
                }
            }
        });
    }

    private static void gc(MetricRegistry registry) {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        registry.totalsCallback("jvm_gc_collection_seconds",
                "Time spent in a given JVM garbage collector in seconds.", "seconds", List.of("gc"), out -> {
                    for (GarbageCollectorMXBean gc : collectors) {
                        long count = gc.getCollectionCount();
                        long millis = gc.getCollectionTime();
                        if (count >= 0 && millis >= 0) { // -1: this collector does not report it
                            out.emit(count, millis / 1000.0, gc.getName());
                        }
                    }
                });
    }

    private static void threads(MetricRegistry registry) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        registry.gauge("jvm_threads_current", "Current thread count of a JVM", "", List.of(),
                out -> out.emit(threads.getThreadCount()));
        registry.gauge("jvm_threads_daemon", "Daemon thread count of a JVM", "", List.of(),
                out -> out.emit(threads.getDaemonThreadCount()));
        registry.gauge("jvm_threads_peak", "Peak thread count of a JVM", "", List.of(),
                out -> out.emit(threads.getPeakThreadCount()));
        registry.counterCallback("jvm_threads_started", "Started thread count of a JVM", List.of(),
                out -> out.emit(threads.getTotalStartedThreadCount()));
        registry.gauge("jvm_threads_deadlocked",
                "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers",
                "", List.of(), out -> {
                    long[] ids = threads.findDeadlockedThreads();
                    out.emit(ids == null ? 0 : ids.length);
                });
        // One pass over the live threads per scrape, as client_java does; states are a fixed set.
        registry.gauge("jvm_threads_state", "Current count of threads by state", "", List.of("state"), out -> {
            int[] counts = new int[Thread.State.values().length];
            for (var info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
                if (info != null) {
                    counts[info.getThreadState().ordinal()]++;
                }
            }
            for (Thread.State s : Thread.State.values()) {
                out.emit(counts[s.ordinal()], s.name());
            }
        });
    }

    private static void process(MetricRegistry registry, RuntimeMXBean runtime) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName os = osName();
        registry.counterCallback("process_cpu_seconds", "Total user and system CPU time spent in seconds.", List.of(),
                out -> {
                    double nanos = attribute(server, os, "ProcessCpuTime");
                    if (nanos >= 0) {
                        out.emit(nanos / 1e9);
                    }
                });
        registry.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "",
                List.of(), out -> out.emit(runtime.getStartTime() / 1000.0));
        registry.gauge("process_open_fds", "Number of open file descriptors.", "", List.of(),
                out -> out.emit(attribute(server, os, "OpenFileDescriptorCount")));
        registry.gauge("process_max_fds", "Maximum number of open file descriptors.", "", List.of(),
                out -> out.emit(attribute(server, os, "MaxFileDescriptorCount")));
        registry.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", "", List.of(),
                out -> out.emit(procStatus("VmSize:")));
        registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", "", List.of(),
                out -> out.emit(procStatus("VmRSS:")));
    }

    private static ObjectName osName() {
        try {
            return new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A numeric attribute of the OS MBean, or NaN (the point is then omitted) where this JVM or OS has none. */
    private static double attribute(MBeanServer server, ObjectName os, String name) {
        try {
            Object v = server.getAttribute(os, name);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (Exception e) {
            return Double.NaN; // e.g. file descriptors on Windows
        }
    }

    /** A {@code kB} line of {@code /proc/self/status} in bytes, or NaN off Linux. */
    private static double procStatus(String key) {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static String prop(String key) {
        String v = System.getProperty(key, "");
        return v.isEmpty() ? "unknown" : v.length() > 64 ? v.substring(0, 64) : v;
    }
}
