package org.threatstats.aggregate;

import java.util.function.LongConsumer;

/**
 * A set of non-zero longs for one writer: open addressing over one {@code long[]}, sized once from the number of
 * records (85% full, 9.4 bytes a record; doubled past 90%), eight bytes a slot and no boxing. Linear probing
 * this full measured no slower than at 75%, because {@link #addAll} overlaps the cache misses. The size is not
 * rounded to a power of two (a slot is picked by multiplying, not masking), which saves up to half the memory.
 * Plain stores, no compare-and-set: a CAS is a full memory barrier on x86, so with one the cache misses of
 * successive inserts cannot overlap, which made a shared concurrent set a fifth of the ingest's time.
 */
public final class LongSet {
    private long[] slots;
    private int size;

    public LongSet(long expected) {
        long capacity = Math.max(16, (long) (expected / 0.85) + 1);
        if (capacity > (1L << 30)) {
            throw new IllegalArgumentException("too many keys for one set: " + expected);
        }
        slots = new long[(int) capacity];
    }

    /** Adds a non-zero value; false if it was already there. */
    public boolean add(long value) {
        long[] s = slots;
        int i = slot(value, s.length);
        while (true) {
            long current = s[i];
            if (current == value) {
                return false;
            }
            if (current == 0) {
                s[i] = value;
                if (++size > s.length * 0.9) {
                    grow();
                }
                return true;
            }
            i = i + 1 == s.length ? 0 : i + 1;
        }
    }

    /**
     * Adds {@code values[0, count)} (non-zero), putting those already present into {@code repeated}. The set is
     * far larger than the processor's caches, so nearly every add waits for memory: looking up the home slots of
     * a batch first, in a loop with no dependency from one lookup to the next, lets those waits overlap, and the
     * adds that follow find their slots in the cache.
     */
    public void addAll(long[] values, int count, LongSet repeated) {
        final int batch = 64;
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            long[] s = slots;
            long touched = 0;
            for (int i = from; i < to; i++) {
                touched += s[slot(values[i], s.length)];
            }
            sink = touched;
            for (int i = from; i < to; i++) {
                if (!add(values[i])) {
                    repeated.add(values[i]);
                }
            }
        }
    }

    /** Keeps the look-ahead loads of {@link #addAll} from being optimised away. */
    @SuppressWarnings("unused")
    private long sink;

    public boolean contains(long value) {
        long[] s = slots;
        int i = slot(value, s.length);
        while (true) {
            long current = s[i];
            if (current == value) {
                return true;
            }
            if (current == 0) {
                return false;
            }
            i = i + 1 == s.length ? 0 : i + 1;
        }
    }

    /** The value's home slot: its high 32 bits scaled to the capacity (uniform, as the hashes are). */
    private static int slot(long value, int capacity) {
        return (int) (((value >>> 32) * capacity) >>> 32);
    }

    public int size() {
        return size;
    }

    /** The slot array, for scanning (zero means empty); not to be changed. */
    long[] slots() {
        return slots;
    }

    /** Calls {@code action} with every value in the set. */
    public void forEach(LongConsumer action) {
        for (long v : slots) {
            if (v != 0) {
                action.accept(v);
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
    }
}
