package org.threatstats.validation;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.function.Consumer;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;

/**
 * An append-only file of rejects kept beside the job repository while a step runs. Its committed length is saved
 * in the step's execution context with each chunk, so after a crash the file is cut back to exactly the rejects of
 * committed chunks: a restart neither loses nor repeats one. (A file, not the context itself, because a broken
 * file can have millions of bad records and every one of them must be listed.) A commit with new rejects forces
 * them to disk.
 */
public final class RejectSpool implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final Writer writer;
    private final CsvWriter csv;
    private long count;
    /** The count at the last {@link #commit}: what is on disk for certain. */
    private long durable;

    public RejectSpool(Path path, long committedLength, long committedCount) {
        this.path = path;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            if (channel.size() < committedLength) {
                throw new IllegalStateException(path + " is shorter than its committed length " + committedLength
                        + ": the work folder was changed outside threatstats");
            }
            channel.truncate(committedLength);
            channel.position(committedLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
        writer = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
        csv = CsvWriter.builder().build(writer);
        count = committedCount;
        durable = committedCount;
    }

    /** Whether a spool holds less than its committed length (after a machine's crash). */
    public static boolean shorterThan(Path path, long committedLength) {
        try {
            return committedLength > 0 && (!Files.exists(path) || Files.size(path) < committedLength);
        } catch (IOException e) {
            return true;
        }
    }

    public void add(Reject r) {
        csv.writeRecord(r.file(), Long.toString(r.line()), r.column(), r.value(), r.rule(), r.message(),
                r.fatal() ? "1" : "0");
        count++;
    }

    public long count() {
        return count;
    }

    /** Flushes to disk and returns the length to commit; with no reject since the last commit, nothing to flush. */
    public long commit() {
        try {
            if (count != durable) {
                csv.flush();
                writer.flush();
                channel.force(false);
                durable = count;
            }
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    @Override
    public void close() {
        try (channel) {
            csv.flush();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }

    /** Reads the first {@code length} bytes of a spool (the committed part). */
    public static void read(Path path, long length, Consumer<Reject> sink) {
        try (Cursor rejects = cursor(path, length)) {
            while (rejects.peek() != null) {
                sink.accept(rejects.take());
            }
        }
    }

    /** Reads the committed part of a spool one reject at a time (for merging spools in line order). */
    public static Cursor cursor(Path path, long length) {
        return new Cursor(path, length);
    }

    /** A spool read one reject at a time, with a look at the next one. */
    public static final class Cursor implements AutoCloseable {
        private final FileChannel channel;
        private final CsvReader<CsvRecord> records;
        private final Iterator<CsvRecord> iterator;
        private Reject next;

        Cursor(Path path, long length) {
            try {
                if (path == null || length == 0 || !Files.exists(path)) {
                    channel = null;
                    records = null;
                    iterator = Collections.emptyIterator();
                } else {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                    records = CsvReader.builder().ofCsvRecord(Channels.newReader(new BoundedChannel(channel, length),
                            StandardCharsets.UTF_8));
                    iterator = records.iterator();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
            advance();
        }

        private void advance() {
            if (iterator.hasNext()) {
                CsvRecord r = iterator.next();
                next = new Reject(r.getField(0), Long.parseLong(r.getField(1)), r.getField(2), r.getField(3),
                        r.getField(4), r.getField(5), "1".equals(r.getField(6)));
            } else {
                next = null;
            }
        }

        /** The next reject, without taking it; null at the end. */
        public Reject peek() {
            return next;
        }

        public Reject take() {
            Reject r = next;
            advance();
            return r;
        }

        @Override
        public void close() {
            try {
                if (records != null) {
                    records.close();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A channel view that ends at a given length. */
    private static final class BoundedChannel implements java.nio.channels.ReadableByteChannel {
        private final FileChannel channel;
        private final long length;
        private long position;

        BoundedChannel(FileChannel channel, long length) {
            this.channel = channel;
            this.length = length;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            if (position >= length) {
                return -1;
            }
            int room = (int) Math.min(dst.remaining(), length - position);
            java.nio.ByteBuffer slice = dst.slice();
            slice.limit(room);
            int n = channel.read(slice, position);
            if (n > 0) {
                dst.position(dst.position() + n);
                position += n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the file channel is closed by its owner
        }
    }
}
