package org.threatstats.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writing files so that a reader (or a crash) never sees half of one: write to a temporary name in the same
 * folder, flush to disk, then rename over the target in one step.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = temporary(target);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
            fsync(temp);
            move(temp, target);
            fsyncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Points the symbolic link {@code link} at {@code target}, a sibling folder, in one rename: a reader sees the
     * old target or the new one, never no link ({@code latest}, {@code released}).
     */
    public static void link(Path link, Path target) throws IOException {
        Path temp = temporary(link);
        try {
            Files.deleteIfExists(temp);
            Files.createSymbolicLink(temp, target.getFileName());
            move(temp, link);
            fsyncDirectory(link.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    }

    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the output folder's file system cannot rename " + from + " atomically", e);
        }
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Deletes a folder and everything in it (links are removed, not followed). */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes a rename durable (a no-op where the platform cannot open folders). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported on every platform; the rename itself is still atomic
        }
    }
}
