package org.threatstats.ingest;

import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A 64-bit fingerprint of a block of the file, so that the ingest can check that the bytes it reads are the ones
 * the SHA-256 of the run's identity was computed from: a file rewritten while a run reads it (even to the same
 * size, with its time kept) fails the run instead of publishing figures that no longer match that SHA-256.
 *
 * <p>Two checksums of different polynomials side by side (CRC-32C and CRC-32, both computed by the processor's own
 * instructions through the JDK): a change to a block passes both with odds of one in 2<sup>64</sup>. They are
 * streamed, so the survey, which sees a block in pieces as its buffers go past, and the ingest, which reads it
 * whole, agree.
 */
public final class BlockHash {
    private final CRC32C castagnoli = new CRC32C();
    private final CRC32 ieee = new CRC32();

    /** Adds {@code bytes[from, to)}. */
    public BlockHash add(byte[] bytes, int from, int to) {
        castagnoli.update(bytes, from, to - from);
        ieee.update(bytes, from, to - from);
        return this;
    }

    public long value() {
        return castagnoli.getValue() << 32 | ieee.getValue();
    }

    /** The fingerprint of {@code bytes[0, length)}. */
    public static long of(byte[] bytes, int length) {
        return new BlockHash().add(bytes, 0, length).value();
    }
}
