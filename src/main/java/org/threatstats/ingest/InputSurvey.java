package org.threatstats.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.threatstats.io.Hashes;

/**
 * One pass over an input file: the SHA-256 that identifies the run, and where the file can be cut into blocks and
 * slices of whole records, with a {@link BlockHash} of every block.
 *
 * <p>A record boundary is a line end outside quotes. In RFC 4180 a position is inside quotes exactly when an odd
 * number of quote characters precede it (a doubled quote counts twice), so counting quotes as the bytes go past
 * tells, at any offset, whether a record is open; from every {@code stride} bytes the first line end outside
 * quotes starts a new block. Slices are runs of blocks of about {@value #SLICE_BYTES} bytes. Both depend only on
 * the file's bytes, never on the machine, so a restart reads exactly the slices the first attempt read.
 *
 * <p>The SHA-256 is sequential; the counting and the block hashes run beside it on a second thread, over the
 * buffers the hash has just read, so the file is read once and the hash sets the pace.
 */
public final class InputSurvey {
    private static final int BUFFER = 1 << 20;
    /** About how much of a file one partition of the ingest reads. */
    static final long SLICE_BYTES = 32L << 20;
    /**
     * How far a block's end may lie past its target: blocks start about every block size less this, so that a
     * block fits the block size unless a record is longer.
     */
    static final int RECORD_SLACK = 64 << 10;

    private final long stride;
    private final long sliceBytes;

    /** A survey finding blocks of about {@code blockSize} bytes. */
    public InputSurvey(int blockSize) {
        this(blockSize, SLICE_BYTES);
    }

    InputSurvey(int blockSize, long sliceBytes) {
        this.stride = Math.max(RECORD_SLACK, blockSize - RECORD_SLACK);
        this.sliceBytes = sliceBytes;
    }

    public InputFile survey(String dataset, Path path, CsvHeader header) throws IOException {
        long size = Files.size(path);
        long modified = Files.getLastModifiedTime(path).toMillis();
        Counter counter = new Counter(header.bodyStart(), header.bodyFirstLine(), size, stride);
        String sha256 = read(path, counter);
        return new InputFile(dataset, path, true, size, modified, sha256, counter.slices(sliceBytes));
    }

    /** A buffer the hash has read: {@code length} bytes from {@code position}; a negative length ends the file. */
    private record Read(byte[] bytes, int length, long position) {
    }

    /** Reads the file once: its SHA-256 (returned), while the counter looks at the same buffers on a thread of its own. */
    private static String read(Path path, Counter counter) throws IOException {
        MessageDigest digest = Hashes.sha256();
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(4);
        BlockingQueue<Read> read = new ArrayBlockingQueue<>(4);
        for (int i = 0; i < 4; i++) {
            free.add(new byte[BUFFER]);
        }
        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "survey-count");
            t.setDaemon(true);
            return t;
        });
        Future<?> counting = helper.submit(() -> {
            for (Read r = read.take(); r.length() >= 0; r = read.take()) {
                counter.count(r.bytes(), r.length(), r.position());
                free.put(r.bytes());
            }
            return null;
        });
        helper.shutdown();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long position = 0;
            while (true) {
                byte[] bytes = free.poll(100, TimeUnit.MILLISECONDS);
                if (bytes == null) {
                    if (counting.isDone()) {
                        counting.get(); // it failed: say why
                    }
                    continue;
                }
                int n = fill(channel, bytes, position);
                if (n <= 0) {
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
            throw new IOException("cannot count the file's records: " + e.getCause(), e.getCause());
        } finally {
            counting.cancel(true);
        }
        return Hashes.hex(digest.digest());
    }

    /** Reads up to a whole buffer from {@code position}: fewer bytes only at the end of the file. */
    private static int fill(FileChannel channel, byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.position();
    }

    /**
     * Counts quotes and line ends from the body's start on, from buffers that arrive in file order; starts a block
     * at the first line end outside quotes at or after every {@code stride} bytes; and hashes each block.
     */
    static final class Counter {
        private final long bodyStart;
        private final long bodyLine;
        private final long size;
        private final long stride;
        /** Looked at up to here (from the body's start). */
        private long done;
        private boolean quoted;
        private long lines;
        private long nextTarget;
        /** Walking from a target to the first record end after it. */
        private boolean walking;
        private long[] starts = new long[16];
        private long[] startLines = new long[16];
        private long[] hashes = new long[16];
        private int count;
        private BlockHash hash = new BlockHash();

        Counter(long bodyStart, long bodyLine, long size, long stride) {
            this.bodyStart = bodyStart;
            this.bodyLine = bodyLine;
            this.size = size;
            this.stride = stride;
            done = bodyStart;
            nextTarget = bodyStart + stride;
            if (bodyStart < size) {
                add(bodyStart, bodyLine);
            }
        }

        void count(byte[] bytes, int length, long position) {
            long end = position + length;
            if (done >= end) {
                return; // the header's bytes
            }
            int hashFrom = (int) (Math.max(done, position) - position);
            while (done < end) {
                if (walking) {
                    walk(bytes, position, end);
                    if (!walking && done < size) {
                        // a new block starts here: the old one's hash is complete
                        int at = (int) (done - position);
                        hash.add(bytes, hashFrom, at);
                        hashFrom = at;
                        hashes[count - 2] = hash.value();
                        hash = new BlockHash();
                    }
                    continue;
                }
                long to = Math.min(end, nextTarget);
                long[] c = Bytes.count(bytes, (int) (done - position), (int) (to - position));
                quoted ^= (c[0] & 1) == 1;
                lines += c[1];
                done = to;
                if (done == nextTarget) {
                    walking = true;
                    nextTarget += stride;
                }
            }
            hash.add(bytes, hashFrom, length);
        }

        /** From {@link #done} towards {@code end}: the first line end outside quotes starts a block. */
        private void walk(byte[] bytes, long position, long end) {
            for (long p = done; p < end; p++) {
                byte b = bytes[(int) (p - position)];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n') {
                    lines++;
                    if (!quoted) {
                        walking = false;
                        done = p + 1;
                        // a record longer than the stride: the targets it covered start no block of their own
                        while (nextTarget <= done) {
                            nextTarget += stride;
                        }
                        if (done < size) {
                            add(done, bodyLine + lines);
                        }
                        return;
                    }
                }
            }
            done = end;
        }

        private void add(long offset, long line) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                startLines = Arrays.copyOf(startLines, count * 2);
                hashes = Arrays.copyOf(hashes, count * 2);
            }
            starts[count] = offset;
            startLines[count++] = line;
        }

        /** The blocks, grouped into slices of about {@code sliceBytes} each; one empty slice for an empty body. */
        List<InputFile.Slice> slices(long sliceBytes) {
            if (count > 0) {
                hashes[count - 1] = hash.value();
            }
            long endLine = bodyLine + lines;
            List<InputFile.Slice> slices = new ArrayList<>();
            if (count == 0) {
                slices.add(new InputFile.Slice(bodyStart, Math.max(bodyStart, size), bodyLine, 0, new long[0],
                        new long[0], new long[0]));
                return slices;
            }
            int first = 0;
            for (int i = 1; i <= count; i++) {
                boolean last = i == count;
                if (last || starts[i] - starts[first] >= sliceBytes) {
                    long end = last ? size : starts[i];
                    long sliceEndLine = last ? endLine : startLines[i];
                    slices.add(new InputFile.Slice(starts[first], end, startLines[first],
                            sliceEndLine - startLines[first], Arrays.copyOfRange(starts, first, i),
                            Arrays.copyOfRange(startLines, first, i), Arrays.copyOfRange(hashes, first, i)));
                    first = i;
                }
            }
            return slices;
        }
    }
}
