package argus.bench;

import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heap Argus holds, counted object by object from Argus' own roots, stopping at what belongs to
 * someone else: JDA and its libraries (okhttp, the websocket, trove), the local Discord, threads,
 * class loaders and classes, the logging framework, enum constants and the referents of weak and soft
 * references. What remains is exactly what Argus allocated and keeps (its registry and the threads'
 * cells, the in-flight index, caches, executors): JDA's own growth never counts, and the figure does
 * not depend on when the GC last ran, unlike a heap-after-GC difference.
 *
 * <p>Sizes are JOL's shallow object sizes for this JVM (compressed oops and class pointers by default);
 * fields are read with JOL's unsafe accessor, so no module needs opening.
 */
final class RetainedHeap {
    private static final List<String> FOREIGN = List.of("net.dv8tion.", "okhttp3.", "okio.", "kotlin.",
            "com.neovisionaries.", "gnu.trove.", "org.slf4j.", "ch.qos.", "argus.discord.local.",
            "java.lang.reflect.", "java.lang.invoke.", "jdk.internal.", "sun.", "org.openjdk.", "java.util.logging.",
            // The JVM's platform MXBeans, which the JVM metrics read: the JVM's, shared by every reader.
            "javax.management.", "com.sun.jmx.", "com.sun.management.", "java.lang.management.");
    private static final Map<Class<?>, Field[]> FIELDS = new ConcurrentHashMap<>();

    static {
        // Lambdas are hidden classes, whose field offsets Unsafe refuses; JOL then finds them itself.
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
    }

    private RetainedHeap() {
    }

    /** Bytes and objects reachable from {@code roots} without passing through a foreign object. */
    record Footprint(long bytes, long objects, Map<String, Long> byClass) {
        /** The classes holding the most bytes, largest first. */
        List<Map.Entry<String, Long>> top(int n) {
            List<Map.Entry<String, Long>> all = new ArrayList<>(byClass.entrySet());
            all.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            return all.subList(0, Math.min(n, all.size()));
        }
    }

    static Footprint of(Object... roots) {
        VirtualMachine vm = VM.current();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> queue = new ArrayDeque<>();
        Map<String, Long> byClass = new java.util.TreeMap<>();
        long bytes = 0;
        for (Object r : roots) {
            if (r != null && seen.add(r)) {
                queue.add(r);
            }
        }
        while (!queue.isEmpty()) {
            Object o = queue.poll();
            long size = vm.sizeOf(o);
            bytes += size;
            byClass.merge(o instanceof long[] a && a.length >= 64 ? "long[" + a.length + "]" : o.getClass().getName(),
                    size, Long::sum);
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0, n = Array.getLength(o); i < n; i++) {
                        visit(Array.get(o, i), seen, queue);
                    }
                }
                continue;
            }
            for (Field f : fields(c)) {
                visit(vm.getObject(o, vm.fieldOffset(f)), seen, queue);
            }
        }
        return new Footprint(bytes, seen.size(), byClass);
    }

    private static void visit(Object o, Set<Object> seen, ArrayDeque<Object> queue) {
        if (o != null && !foreign(o) && seen.add(o)) {
            queue.add(o);
        }
    }

    static boolean foreign(Object o) {
        if (o instanceof Thread || o instanceof ThreadGroup || o instanceof Class<?> || o instanceof ClassLoader
                || o instanceof Enum<?> || o instanceof Module) {
            return true;
        }
        String name = o.getClass().getName();
        for (String prefix : FOREIGN) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The instance reference fields of a class and its superclasses; a Reference's referent is left out. */
    private static Field[] fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Field> out = new ArrayList<>();
            for (Class<?> x = k; x != null; x = x.getSuperclass()) {
                for (Field f : x.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()
                            && !(x == java.lang.ref.Reference.class && f.getName().equals("referent"))) {
                        out.add(f);
                    }
                }
            }
            return out.toArray(Field[]::new);
        });
    }
}
