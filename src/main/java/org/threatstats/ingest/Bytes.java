package org.threatstats.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looking at eight bytes at a time ("SIMD within a register"): which bytes of a word equal a given byte, exactly
 * (no false positives from borrows), so scans for quotes and line ends skip the words that hold neither.
 */
public final class Bytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    static final long QUOTES = repeat('"');
    static final long NEWLINES = repeat('\n');
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private Bytes() {
    }

    static long repeat(char c) {
        return 0x0101010101010101L * (c & 0xFF);
    }

    public static long word(byte[] bytes, int offset) {
        return (long) LONGS.get(bytes, offset);
    }

    /** The high bit of every byte of {@code word} that equals the byte repeated in {@code pattern}. */
    static long equal(long word, long pattern) {
        long x = word ^ pattern;
        long y = (x & LOW7) + LOW7;
        return ~(y | x | LOW7);
    }

    /**
     * The high bit of every byte of {@code word} below {@code limit} (at most 0x80), for words with no byte of 0x80
     * or more: exact for the lowest such byte; bytes above it may be marked too (callers only ask whether any is).
     */
    static long below(long word, int limit) {
        return (word - repeat((char) limit)) & ~word & 0x8080808080808080L;
    }

    /** Counts of quotes and line ends in {@code bytes[from, to)}, branch-free, two words a turn: {quotes, lines}. */
    static long[] count(byte[] bytes, int from, int to) {
        long quotes = 0;
        long lines = 0;
        int i = from;
        for (; i + 16 <= to; i += 16) {
            long w1 = word(bytes, i);
            long w2 = word(bytes, i + 8);
            quotes += Long.bitCount(equal(w1, QUOTES)) + Long.bitCount(equal(w2, QUOTES));
            lines += Long.bitCount(equal(w1, NEWLINES)) + Long.bitCount(equal(w2, NEWLINES));
        }
        for (; i < to; i++) {
            quotes += bytes[i] == '"' ? 1 : 0;
            lines += bytes[i] == '\n' ? 1 : 0;
        }
        return new long[] {quotes, lines};
    }
}
