package org.threatstats.keys;

import java.util.function.LongConsumer;

/**
 * A set of numbers (0 to 2<sup>60</sup>) for one writer: the numbers of one key form. Held as a
 * bitmap in chunks of 65,536 numbers (8 KB each), made as numbers arrive, so a run of numbered records costs a
 * bit a record and its lookups stay in the processor's caches. Scattered numbers would leave chunks nearly
 * empty: once the chunks would take more than 1 MB and eight bytes a number, {@link #add} says {@link #FULL} and
 * the set gives its numbers up ({@link #scatter}) to the check's one hash set, which bounds the memory
 * whatever the numbers are.
 */
final class NumberSet {
    private static final int SHIFT = 16;
    private static final int WORDS = 1 << (SHIFT - 6);
    /** Chunks allowed whatever their fill: 128 of 8 KB. */
    private static final int FREE_CHUNKS = 128;
    /** Beyond those, one chunk per this many numbers: eight bytes a number. */
    private static final int NUMBERS_PER_CHUNK = 1024;

    /** {@link #add}: the number is new. */
    static final int ADDED = 1;
    /** {@link #add}: the number was there already. */
    static final int PRESENT = 0;
    /** {@link #add}: the number was not added: the numbers are too scattered for a bitmap. */
    static final int FULL = -1;

    /** Open addressing: chunk index + 1 (0: empty) and its words. */
    private long[] keys = new long[64];
    private long[][] chunks = new long[64][];
    private int chunkCount;
    private long lastKey = -1;
    private long[] last;
    private long size;
    private boolean scattered;

    /** Adds a number: {@link #ADDED}, {@link #PRESENT}, or {@link #FULL} (then call {@link #scatter}). */
    int add(long n) {
        long key = n >>> SHIFT;
        long[] words = key == lastKey ? last : chunk(key, true);
        if (words == null) {
            return FULL;
        }
        int w = (int) (n >>> 6) & (WORDS - 1);
        long bit = 1L << n;
        long old = words[w];
        if ((old & bit) != 0) {
            return PRESENT;
        }
        words[w] = old | bit;
        size++;
        return ADDED;
    }

    boolean contains(long n) {
        if (scattered) {
            return false;
        }
        long[] words = chunk(n >>> SHIFT, false);
        return words != null && (words[(int) (n >>> 6) & (WORDS - 1)] & (1L << n)) != 0;
    }

    long size() {
        return size;
    }

    /** Whether the numbers were too scattered for a bitmap, and were given up. */
    boolean isScattered() {
        return scattered;
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

    /** Gives every number up to {@code action} and keeps none: the set is scattered from now on. */
    void scatter(LongConsumer action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == 0) {
                continue;
            }
            long base = (keys[i] - 1) << SHIFT;
            long[] words = chunks[i];
            for (int w = 0; w < WORDS; w++) {
                long bits = words[w];
                while (bits != 0) {
                    action.accept(base + ((long) w << 6) + Long.numberOfTrailingZeros(bits));
                    bits &= bits - 1;
                }
            }
        }
        scattered = true;
        keys = new long[1];
        chunks = new long[1][];
        chunkCount = 0;
        size = 0;
        last = null;
        lastKey = -1;
    }
}
