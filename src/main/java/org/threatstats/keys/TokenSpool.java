package org.threatstats.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The key tokens one partition of the ingest has read, appended to a file beside the job repository: what the
 * uniqueness check reads once every partition is done. Its length is committed with each chunk, so after a crash
 * it is cut back to the tokens of committed records. It is written to the operating system at each commit but not
 * forced to disk: a process that dies loses nothing the system has; after a machine's crash a spool shorter than
 * its committed length makes the partition start its slice again ({@link #shorterThan}).
 */
public final class TokenSpool implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);

    /** Opens the spool to append after its first {@code committedLength} bytes (the rest is dropped). */
    public TokenSpool(Path path, long committedLength) {
        this.path = path;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            channel.truncate(committedLength);
            channel.position(committedLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether a spool holds less than its committed length (the machine crashed before writing it out). */
    public static boolean shorterThan(Path path, long committedLength) {
        try {
            return committedLength > 0 && (!Files.exists(path) || Files.size(path) < committedLength);
        } catch (IOException e) {
            return true;
        }
    }

    public void add(long[] tokens, int count) {
        for (int i = 0; i < count; i++) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.putLong(tokens[i]);
        }
    }

    /** Writes what is buffered to the file: the length to commit. */
    public long flush() {
        drain();
        try {
            return channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private void drain() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        buffer.clear();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }

    /** Receives tokens in batches: {@code tokens[0, count)}. */
    public interface Batches {
        void accept(long[] tokens, int count);
    }

    /** Hands the first {@code length / 8} tokens of a spool to {@code action}, in batches. */
    public static void read(Path path, long length, Batches action) {
        if (length == 0) {
            return;
        }
        ByteBuffer in = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        long[] tokens = new long[in.capacity() / Long.BYTES];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long position = 0;
            int carried = 0;
            while (position < length) {
                in.limit((int) Math.min(in.capacity(), length - position + carried));
                int n = channel.read(in, position);
                if (n < 0) {
                    throw new IOException("ends before its committed length " + length);
                }
                position += n;
                in.flip();
                int count = in.remaining() / Long.BYTES;
                in.asLongBuffer().get(tokens, 0, count);
                in.position(count * Long.BYTES);
                action.accept(tokens, count);
                // a token cut by the read: its first bytes go first into the next read
                in.compact();
                carried = in.position();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
