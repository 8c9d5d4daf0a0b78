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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.threatstats.DaemonThreads;

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
        return read(path, new long[] {0}, new long[0][]);
    }

    /**
     * Reads the file once: its SHA-256 (returned), and the quote characters and line ends of each chunk
     * {@code [chunkStart[i], chunkStart[i + 1])} (into {@code counts[i]}). Hashing is sequential, so a file that
     * will be split is counted on a second thread, from the buffers the hash has just read: the hash, the longer of
     * the two, sets the pace, and the file is read once.
     */
    private static String read(Path path, long[] chunkStart, long[][] counts) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Counter counter = new Counter(chunkStart, counts);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                MappedReader in = new MappedReader(channel)) {
            if (counts.length < 2) {
                byte[] bytes = new byte[BUFFER];
                long position = 0;
                int n;
                while ((n = in.read(bytes)) >= 0) {
                    digest.update(bytes, 0, n);
                    counter.count(bytes, n, position);
                    position += n;
                }
            } else {
                readAlongside(in, digest, counter);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A buffer the hash has read: {@code length} bytes from {@code position}; a negative length ends the file. */
    private record Read(byte[] bytes, int length, long position) {
    }

    private static void readAlongside(MappedReader in, MessageDigest digest, Counter counter)
            throws IOException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(4);
        BlockingQueue<Read> read = new ArrayBlockingQueue<>(4);
        for (int i = 0; i < 4; i++) {
            free.add(new byte[BUFFER]);
        }
        ExecutorService helper = Executors.newSingleThreadExecutor(DaemonThreads.named("survey-count"));
        Future<?> counting = helper.submit(() -> {
            for (Read r = read.take(); r.length() >= 0; r = read.take()) {
                counter.count(r.bytes(), r.length(), r.position());
                free.put(r.bytes());
            }
            return null;
        });
        helper.shutdown();
        try {
            long position = 0;
            while (true) {
                byte[] bytes = free.poll(100, TimeUnit.MILLISECONDS);
                if (bytes == null) {
                    if (counting.isDone()) {
                        counting.get(); // it failed: say why
                    }
                    continue;
                }
                int n = in.read(bytes);
                if (n < 0) {
                    read.put(new Read(bytes, -1, position));
                    break;
                }
                digest.update(bytes, 0, n);
                read.put(new Read(bytes, n, position));
                position += n;
            }
            counting.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the file", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot count the file's lines: " + e.getCause(), e.getCause());
        } finally {
            counting.cancel(true);
        }
    }

    /** Adds up quote characters and line ends per chunk, from buffers that arrive in file order. */
    private static final class Counter {
        private final long[] chunkStart;
        private final long[][] counts;
        private int chunk;

        Counter(long[] chunkStart, long[][] counts) {
            this.chunkStart = chunkStart;
            this.counts = counts;
        }

        void count(byte[] bytes, int length, long position) {
            long end = position + length;
            while (chunk < counts.length && chunkStart[chunk] < end) {
                int from = (int) Math.max(0, chunkStart[chunk] - position);
                int to = (int) (Math.min(end, chunkStart[chunk + 1]) - position);
                if (to > from) {
                    long[] c = Bytes.count(bytes, from, to);
                    counts[chunk][0] += c[0];
                    counts[chunk][1] += c[1];
                }
                if (chunkStart[chunk + 1] > end) {
                    return; // the chunk goes on in the next buffer
                }
                chunk++;
            }
        }
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
