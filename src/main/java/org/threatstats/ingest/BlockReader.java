package org.threatstats.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads one slice of a CSV file block by block, each block a run of whole records as the survey found them, and
 * checks every block against the fingerprint the survey took: what is counted is what the run's SHA-256 names.
 * It starts at any block, so a partition resumed after a crash goes on from its last committed one.
 */
public final class BlockReader implements AutoCloseable {
    /**
     * A block longer than this (no record end found for so long) is read only this far: the parser then reports the
     * open quote, instead of the run reading a whole file into memory.
     */
    static final int MAX_BLOCK = 64 << 20;

    private final InputFile input;
    private final InputFile.Slice slice;
    private final BlockPool pool;
    private final FileChannel channel;
    private int next;

    /** A reader of {@code slice} of {@code input} from its block {@code firstBlock} on. */
    public BlockReader(InputFile input, InputFile.Slice slice, int firstBlock, BlockPool pool) {
        this.input = input;
        this.slice = slice;
        this.pool = pool;
        this.next = firstBlock;
        try {
            channel = FileChannel.open(input.path(), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + input.path() + ": " + e.getMessage(), e);
        }
    }

    /** The index of the block the next {@link #read()} returns. */
    public int nextBlock() {
        return next;
    }

    /** The next block, or null at the end of the slice. */
    public RecordBlock read() {
        if (next >= slice.blocks()) {
            return null;
        }
        int i = next++;
        long start = slice.blockStarts()[i];
        long length = slice.blockEnd(i) - start;
        boolean whole = length <= MAX_BLOCK;
        int n = (int) Math.min(length, MAX_BLOCK);
        byte[] bytes = pool.bytes(n);
        fill(bytes, n, start);
        if (whole && BlockHash.of(bytes, n) != slice.blockHashes()[i]) {
            pool.release(bytes);
            throw new InputChangedException(input.fileName() + " was changed while this run read it (its bytes from "
                    + "offset " + start + " are not those the run's SHA-256 was computed from); nothing was "
                    + "published: run again once the supplier's file is complete");
        }
        return new RecordBlock(bytes, n, start, slice.blockLines()[i]);
    }

    private void fill(byte[] bytes, int length, long at) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, at + buffer.position()) < 0) {
                    throw new InputChangedException(input.fileName() + " became shorter while this run read it; "
                            + "nothing was published: run again once the supplier's file is complete");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + input.path(), e);
        }
    }

    /** The file is no longer the one that was fingerprinted: the run must not publish from it. */
    public static final class InputChangedException extends RuntimeException {
        public InputChangedException(String message) {
            super(message);
        }
    }
}
