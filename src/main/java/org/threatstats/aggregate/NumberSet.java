package org.threatstats.aggregate;

import java.util.function.LongConsumer;

/**
 * A set of numbers (0 to 2<sup>60</sup>) for one writer: the numbers of one key form in one partition. Held as a
 * bitmap in chunks of 65,536 numbers (8 KB each), made as numbers arrive, so a run of numbered records costs a
 * bit a record and its lookups stay in the processor's caches. Scattered numbers would leave chunks nearly
 * empty: once the chunks would take more than 1 MB and eight bytes a number, the set moves its numbers into a
 * {@link LongSet} (9.4 bytes a number), which bounds its memory whatever the numbers are.
 */
final class NumberSet {
    private static final int SHIFT = 16;
    private static final int WORDS = 1 << (SHIFT - 6);
    /** Chunks allowed whatever their fill: 128 of 8 KB. */
    private static final int FREE_CHUNKS = 128;
    /** Beyond those, one chunk per this many numbers: eight bytes a number. */
    private static final int NUMBERS_PER_CHUNK = 1024;

    private final long expected;
    /** Open addressing: chunk index + 1 (0: empty) and its words. */
    private long[] keys = new long[64];
    private long[][] chunks = new long[64][];
    private int chunkCount;
    private long lastKey = -1;
    private long[] last;
    private long size;
    /** The numbers + 1, once scattered. */
    private LongSet scattered;

    /** A set that, if its numbers turn out scattered, sizes its hash set for {@code expected} of them. */
    NumberSet(long expected) {
        this.expected = expected;
    }

    /** Adds a number; false if it was already there. */
    boolean add(long n) {
        if (scattered == null) {
            long key = n >>> SHIFT;
            long[] words = key == lastKey ? last : chunk(key, true);
            if (words != null) {
                int w = (int) (n >>> 6) & (WORDS - 1);
                long bit = 1L << n;
                long old = words[w];
                if ((old & bit) != 0) {
                    return false;
                }
                words[w] = old | bit;
                size++;
                return true;
            }
        }
        if (scattered.add(n + 1)) {
            size++;
            return true;
        }
        return false;
    }

    boolean contains(long n) {
        if (scattered != null) {
            return scattered.contains(n + 1);
        }
        long[] words = chunk(n >>> SHIFT, false);
        return words != null && (words[(int) (n >>> 6) & (WORDS - 1)] & (1L << n)) != 0;
    }

    long size() {
        return size;
    }

    /** Whether the numbers were too scattered for a bitmap. */
    boolean isScattered() {
        return scattered != null;
    }

    /** Calls {@code action} with every number in both sets. */
    static void both(NumberSet a, NumberSet b, LongConsumer action) {
        if (a.scattered == null && b.scattered == null) {
            for (int i = 0; i < a.keys.length; i++) {
                if (a.keys[i] == 0) {
                    continue;
                }
                long key = a.keys[i] - 1;
                long[] other = b.chunk(key, false);
                if (other == null) {
                    continue;
                }
                long[] words = a.chunks[i];
                for (int w = 0; w < WORDS; w++) {
                    long common = words[w] & other[w];
                    while (common != 0) {
                        action.accept((key << SHIFT) | ((long) w << 6) | Long.numberOfTrailingZeros(common));
                        common &= common - 1;
                    }
                }
            }
            return;
        }
        NumberSet probing = a.scattered != null ? a : b;
        NumberSet probed = probing == a ? b : a;
        if (probed.scattered != null && probed.size < probing.size) {
            NumberSet t = probing;
            probing = probed;
            probed = t;
        }
        for (long v : probing.scattered.slots()) {
            if (v != 0 && probed.contains(v - 1)) {
                action.accept(v - 1);
            }
        }
    }

    /** The words of chunk {@code key}: made if absent and {@code make}; null if absent, or if it went scattered. */
    private long[] chunk(long key, boolean make) {
        int mask = keys.length - 1;
        int i = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (keys[i] != 0) {
            if (keys[i] == key + 1) {
                if (make) {
                    lastKey = key;
                    last = chunks[i];
                }
                return chunks[i];
            }
            i = (i + 1) & mask;
        }
        if (!make) {
            return null;
        }
        if (chunkCount >= FREE_CHUNKS + size / NUMBERS_PER_CHUNK) {
            scatter();
            return null;
        }
        if (2 * (chunkCount + 1) > keys.length) {
            grow();
            return chunk(key, true);
        }
        keys[i] = key + 1;
        chunks[i] = new long[WORDS];
        chunkCount++;
        lastKey = key;
        last = chunks[i];
        return last;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[][] oldChunks = chunks;
        keys = new long[oldKeys.length * 2];
        chunks = new long[oldKeys.length * 2][];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = (int) ((oldKeys[j] - 1) * 0x9E3779B97F4A7C15L >>> 40) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                chunks[i] = oldChunks[j];
            }
        }
    }

    private void scatter() {
        scattered = new LongSet(Math.max(expected, 2 * size));
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == 0) {
                continue;
            }
            long base = (keys[i] - 1) << SHIFT;
            long[] words = chunks[i];
            for (int w = 0; w < WORDS; w++) {
                long bits = words[w];
                while (bits != 0) {
                    scattered.add(base + ((long) w << 6) + Long.numberOfTrailingZeros(bits) + 1);
                    bits &= bits - 1;
                }
            }
        }
        keys = null;
        chunks = null;
        last = null;
        lastKey = -1;
    }
}
