package org.threatstats.ingest;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a file into the caller's arrays through a memory map, one window at a time, instead of with
 * {@link FileChannel#read}: a read into a Java array is copied twice (the kernel copies into a native buffer,
 * which is then copied into the array), a mapped window once. Reads go from start to end ({@link #read(byte[])}),
 * or forwards from given positions ({@link #read(long, byte[], int)}); a window is unmapped as soon as a read
 * leaves it, so the file's pages never count towards the process's memory beyond one window.
 */
final class MappedReader implements AutoCloseable {
    private static final long WINDOW = 64L << 20;
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private final FileChannel channel;
    private final long size;
    private final long windowSize;
    private long windowStart;
    private MappedByteBuffer window;
    /** Where {@link #read(byte[])} goes on from. */
    private long next;

    MappedReader(FileChannel channel) throws IOException {
        this(channel, WINDOW);
    }

    MappedReader(FileChannel channel, long windowSize) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.windowSize = windowSize;
    }

    /**
     * Fills {@code bytes} from the file's next bytes; the number read, or -1 at the end of the file. Without a
     * way to unmap windows (a JDK without {@code sun.misc.Unsafe}), it reads as {@link FileChannel#read} does.
     */
    int read(byte[] bytes) throws IOException {
        if (UNSAFE == null) {
            return channel.read(ByteBuffer.wrap(bytes));
        }
        int n = (int) Math.min(bytes.length, size - next);
        if (n <= 0) {
            return -1;
        }
        read(next, bytes, n);
        next += n;
        return n;
    }

    /**
     * Fills {@code bytes[0, length)} from the file's bytes at {@code position}, which must exist (else "became
     * shorter"). Reads at increasing positions map each window once.
     */
    void read(long position, byte[] bytes, int length) throws IOException {
        if (UNSAFE == null) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw shorter(null);
                }
            }
            return;
        }
        int done = 0;
        while (done < length) {
            long at = position + done;
            if (window == null || at < windowStart || at >= windowStart + window.capacity()) {
                if (at >= size) {
                    throw shorter(null);
                }
                unmap();
                windowStart = at / windowSize * windowSize;
                long windowLength = Math.min(windowSize, size - windowStart);
                if (windowLength <= 0 || channel.size() < windowStart + windowLength) {
                    throw shorter(null);
                }
                window = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, windowLength);
            }
            int from = (int) (at - windowStart);
            int n = Math.min(length - done, window.capacity() - from);
            try {
                window.get(from, bytes, done, n);
            } catch (InternalError e) {
                // the JVM's report of a mapped page that is no longer in the file (it was cut short meanwhile)
                throw shorter(e);
            }
            done += n;
        }
    }

    private static IOException shorter(Throwable cause) {
        return new IOException("the file became shorter while it was being read", cause);
    }

    private void unmap() {
        MappedByteBuffer w = window;
        window = null;
        if (w != null) {
            UNSAFE.invokeCleaner(w);
        }
    }

    @Override
    public void close() {
        unmap();
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
