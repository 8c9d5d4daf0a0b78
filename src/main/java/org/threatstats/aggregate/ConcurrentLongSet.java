package org.threatstats.aggregate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A set of non-zero longs that several partitions add to at once: open addressing over one {@code long[]}, slots
 * claimed by compare-and-set, sized once from the number of records (at most 70% full), never resized. Eight
 * bytes a slot and no boxing: ten million keys take 128 MB. Each hash is added once, so a hash already present
 * means a repeated key (or, rarely, two keys with the same hash: the caller checks the keys themselves).
 *
 * <p>HPPC's sets (used before) are single-threaded: with one set per partition, finding keys repeated across
 * partitions meant probing one set with every key of the other, most of a second at ten million records.
 */
final class ConcurrentLongSet {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots;
    private final int mask;
    private final long limit;
    private final AtomicLong size = new AtomicLong();

    ConcurrentLongSet(long expected) {
        long wanted = Math.max(16, (long) (expected / 0.7) + 1);
        if (wanted > (1L << 30)) {
            throw new IllegalArgumentException("too many keys for one set: " + expected);
        }
        int capacity = Integer.highestOneBit((int) wanted - 1) << 1;
        slots = new long[capacity];
        mask = capacity - 1;
        limit = (long) (capacity * 0.9);
    }

    /** Adds a non-zero value; false if it was already there. */
    boolean add(long value) {
        int i = (int) spread(value) & mask;
        while (true) {
            long current = (long) SLOT.getAcquire(slots, i);
            if (current == value) {
                return false;
            }
            if (current == 0) {
                if (SLOT.compareAndSet(slots, i, 0L, value)) {
                    if (size.incrementAndGet() > limit) {
                        throw new IllegalStateException("more keys than records were expected: " + size.get());
                    }
                    return true;
                }
                continue; // another thread took the slot: look at it again
            }
            i = (i + 1) & mask;
        }
    }

    long size() {
        return size.get();
    }

    /** Hashes are already well mixed; this only guards against patterns in the low bits. */
    private static long spread(long h) {
        long x = h ^ (h >>> 32);
        return x ^ (x >>> 16);
    }
}
