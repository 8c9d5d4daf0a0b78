package org.threatstats.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looking at eight bytes at a time ("SIMD within a register"): which bytes of a word equal a given byte, exactly
 * (no false positives from borrows), so scans for quotes and line ends skip the words that hold neither.
 */
final class Bytes {
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

    static long word(byte[] bytes, int offset) {
        return (long) LONGS.get(bytes, offset);
    }

    /** The high bit of every byte of {@code word} that equals the byte repeated in {@code pattern}. */
    static long equal(long word, long pattern) {
        long x = word ^ pattern;
        long y = (x & LOW7) + LOW7;
        return ~(y | x | LOW7);
    }

    /** Counts of quotes and line ends in {@code bytes[from, to)}: {quotes, lines}. */
    static long[] count(byte[] bytes, int from, int to) {
        long quotes = 0;
        long lines = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = word(bytes, i);
            quotes += Long.bitCount(equal(w, QUOTES));
            lines += Long.bitCount(equal(w, NEWLINES));
        }
        for (; i < to; i++) {
            if (bytes[i] == '"') {
                quotes++;
            } else if (bytes[i] == '\n') {
                lines++;
            }
        }
        return new long[] {quotes, lines};
    }

    /**
     * The end of the last whole record in {@code bytes[0, length)} (just past a line end outside quotes; the
     * bytes start outside quotes) and the number of line ends before it: {end, lines}. End 0: no whole record.
     */
    static long[] lastRecordEnd(byte[] bytes, int length) {
        boolean quoted = false;
        long lines = 0;
        int end = 0;
        long linesAtEnd = 0;
        int i = 0;
        while (i < length) {
            if (i + 8 <= length) {
                long w = word(bytes, i);
                if (equal(w, QUOTES) == 0) {
                    // no quote in these eight bytes: their line ends all end records, or (inside quotes) none
                    long n = equal(w, NEWLINES);
                    lines += Long.bitCount(n);
                    if (n != 0 && !quoted) {
                        end = i + 8 - Long.numberOfLeadingZeros(n) / 8;
                        linesAtEnd = lines;
                    }
                    i += 8;
                    continue;
                }
            }
            // a word with a quote in it, or the last few bytes: one byte at a time
            for (int stop = Math.min(i + 8, length); i < stop; i++) {
                byte b = bytes[i];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n') {
                    lines++;
                    if (!quoted) {
                        end = i + 1;
                        linesAtEnd = lines;
                    }
                }
            }
        }
        return new long[] {end, linesAtEnd};
    }
}
