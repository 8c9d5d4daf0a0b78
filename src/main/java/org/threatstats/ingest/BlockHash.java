package org.threatstats.ingest;

import net.openhft.hashing.LongHashFunction;

/**
 * A 64-bit fingerprint of a block of the file, so that the ingest can check that the bytes it reads are the ones
 * the SHA-256 of the run's identity was computed from: a file rewritten while a run reads it (even to the same
 * size, with its time kept) fails the run instead of publishing figures that no longer match that SHA-256.
 *
 * <p>The survey hashes the file as it streams past in buffers, the ingest hashes whole blocks: both cut the block
 * at the same file offsets (every {@value #GRID} bytes of the file) and chain XXH3 over the pieces, so the two
 * agree whatever sizes their reads had.
 */
public final class BlockHash {
    static final long GRID = 1L << 20;
    private static final long SEED = 0x7468726561747374L;

    private long hash = SEED;

    /** Adds {@code bytes[from, to)}, which hold the file's bytes from offset {@code fileOffset} on. */
    public BlockHash add(byte[] bytes, int from, int to, long fileOffset) {
        int p = from;
        long at = fileOffset;
        while (p < to) {
            long nextGrid = (at / GRID + 1) * GRID;
            int n = (int) Math.min(to - p, nextGrid - at);
            hash = LongHashFunction.xx3(hash).hashBytes(bytes, p, n);
            p += n;
            at += n;
        }
        return this;
    }

    public long value() {
        return hash;
    }

    /** The fingerprint of {@code bytes[0, length)}, the file's bytes from {@code fileOffset}. */
    public static long of(byte[] bytes, int length, long fileOffset) {
        return new BlockHash().add(bytes, 0, length, fileOffset).value();
    }
}
