package org.threatstats.aggregate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Sums of weights by period and cube cell: the complete aggregate of a dataset, from which every table, share and
 * change is read. Small (periods x category combinations), so a partition's cube is saved in its step execution
 * context with every chunk, committed in the same transaction as the chunk's position.
 */
public final class Cube {
    private final int cells;
    private final NavigableMap<Integer, long[]> periods = new TreeMap<>();
    /** The same arrays indexed by period - {@code first}, so adding a record is two array accesses. */
    private long[][] byPeriod = new long[0][];
    private int first;

    public Cube(int cells) {
        this.cells = cells;
    }

    public int cells() {
        return cells;
    }

    public void add(int period, int cell, long weight) {
        int i = period - first;
        long[] values = i >= 0 && i < byPeriod.length ? byPeriod[i] : null;
        if (values == null) {
            values = slot(period);
        }
        values[cell] = plus(values[cell], weight);
    }

    /**
     * The sum, or Long.MAX_VALUE (MIN_VALUE) where it would not fit 64 bits: a cell that large is rejected before
     * anything is published ({@link #largestTotal()}), so a sum never wraps round into a small, wrong figure.
     */
    static long plus(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** The largest of the periods' sums of all cells (without wrapping), or 0 for an empty cube. */
    public long largestTotal() {
        long largest = 0;
        for (long[] values : periods.values()) {
            long total = 0;
            for (long v : values) {
                total = plus(total, v);
            }
            largest = Math.max(largest, total);
        }
        return largest;
    }

    /** The period whose sum of all cells is {@link #largestTotal()}. */
    public int largestPeriod() {
        long largest = -1;
        int at = 0;
        for (Map.Entry<Integer, long[]> e : periods.entrySet()) {
            long total = 0;
            for (long v : e.getValue()) {
                total = plus(total, v);
            }
            if (total > largest) {
                largest = total;
                at = e.getKey();
            }
        }
        return at;
    }

    private long[] slot(int period) {
        long[] values = periods.computeIfAbsent(period, p -> new long[cells]);
        int low = periods.firstKey();
        int high = periods.lastKey();
        if (high - low < 4096) {
            long[][] index = new long[high - low + 1][];
            for (Map.Entry<Integer, long[]> e : periods.entrySet()) {
                index[e.getKey() - low] = e.getValue();
            }
            byPeriod = index;
            first = low;
        }
        return values;
    }

    public long get(int period, int cell) {
        long[] values = periods.get(period);
        return values == null ? 0 : values[cell];
    }

    /** Whether any record falls in the period. */
    public boolean has(int period) {
        return periods.containsKey(period);
    }

    public NavigableMap<Integer, long[]> periods() {
        return periods;
    }

    public void addAll(Cube other) {
        for (Map.Entry<Integer, long[]> e : other.periods.entrySet()) {
            long[] mine = periods.computeIfAbsent(e.getKey(), p -> new long[cells]);
            long[] theirs = e.getValue();
            for (int i = 0; i < cells; i++) {
                mine[i] = plus(mine[i], theirs[i]);
            }
        }
        byPeriod = new long[0][];
    }

    public String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(cells);
            out.writeInt(periods.size());
            for (Map.Entry<Integer, long[]> e : periods.entrySet()) {
                out.writeInt(e.getKey());
                long[] v = e.getValue();
                int nonZero = 0;
                for (long x : v) {
                    if (x != 0) {
                        nonZero++;
                    }
                }
                writeVar(out, nonZero);
                int previous = 0;
                for (int i = 0; i < v.length; i++) {
                    if (v[i] != 0) {
                        writeVar(out, i - previous);
                        writeVar(out, (v[i] << 1) ^ (v[i] >> 63));
                        previous = i;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    public static Cube decode(String text) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            Cube cube = new Cube(in.readInt());
            int n = in.readInt();
            for (int p = 0; p < n; p++) {
                int period = in.readInt();
                long[] v = new long[cube.cells];
                int nonZero = (int) readVar(in);
                int index = 0;
                for (int k = 0; k < nonZero; k++) {
                    index += (int) readVar(in);
                    long z = readVar(in);
                    v[index] = (z >>> 1) ^ -(z & 1);
                }
                cube.periods.put(period, v);
            }
            return cube;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeVar(DataOutputStream out, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVar(DataInputStream in) throws IOException {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
