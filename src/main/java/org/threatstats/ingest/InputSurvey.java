package org.threatstats.ingest;

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

/**
 * One pass over an input file: the SHA-256 that identifies the run, and the record boundaries where the file can
 * be cut into partitions.
 *
 * <p>A record boundary is a line end outside quotes. In RFC 4180 a position is inside quotes exactly when an odd
 * number of quote characters precede it (a doubled quote counts twice), so counting quotes and line ends per
 * chunk, then adding the counts up, tells where each chunk's first boundary is and which physical line it starts,
 * without parsing anything.
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
        long span = (size - bodyStart) / parts;
        long[] chunkStart = new long[parts + 1];
        for (int i = 0; i < parts; i++) {
            chunkStart[i] = bodyStart + i * span;
        }
        chunkStart[parts] = size;
        long[][] counts = new long[parts][2];
        String sha256 = read(path, chunkStart, counts);
        List<InputFile.Slice> slices = new ArrayList<>();
        long quotesBefore = 0;
        long linesBefore = 0;
        long sliceStart = bodyStart;
        long sliceLine = bodyLine;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            for (int i = 1; i < parts; i++) {
                quotesBefore += counts[i - 1][0];
                linesBefore += counts[i - 1][1];
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
        }
        long totalLines = 0;
        for (long[] c : counts) {
            totalLines += c[1];
        }
        slices.add(new InputFile.Slice(sliceStart, size, sliceLine, bodyLine + totalLines - sliceLine));
        return new InputFile(dataset, path, true, size, modified, sha256, List.copyOf(slices));
    }

    public static String sha256(Path path) throws IOException {
        return read(path, new long[] {0, 0}, new long[1][2]);
    }

    /**
     * Reads the file once, on one thread: its SHA-256 (returned), and the quote characters and line ends of each
     * chunk {@code [chunkStart[i], chunkStart[i + 1])} (into {@code counts[i]}). One thread is enough: hashing is
     * sequential anyway, counting the same bytes while they are in the cache costs a third more, and the other
     * cores are busy starting the job repository meanwhile.
     */
    private static String read(Path path, long[] chunkStart, long[][] counts) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = new byte[BUFFER];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int chunk = 0;
        long position = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer.clear())) >= 0) {
                digest.update(bytes, 0, n);
                long end = position + n;
                while (chunk < counts.length && chunkStart[chunk] < end) {
                    int from = (int) Math.max(0, chunkStart[chunk] - position);
                    int to = (int) (Math.min(end, chunkStart[chunk + 1]) - position);
                    if (to > from) {
                        long[] c = Bytes.count(bytes, from, to);
                        counts[chunk][0] += c[0];
                        counts[chunk][1] += c[1];
                    }
                    if (chunkStart[chunk + 1] > end) {
                        break; // the chunk goes on in the next buffer
                    }
                    chunk++;
                }
                position = end;
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IOException("interrupted while reading " + path);
        }
        return HexFormat.of().formatHex(digest.digest());
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
