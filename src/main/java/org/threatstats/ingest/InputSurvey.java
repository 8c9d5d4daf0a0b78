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
import java.util.Arrays;
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

    /**
     * How far a block's end may lie past its record start target: the stride between targets is the block size
     * less this, so that blocks (from one start to the next) fit the block size unless a record is longer.
     */
    static final int RECORD_SLACK = 64 << 10;

    private final int partitions;
    private final long stride;

    /** A survey cutting files into {@code partitions} and finding record starts for blocks of {@code blockSize}. */
    public InputSurvey(int partitions, int blockSize) {
        this.partitions = Math.max(1, partitions);
        this.stride = Math.max(RECORD_SLACK, blockSize - RECORD_SLACK);
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
        Counter counter = new Counter(chunkStart, counts, stride, bodyLine);
        String sha256 = read(path, counter);
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
        return new InputFile(dataset, path, true, size, modified, sha256, List.copyOf(slices), counter.starts());
    }

    /**
     * Gets SHA-256 ready: the security providers' start (about 20 ms) and enough small updates for the JIT to
     * compile the hash's loops with the processor's SHA instructions. Run on a thread of its own as a run starts,
     * on a core that is otherwise idle then, it spares the survey, the run's longest sequential task, its slow
     * first hundred megabytes (the compiled hash is 1.3 GB/s, its first 100 MB about 0.8).
     */
    public static void warmUp() {
        try {
            // HSQLDB's start digests its user's password with MD5. The JDK's MD5 is a second subclass of the class
            // that runs SHA-256's updates; the compiled updates assumed SHA-256 the only one, and when MD5's class
            // loaded, mid-survey, HotSpot threw them away, and the hash ran through less optimised code until they
            // were compiled again (10M run: compiled at 0.61 s, discarded at 0.96 s, compiled again at 1.19 s).
            // Loading it first keeps the one compilation valid.
            MessageDigest.getInstance("MD5");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = new byte[4096];
            for (int i = 0; i < 400; i++) {
                digest.update(bytes);
            }
            digest.digest();
        } catch (NoSuchAlgorithmException e) {
            // the survey will say so
        }
    }

    public static String sha256(Path path) throws IOException {
        return read(path, new Counter(new long[] {0}, new long[0][], 0, 0));
    }

    /**
     * Reads the file once: its SHA-256 (returned), and what the counter counts. Hashing is sequential, so a file
     * that will be split is counted on a second thread, from the buffers the hash has just read: the hash, the
     * longer of the two, sets the pace, and the file is read once.
     */
    private static String read(Path path, Counter counter) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                MappedReader in = new MappedReader(channel)) {
            if (!counter.split()) {
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

    /**
     * Adds up quote characters and line ends per chunk {@code [chunkStart[i], chunkStart[i + 1])} (into
     * {@code counts[i]}), from buffers that arrive in file order, and finds a record start at or after every
     * {@code stride} bytes of the body: at each such target it knows how many quotes came before (an odd number:
     * the target is inside a quoted value), and walks on to the first line end outside quotes.
     */
    private static final class Counter {
        private final long[] chunkStart;
        private final long[][] counts;
        private final long stride;
        private final long bodyLine;
        private int chunk;
        /** Counted up to here, from the body's start: quotes and line ends. */
        private long done;
        private long quotes;
        private long lines;
        private long nextTarget;
        /** A walk to the first record start after a target: where it has got to, in quotes or not, line ends. */
        private boolean walking;
        private long walkedTo;
        private boolean quoted;
        private long walkedLines;
        private long[] startOffsets = new long[16];
        private long[] startLines = new long[16];
        private int startCount;

        Counter(long[] chunkStart, long[][] counts, long stride, long bodyLine) {
            this.chunkStart = chunkStart;
            this.counts = counts;
            this.stride = stride;
            this.bodyLine = bodyLine;
            done = chunkStart[0];
            nextTarget = stride > 0 ? chunkStart[0] + stride : Long.MAX_VALUE;
        }

        /** Whether the file will be split (and is worth counting on a thread of its own). */
        boolean split() {
            return counts.length > 1;
        }

        void count(byte[] bytes, int length, long position) {
            long end = position + length;
            if (walking) {
                walk(bytes, position, end);
            }
            while (chunk < counts.length && done < end) {
                long from = Math.max(done, position);
                long to = Math.min(end, chunkStart[chunk + 1]);
                if (nextTarget > from && nextTarget < to) {
                    to = nextTarget;
                }
                if (to > from) {
                    long[] c = Bytes.count(bytes, (int) (from - position), (int) (to - position));
                    counts[chunk][0] += c[0];
                    counts[chunk][1] += c[1];
                    quotes += c[0];
                    lines += c[1];
                }
                done = to;
                if (done == nextTarget) {
                    if (!walking) {
                        // a record too long to have ended since the last target has no start of its own to add
                        walking = true;
                        walkedTo = done;
                        quoted = (quotes & 1) == 1;
                        walkedLines = lines;
                        walk(bytes, position, end);
                    }
                    nextTarget += stride;
                }
                if (done == chunkStart[chunk + 1]) {
                    chunk++;
                }
            }
        }

        /** Walks from {@link #walkedTo} towards {@code end} to the first line end outside quotes. */
        private void walk(byte[] bytes, long position, long end) {
            long size = chunkStart[counts.length];
            for (long p = walkedTo; p < end; p++) {
                byte b = bytes[(int) (p - position)];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n') {
                    walkedLines++;
                    if (!quoted) {
                        walking = false;
                        // the walk from a target can end where the one from the target before did
                        if (p + 1 < size && (startCount == 0 || startOffsets[startCount - 1] < p + 1)) {
                            add(p + 1, bodyLine + walkedLines);
                        }
                        return;
                    }
                }
            }
            walkedTo = end;
        }

        private void add(long offset, long line) {
            if (startCount == startOffsets.length) {
                startOffsets = Arrays.copyOf(startOffsets, startCount * 2);
                startLines = Arrays.copyOf(startLines, startCount * 2);
            }
            startOffsets[startCount] = offset;
            startLines[startCount++] = line;
        }

        InputFile.RecordStarts starts() {
            return new InputFile.RecordStarts(Arrays.copyOf(startOffsets, startCount),
                    Arrays.copyOf(startLines, startCount));
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
