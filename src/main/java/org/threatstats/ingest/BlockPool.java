package org.threatstats.ingest;

import java.util.ArrayDeque;

/**
 * Buffers one partition reuses from block to block: without it, reading a large file allocates its whole size
 * again in 4 MB arrays, which the garbage collector handles as "humongous" objects, each a small crisis. The
 * reader, validator and writer of a partition run on one thread, so this needs no locking.
 */
public final class BlockPool {
    private final ArrayDeque<byte[]> bytes = new ArrayDeque<>();
    private final ArrayDeque<long[]> longs = new ArrayDeque<>();
    private final int byteSize;
    private final int longSize;

    public BlockPool(int blockSize) {
        this.byteSize = blockSize;
        this.longSize = Math.max(64, blockSize / 32);
    }

    /** A byte array of at least {@code size} bytes (the block size: pooled; longer: new). */
    public byte[] bytes(int size) {
        if (size > byteSize) {
            return new byte[size];
        }
        byte[] b = bytes.poll();
        return b != null ? b : new byte[byteSize];
    }

    public void release(byte[] b) {
        if (b.length == byteSize && bytes.size() < 16) {
            bytes.push(b);
        }
    }

    /** A long array of at least {@code size} longs, contents undefined. */
    public long[] longs(int size) {
        if (size > longSize) {
            return new long[size];
        }
        long[] l = longs.poll();
        return l != null ? l : new long[longSize];
    }

    public void release(long[] l) {
        if (l != null && l.length == longSize && longs.size() < 64) {
            longs.push(l);
        }
    }
}
