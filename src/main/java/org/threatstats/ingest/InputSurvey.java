package org.threatstats.ingest;

import org.threatstats.DaemonThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pass over an input file, on all cores: the SHA-256 that identifies the run, and the record boundaries where
 * the file can be cut into partitions.
 *
 * <p>A record boundary is a line end outside quotes. In RFC 4180 a position is inside quotes exactly when an odd
 * number of quote characters precede it (a doubled quote counts twice), so counting quotes and line ends per
 * chunk in parallel, then adding the counts up, tells where each chunk's first boundary is and which physical
 * line it starts, without parsing anything.
 */
public final class InputSurvey {
    private static final int BUFFER = 1 << 20;
    /** Files smaller than this are read by one partition: splitting them costs more than it saves. */
    static final long MIN_SPLIT_BYTES = 16L << 20;

    private final int partitions;

    public InputSurvey(int partitions) {
        this.partitions = Math.max(1, partitions);
    }

    public InputFile survey(String dataset, Path path, CsvHeader header) throws IOException {
        long size = Files.size(path);
        long modified = Files.getLastModifiedTime(path).toMillis();
        int parts = size < MIN_SPLIT_BYTES ? 1 : partitions;
        long bodyStart = header.bodyStart();
        long bodyLine = header.bodyFirstLine();
        ExecutorService pool = Executors.newFixedThreadPool(parts + 1, DaemonThreads.named("survey-" + dataset));
        try {
            Future<String> digest = pool.submit(() -> sha256(path));
            long span = (size - bodyStart) / parts;
            List<Future<long[]>> counts = new ArrayList<>();
            long[] chunkStart = new long[parts + 1];
            for (int i = 0; i < parts; i++) {
                chunkStart[i] = bodyStart + i * span;
            }
            chunkStart[parts] = size;
            for (int i = 0; i < parts; i++) {
                long from = chunkStart[i];
                long to = chunkStart[i + 1];
                counts.add(pool.submit(() -> count(path, from, to)));
            }
            List<InputFile.Slice> slices = new ArrayList<>();
            long quotesBefore = 0;
            long linesBefore = 0;
            long sliceStart = bodyStart;
            long sliceLine = bodyLine;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                for (int i = 1; i < parts; i++) {
                    long[] c = counts.get(i - 1).get();
                    quotesBefore += c[0];
                    linesBefore += c[1];
                    long[] boundary = firstBoundary(channel, chunkStart[i], size, (quotesBefore & 1) == 1);
                    if (boundary == null) {
                        break; // an unterminated quote: one partition reads (and reports) the rest
                    }
                    long cut = boundary[0];
                    long lineAtCut = bodyLine + linesBefore + boundary[1];
                    if (cut > sliceStart && cut < size) {
                        slices.add(new InputFile.Slice(sliceStart, cut, sliceLine, lineAtCut - sliceLine));
                        sliceStart = cut;
                        sliceLine = lineAtCut;
                    }
                }
                long totalLines = 0;
                for (Future<long[]> f : counts) {
                    totalLines += f.get()[1];
                }
                slices.add(new InputFile.Slice(sliceStart, size, sliceLine, bodyLine + totalLines - sliceLine));
            }
            return new InputFile(dataset, path, true, size, modified, digest.get(), List.copyOf(slices));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + path, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot read " + path + ": " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Quote characters and line ends in [from, to). */
    private static long[] count(Path path, long from, long to) throws IOException {
        long quotes = 0;
        long lines = 0;
        byte[] bytes = new byte[BUFFER];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long position = from;
            while (position < to) {
                buffer.clear().limit((int) Math.min(BUFFER, to - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                long[] c = Bytes.count(bytes, 0, n);
                quotes += c[0];
                lines += c[1];
                position += n;
            }
        }
        return new long[] {quotes, lines};
    }

    /**
     * The first record boundary at or after {@code from}: the offset just past a line end outside quotes, and the
     * number of line ends between {@code from} and it. Null if there is none (an unterminated quote).
     */
    private static long[] firstBoundary(FileChannel channel, long from, long size, boolean inQuotes)
            throws IOException {
        byte[] bytes = new byte[64 * 1024];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = from;
        long lines = 0;
        boolean quoted = inQuotes;
        while (position < size) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = bytes[i];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n') {
                    lines++;
                    if (!quoted) {
                        return new long[] {position + i + 1, lines};
                    }
                }
            }
            position += n;
        }
        return null;
    }
}
