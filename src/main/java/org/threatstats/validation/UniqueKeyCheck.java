package org.threatstats.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.threatstats.ingest.BlockPool;
import org.threatstats.ingest.BlockReader;
import org.threatstats.ingest.CsvCursor;
import org.threatstats.ingest.InputFile;
import org.threatstats.ingest.RecordBlock;
import org.threatstats.keys.LongSet;

/**
 * Uniqueness of keys across a whole file in bounded memory. The ingest partitions spool a token of every key they
 * read; a value seen twice ({@link org.threatstats.keys.RepeatedKeys}) makes its hash a candidate, and one more
 * pass over the file compares the candidates' actual values, so a hash collision can never reject a good record.
 * The first occurrence of a key is kept; every later one is rejected, naming the line of the first.
 *
 * <p>The check holds, per candidate hash, only where its first occurrence is (line and byte offset), and reads
 * that record's key again when a repeat needs comparing: a file appended to itself costs time, not memory. Its
 * rejects go straight to a spool, in line order.
 */
public final class UniqueKeyCheck {
    private final DatasetSchema schema;
    private final InputFile input;

    public UniqueKeyCheck(DatasetSchema schema, InputFile input) {
        this.schema = schema;
        this.input = input;
    }

    /**
     * @param newlyRejectedRecords records rejected only for repeating a key
     * @param newlyRejectedOutside of those, the ones that belonged to no period of the report
     */
    public record Result(long rejects, long newlyRejectedRecords, long newlyRejectedOutside) {
    }

    /** Told of each repeat that the ingest counted (it was otherwise valid): the figures must lose it again. */
    public interface Counted {
        void remove(int period, int cell, long weight);
    }

    /**
     * Compares the actual keys of every candidate hash, in one pass over the file, spooling the repeats and telling
     * {@code figures} of those the figures hold.
     */
    public Result verify(List<LongSet> candidates, RejectSpool spool, Counted figures) {
        int keyCount = schema.uniqueKeys().length;
        long[] counts = new long[3];
        if (candidates.stream().allMatch(c -> c.size() == 0)) {
            return new Result(0, 0, 0);
        }
        RecordChecker checker = new RecordChecker(schema, input.fileName());
        FirstSeen[] first = new FirstSeen[keyCount];
        List<Map<String, Long>> collided = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            first[k] = new FirstSeen(candidates.get(k).size());
            collided.add(new HashMap<>());
        }
        try (FileChannel channel = FileChannel.open(input.path(), StandardOpenOption.READ)) {
            each((cursor, offset) -> {
                boolean counted = false;
                for (int k = 0; k < keyCount; k++) {
                    long h = checker.keyHash(cursor, k);
                    if (h == 0 || !candidates.get(k).contains(h)) {
                        continue;
                    }
                    int at = first[k].find(h);
                    if (at < 0) {
                        first[k].put(h, cursor.recordLine(), offset);
                        continue;
                    }
                    String key = checker.keyText(cursor, k);
                    Long seen;
                    if (key.equals(keyAt(channel, first[k].offset(at), k, checker))) {
                        seen = first[k].line(at);
                    } else {
                        // a different key with the same hash: rare, so these few are kept by value
                        seen = collided.get(k).putIfAbsent(key, cursor.recordLine());
                        if (seen == null) {
                            continue;
                        }
                    }
                    int[] columns = schema.uniqueKeys()[k];
                    String column = schema.uniqueKeyNames().get(k);
                    String shown = RecordChecker.shortened(RecordChecker.display(key));
                    spool.add(new Reject(input.fileName(), cursor.recordLine(), column, shown, "unique",
                            (columns.length == 1 ? column : "the key " + column) + " '" + shown
                                    + "' already appears on line " + seen, false));
                    counts[0]++;
                    if (!counted) {
                        counted = true;
                        // a repeat that was otherwise valid was counted by the ingest step: take it out again
                        if (checker.check(cursor)) {
                            counts[1]++;
                            if (checker.period() >= 0) {
                                figures.remove(checker.period(), checker.cell(), checker.weight());
                            } else {
                                counts[2]++;
                            }
                        }
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input.path(), e);
        }
        return new Result(counts[0], counts[1], counts[2]);
    }

    /** The key of the record that starts at {@code offset}. */
    private String keyAt(FileChannel channel, long offset, int k, RecordChecker checker) {
        try {
            int size = 64 * 1024;
            while (true) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, input.size() - offset));
                channel.read(buffer, offset);
                CsvCursor cursor = new CsvCursor(schema.columnCount());
                boolean whole = offset + buffer.limit() >= input.size();
                cursor.reset(buffer.array(), 0, buffer.position(), 0);
                if (cursor.next() && (whole || cursor.position() < buffer.position())) {
                    return checker.keyText(cursor, k);
                }
                size *= 4;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input.path(), e);
        }
    }

    private interface RecordVisitor {
        void visit(CsvCursor cursor, long offset);
    }

    /** Every well-formed record of the file, in file order, with its byte offset. */
    private void each(RecordVisitor visitor) {
        CsvCursor cursor = new CsvCursor(schema.columnCount());
        BlockPool pool = new BlockPool(1 << 20);
        for (InputFile.Slice slice : input.slices()) {
            try (BlockReader reader = new BlockReader(input, slice, 0, pool)) {
                RecordBlock block;
                while ((block = reader.read()) != null) {
                    cursor.reset(block.bytes(), 0, block.length(), block.firstLine());
                    while (cursor.next()) {
                        if (!cursor.blank() && cursor.problem() == null
                                && cursor.fieldCount() == schema.columnCount()) {
                            visitor.visit(cursor, block.offset() + cursor.recordStart());
                        }
                    }
                    pool.release(block.bytes());
                }
            }
        }
    }

    /** Hash to (line, byte offset) of its first occurrence: open addressing over primitive arrays. */
    private static final class FirstSeen {
        private final long[] hashes;
        private final long[] lines;
        private final long[] offsets;

        FirstSeen(int expected) {
            int capacity = Math.max(16, (int) (expected / 0.7) + 1);
            hashes = new long[capacity];
            lines = new long[capacity];
            offsets = new long[capacity];
        }

        int find(long hash) {
            int i = slot(hash);
            while (hashes[i] != 0) {
                if (hashes[i] == hash) {
                    return i;
                }
                i = i + 1 == hashes.length ? 0 : i + 1;
            }
            return -1;
        }

        void put(long hash, long line, long offset) {
            int i = slot(hash);
            while (hashes[i] != 0) {
                i = i + 1 == hashes.length ? 0 : i + 1;
            }
            hashes[i] = hash;
            lines[i] = line;
            offsets[i] = offset;
        }

        long line(int i) {
            return lines[i];
        }

        long offset(int i) {
            return offsets[i];
        }

        private int slot(long hash) {
            return (int) (((hash >>> 32) * hashes.length) >>> 32);
        }
    }
}
