package argus.exporter.prometheus;

import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.ValuePoint;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Renders snapshots with one client_java {@link ExpositionFormatWriter} without running it on every
 * scrape. Everything a scrape writes except the numbers depends only on a family's metadata and its
 * series' label sets, which are immutable: so the writer itself renders each family header and each
 * series once (every series alone, with placeholder values), and those bytes are kept as templates.
 * A scrape then copies template bytes into a reused buffer and writes the numbers the way client_java
 * does ({@code Double.toString} with {@code +Inf}/{@code -Inf}; plain digits for bucket counts), in
 * client_java's order (families by name, series by labels). Escaping, naming, suffixes and layout
 * therefore stay client_java's; a family whose series changed is re-templated on that scrape, and
 * anything the templates cannot express (an unexpected line layout, a NaN histogram sum, duplicate
 * names) goes through the writer as before.
 */
final class TemplateRenderer {
    private static final byte DOUBLE = 0;
    private static final byte LONG = 1;
    private static final EscapingScheme ESCAPING = EscapingScheme.UNDERSCORE_ESCAPING;

    private final ExpositionFormatWriter writer;
    private final byte[] trailer;
    private final Map<String, FamilyTemplate> templates = new ConcurrentHashMap<>();
    /** One spare buffer: a scrape takes it (or makes its own when another scrape holds it). */
    private final AtomicReference<Buffer> spare = new AtomicReference<>();

    TemplateRenderer(ExpositionFormatWriter writer) {
        this.writer = writer;
        try {
            this.trailer = render(writer, MetricSnapshots.builder().build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void write(OutputStream out, MetricsSnapshot snapshot) throws IOException {
        List<MetricFamily> families = snapshot.families();
        int n = families.size();
        FamilyTemplate[] chosen = new FamilyTemplate[n];
        int[] order = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            MetricFamily f = families.get(i);
            if (f.points().isEmpty()) {
                continue; // client_java writes nothing for a family without data points
            }
            FamilyTemplate t = template(f);
            if (t == null) {
                writeThroughClientJava(out, snapshot);
                return;
            }
            chosen[i] = t;
            // Insertion sort by the name client_java sorts by (a few dozen families, mostly in order).
            int k = count++;
            while (k > 0 && chosen[order[k - 1]].sortName.compareTo(t.sortName) > 0) {
                order[k] = order[k - 1];
                k--;
            }
            if (k > 0 && chosen[order[k - 1]].sortName.equals(t.sortName)) {
                writeThroughClientJava(out, snapshot); // duplicate names: let client_java decide (it refuses)
                return;
            }
            order[k] = i;
        }
        Buffer buf = spare.getAndSet(null);
        if (buf == null) {
            buf = new Buffer(1 << 16);
        }
        try {
            buf.reset();
            for (int k = 0; k < count; k++) {
                int i = order[k];
                chosen[i].render(buf, families.get(i));
            }
            buf.write(trailer);
            out.write(buf.bytes, 0, buf.size);
        } finally {
            if (buf.bytes.length <= 1 << 24) { // keep at most one 16 MB buffer around
                spare.set(buf);
            }
        }
    }

    private void writeThroughClientJava(OutputStream out, MetricsSnapshot snapshot) throws IOException {
        writer.write(out, ClientJavaSnapshots.convert(snapshot), ESCAPING);
    }

    /** The family's template, re-made when its metadata or series changed; null when it cannot be templated. */
    private FamilyTemplate template(MetricFamily f) throws IOException {
        FamilyTemplate t = templates.get(f.name());
        if (t != null && t.matches(f)) {
            return t;
        }
        FamilyTemplate next = FamilyTemplate.build(writer, trailer, f, t);
        if (next == null) {
            templates.remove(f.name());
            return null;
        }
        templates.put(f.name(), next);
        return next;
    }

    static byte[] render(ExpositionFormatWriter writer, MetricSnapshots snapshots) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, snapshots, ESCAPING);
        return out.toByteArray();
    }

    /** One family: its header and one template per series, in client_java's series order. */
    static final class FamilyTemplate {
        final String sortName;
        private final MetricType type;
        private final String help;
        private final String unit;
        private final byte[] header;
        /** The snapshot's label sets, in the snapshot's order, that this template was made for. */
        private final Labels[] keys;
        /** The series template of each snapshot point (same index as {@link #keys}). */
        private final SeriesTemplate[] series;
        /** Output order: snapshot point indexes sorted by client_java's label order. */
        private final int[] order;

        private FamilyTemplate(String sortName, MetricFamily f, byte[] header, Labels[] keys, SeriesTemplate[] series,
                               int[] order) {
            this.sortName = sortName;
            this.type = f.type();
            this.help = f.help();
            this.unit = f.unit();
            this.header = header;
            this.keys = keys;
            this.series = series;
            this.order = order;
        }

        boolean matches(MetricFamily f) {
            if (f.type() != type || !f.help().equals(help) || !f.unit().equals(unit)) {
                return false;
            }
            List<DataPoint> points = f.points();
            if (points.size() != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                DataPoint p = points.get(i);
                if (!sameLabels(p.labels(), keys[i]) || !series[i].fits(p)) {
                    return false;
                }
            }
            return true;
        }

        void render(Buffer buf, MetricFamily f) {
            buf.write(header);
            List<DataPoint> points = f.points();
            for (int i : order) {
                series[i].render(buf, points.get(i));
            }
        }

        /**
         * Templates a family with client_java's writer, reusing the series templates of {@code previous}
         * whose label sets are still there. Null when a rendering does not have the expected layout.
         */
        static FamilyTemplate build(ExpositionFormatWriter writer, byte[] trailer, MetricFamily f,
                                    FamilyTemplate previous) throws IOException {
            Map<Labels, SeriesTemplate> reusable = new HashMap<>();
            if (previous != null && previous.type == f.type() && previous.help.equals(f.help())
                    && previous.unit.equals(f.unit())) {
                for (int i = 0; i < previous.keys.length; i++) {
                    reusable.put(previous.keys[i], previous.series[i]);
                }
            }
            List<DataPoint> points = f.points();
            int n = points.size();
            Labels[] keys = new Labels[n];
            SeriesTemplate[] series = new SeriesTemplate[n];
            byte[] header = null;
            String sortName = null;
            for (int i = 0; i < n; i++) {
                DataPoint p = points.get(i);
                keys[i] = p.labels();
                SeriesTemplate s = reusable.get(p.labels());
                if (s == null || !s.fits(p)) {
                    Rendered r = renderAlone(writer, trailer, f, p);
                    if (r == null) {
                        return null;
                    }
                    s = r.series;
                    header = r.header;
                    sortName = r.sortName;
                    if (!s.fits(p)) {
                        return null; // e.g. a NaN histogram sum, which client_java leaves out
                    }
                }
                series[i] = s;
            }
            if (header == null) {
                // Every series was reused: the header still comes from the writer.
                Rendered r = renderAlone(writer, trailer, f, points.get(0));
                if (r == null) {
                    return null;
                }
                header = r.header;
                sortName = r.sortName;
            }
            // client_java sorts a family's data points by their labels (MetricSnapshot's constructor).
            Integer[] sorted = new Integer[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = i;
            }
            Arrays.sort(sorted, (a, b) -> series[a].clientLabels.compareTo(series[b].clientLabels));
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = sorted[i];
            }
            return new FamilyTemplate(sortName, f, header, keys, series, order);
        }
    }

    /** The writer's output for one family holding one series with placeholder values. */
    private record Rendered(String sortName, byte[] header, SeriesTemplate series) {
    }

    private static Rendered renderAlone(ExpositionFormatWriter writer, byte[] trailer, MetricFamily f, DataPoint p)
            throws IOException {
        DataPoint placeholder;
        int bounds = 0;
        if (p instanceof HistogramPoint h) {
            double[] upper = h.upperBounds();
            bounds = upper.length;
            placeholder = new HistogramPoint(h.labels(), upper, new long[upper.length], 0.0, 0);
        } else {
            placeholder = new ValuePoint(p.labels(), 0.0);
        }
        MetricSnapshot one = ClientJavaSnapshots.convert(
                new MetricFamily(f.name(), f.type(), f.help(), f.unit(), List.of(placeholder)));
        byte[] bytes = render(writer, MetricSnapshots.of(one));
        int end = bytes.length - trailer.length;
        if (end < 0 || !Arrays.equals(bytes, end, bytes.length, trailer, 0, trailer.length)) {
            return null;
        }
        // Lines: the header ('#' lines), then the series' sample lines, each "<name>{labels} <value>".
        List<byte[]> prefixes = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int headerEnd = -1;
        int lineStart = 0;
        while (lineStart < end) {
            int nl = indexOf(bytes, (byte) '\n', lineStart, end);
            if (nl < 0) {
                return null;
            }
            if (bytes[lineStart] == '#') {
                if (headerEnd >= 0) {
                    return null; // a comment after the samples: not a layout this template knows
                }
            } else {
                if (headerEnd < 0) {
                    headerEnd = lineStart;
                }
                int space = lastIndexOf(bytes, (byte) ' ', lineStart, nl);
                if (space < 0) {
                    return null;
                }
                prefixes.add(Arrays.copyOfRange(bytes, lineStart, space + 1));
                values.add(new String(bytes, space + 1, nl - space - 1, StandardCharsets.UTF_8));
                int nameEnd = lineStart;
                while (nameEnd < space && bytes[nameEnd] != '{' && bytes[nameEnd] != ' ') {
                    nameEnd++;
                }
                names.add(new String(bytes, lineStart, nameEnd - lineStart, StandardCharsets.UTF_8));
            }
            lineStart = nl + 1;
        }
        if (headerEnd < 0) {
            return null;
        }
        byte[] header = Arrays.copyOf(bytes, headerEnd);
        String base = one.getMetadata().getPrometheusName();
        int lines = prefixes.size();
        byte[] kinds = new byte[lines];
        boolean constant = false;
        if (f.type() == MetricType.INFO) {
            // Info is the constant 1: the whole line is template.
            if (lines != 1 || !values.get(0).equals("1")) {
                return null;
            }
            constant = true;
        } else if (p instanceof HistogramPoint) {
            // Buckets (cumulative counts), then _count, then _sum.
            if (lines != bounds + 2) {
                return null;
            }
            for (int j = 0; j < lines; j++) {
                String expectedName = j < bounds ? base + "_bucket" : j == bounds ? base + "_count" : base + "_sum";
                if (!names.get(j).equals(expectedName)) {
                    return null;
                }
                kinds[j] = kind(values.get(j));
                if (kinds[j] < 0) {
                    return null;
                }
            }
        } else {
            if (lines != 1) {
                return null;
            }
            kinds[0] = kind(values.get(0));
            if (kinds[0] < 0) {
                return null;
            }
        }
        if (constant) {
            prefixes.set(0, Arrays.copyOfRange(bytes, headerEnd, end)); // the whole line, newline included
        }
        SeriesTemplate s = new SeriesTemplate(one.getDataPoints().get(0).getLabels(), prefixes.toArray(byte[][]::new),
                kinds, p instanceof HistogramPoint h ? h.upperBounds() : null, constant);
        return new Rendered(base, header, s);
    }

    /** How client_java printed a placeholder zero: "0.0" is its double format, "0" its long format. */
    private static byte kind(String placeholder) {
        if (placeholder.equals("0.0")) {
            return DOUBLE;
        }
        if (placeholder.equals("0")) {
            return LONG;
        }
        return -1;
    }

    /** One series: the bytes before each of its values (name, labels, space), and how each value is printed. */
    static final class SeriesTemplate {
        final io.prometheus.metrics.model.snapshots.Labels clientLabels;
        private final byte[][] prefixes;
        private final byte[] kinds;
        /** A histogram's bucket bounds (the {@code le} labels are template), null otherwise. */
        private final double[] bounds;
        /** The line is constant (info). */
        private final boolean constant;

        SeriesTemplate(io.prometheus.metrics.model.snapshots.Labels clientLabels, byte[][] prefixes, byte[] kinds,
                       double[] bounds, boolean constant) {
            this.clientLabels = clientLabels;
            this.prefixes = prefixes;
            this.kinds = kinds;
            this.bounds = bounds;
            this.constant = constant;
        }

        /** Whether this template renders {@code p} exactly (same kind of point, same buckets, a sum to print). */
        boolean fits(DataPoint p) {
            if (p instanceof HistogramPoint h) {
                // A NaN sum is left out by client_java: not this template's layout.
                return bounds != null && !Double.isNaN(h.sum()) && Arrays.equals(bounds, h.upperBounds());
            }
            return bounds == null && (!constant || ((ValuePoint) p).value() == 1.0);
        }

        void render(Buffer buf, DataPoint p) {
            if (constant) {
                buf.write(prefixes[0]);
                return;
            }
            if (p instanceof HistogramPoint h) {
                long[] cumulative = h.cumulativeCounts();
                int buckets = cumulative.length;
                for (int j = 0; j < buckets; j++) {
                    line(buf, j, cumulative[j], cumulative[j]);
                }
                // client_java's count is the total of the buckets, i.e. the +Inf bucket.
                line(buf, buckets, cumulative[buckets - 1], cumulative[buckets - 1]);
                line(buf, buckets + 1, 0, h.sum());
            } else {
                double v = ((ValuePoint) p).value();
                line(buf, 0, (long) v, v);
            }
        }

        private void line(Buffer buf, int j, long asLong, double asDouble) {
            buf.write(prefixes[j]);
            if (kinds[j] == LONG) {
                buf.writeLong(asLong);
            } else {
                buf.writeDouble(asDouble);
            }
            buf.write((byte) '\n');
        }
    }

    static boolean sameLabels(Labels a, Labels b) {
        if (a == b) {
            return true;
        }
        return sameStrings(a.names(), b.names()) && sameStrings(a.values(), b.values());
    }

    private static boolean sameStrings(List<String> a, List<String> b) {
        if (a == b) {
            return true;
        }
        int n = a.size();
        if (n != b.size()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            String x = a.get(i);
            String y = b.get(i);
            if (x != y && !x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, byte c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** A growable byte buffer with client_java's number formats. */
    static final class Buffer {
        byte[] bytes;
        int size;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        void reset() {
            size = 0;
        }

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }

        void write(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        /** client_java's {@code writeLong}: decimal digits. */
        void writeLong(long v) {
            if (v == Long.MIN_VALUE) {
                writeAscii("-9223372036854775808");
                return;
            }
            ensure(20);
            if (v < 0) {
                bytes[size++] = '-';
                v = -v;
            }
            int digits = 1;
            for (long t = v; t >= 10; t /= 10) {
                digits++;
            }
            int end = size + digits;
            for (int i = end - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + (int) (v % 10));
                v /= 10;
            }
            size = end;
        }

        /**
         * client_java's {@code writeDouble}: {@code +Inf}, {@code -Inf}, else {@link Double#toString}.
         * Integral values below 10^7 (every counter up to ten million) are printed without making a
         * String, exactly as {@code Double.toString} prints them ({@code "42.0"}).
         */
        void writeDouble(double d) {
            if (d == Double.POSITIVE_INFINITY) {
                writeAscii("+Inf");
            } else if (d == Double.NEGATIVE_INFINITY) {
                writeAscii("-Inf");
            } else if (d > -1e7 && d < 1e7 && d == (long) d && (d != 0 || Double.doubleToRawLongBits(d) == 0)) {
                writeLong((long) d);
                ensure(2);
                bytes[size++] = '.';
                bytes[size++] = '0';
            } else {
                writeAscii(Double.toString(d));
            }
        }

        private void writeAscii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
        }
    }
}
