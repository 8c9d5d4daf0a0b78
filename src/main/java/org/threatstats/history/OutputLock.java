package org.threatstats.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One process at a time per output folder. An operating-system lock on {@code .repository/threatstats.lock}:
 * a second process is refused at once with who holds it, and the lock goes away the moment its holder dies
 * (even by {@code kill -9}), so a crashed run never blocks the next one. (It is also what keeps the embedded
 * HSQLDB repository safe: HSQLDB's own lock file is switched off, because after a crash it makes the next
 * process wait for a stale lock to expire.)
 */
public final class OutputLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process holds the folder; the message says which. */
    public static final class HeldException extends Exception {
        public HeldException(String message) {
            super(message);
        }
    }

    public static Path file(Path outputDir) {
        return outputDir.resolve(".repository").resolve("threatstats.lock");
    }

    public static OutputLock acquire(Path outputDir, String what) throws IOException, HeldException {
        Path file = file(outputDir);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new HeldException("another threatstats process is using " + outputDir
                    + (holder.isEmpty() ? "" : " (" + holder + ")"));
        }
        String me = "pid " + ProcessHandle.current().pid() + ", " + what + ", since " + Instant.now();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new OutputLock(channel, lock);
    }

    /** Says what the holder does now ("run annual-threat-report"), for {@link #heldBy} to tell others. */
    public void describe(String what) throws IOException {
        String me = "pid " + ProcessHandle.current().pid() + ", " + what + ", since " + Instant.now();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
    }

    /**
     * Who holds the output folder now ("pid 123, run annual-threat-report, since ..."), or null when nobody does:
     * for the commands that only read, which must not wait for a run nor disturb it.
     */
    public static String heldBy(Path outputDir) throws IOException {
        Path file = file(outputDir);
        if (!Files.exists(file)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                lock.release();
                return null;
            }
            return holder(channel);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        int n = channel.read(buffer, 0);
        return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
