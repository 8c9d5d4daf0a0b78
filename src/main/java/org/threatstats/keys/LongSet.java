package org.threatstats.keys;

import java.util.function.LongConsumer;

/**
 * A set of non-zero longs for one writer: open addressing over one {@code long[]}, sized once from the number of
 * records (85% full, 9.4 bytes a record; doubled past 90%), eight bytes a slot and no boxing. The size is not
 * rounded to a power of two (a slot is picked by multiplying, not masking), which saves up to half the memory.
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
