package org.threatstats.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.threatstats.ingest.BlockPool;
import org.threatstats.ingest.CsvCursor;
import org.threatstats.ingest.RecordBlock;
import org.threatstats.keys.KeyForms;

/**
 * The "validate" stage of the ingest step: turns a block of raw records into accepted entries and rejects.
 * Structural problems (a wrong number of fields, bytes that are not UTF-8, a broken quote) are fatal: when the
 * file's structure is broken no value in it can be trusted, so they reject the run whatever max-rejects says.
 */
public final class BlockValidator {
    private final DatasetSchema schema;
    private final String file;
    private final BlockPool pool;
    private final KeyForms[] forms;

    /**
     * A validator for one partition: it hands each block's bytes back to the partition's pool once they are read,
     * and keeps the unique keys as tokens of the partition's {@code forms} (one per key, recording new forms).
     */
    public BlockValidator(DatasetSchema schema, String file, BlockPool pool, KeyForms[] forms) {
        if (forms.length != schema.uniqueKeys().length) {
            throw new IllegalArgumentException("one KeyForms per unique key");
        }
        this.schema = schema;
        this.file = file;
        this.pool = pool;
        this.forms = forms;
    }

    private long[] grow(long[] array, int size) {
        long[] bigger = Arrays.copyOf(array, size);
        pool.release(array);
        return bigger;
    }

    public BlockResult process(RecordBlock block) {
        CsvCursor cursor = new CsvCursor(schema.columnCount());
        RecordChecker checker = new RecordChecker(schema, file);
        cursor.reset(block.bytes(), 0, block.length(), block.firstLine());
        int capacity = Math.max(16, block.length() / 48);
        long[] entries = pool.longs(capacity);
        long[] weights = schema.countColumn() >= 0 ? pool.longs(capacity) : null;
        int keyCount = schema.uniqueKeys().length;
        long[][] keys = new long[keyCount][];
        for (int k = 0; k < keyCount; k++) {
            keys[k] = pool.longs(capacity);
        }
        int[] keyCounts = new int[keyCount];
        List<Reject> rejects = new ArrayList<>();
        long[] totalRows = new long[0];
        long[] totalLines = new long[0];
        int nTotals = 0;
        int records = 0;
        int accepted = 0;
        int rejected = 0;
        int blank = 0;
        int trimmed = 0;
        long firstTrimmedLine = 0;
        String firstTrimmedColumn = null;
        int maxMonth = -1;
        int expected = schema.columnCount();
        while (cursor.next()) {
            if (cursor.blank()) {
                blank++;
                continue;
            }
            records++;
            if (cursor.problem() != null) {
                int f = cursor.problemField();
                String column = f >= 0 && f < expected ? schema.column(f).name() : "";
                String value = f >= 0 && f < cursor.fieldCount() ? cursor.text(f) : "";
                rejects.add(new Reject(file, cursor.recordLine(), column, value, "structure", cursor.problem(),
                        true));
                rejected++;
                continue;
            }
            if (cursor.fieldCount() != expected) {
                rejects.add(new Reject(file, cursor.recordLine(), "", "", "structure", "the record has "
                        + cursor.fieldCount() + (cursor.fieldCount() == 1 ? " field" : " fields")
                        + " but the header has " + expected
                        + (cursor.fieldCount() > expected ? " (is a value with a comma not in quotes?)" : ""),
                        true));
                rejected++;
                continue;
            }
            if (records > entries.length) {
                int n = entries.length * 2;
                entries = grow(entries, n);
                if (weights != null) {
                    weights = grow(weights, n);
                }
                for (int k = 0; k < keyCount; k++) {
                    keys[k] = grow(keys[k], n);
                }
            }
            for (int k = 0; k < keyCount; k++) {
                long token = checker.keyToken(cursor, k, forms[k]);
                if (token != 0) {
                    keys[k][keyCounts[k]++] = token;
                }
            }
            boolean ok = checker.check(cursor);
            if (checker.trimmed() > 0) {
                if (trimmed == 0) {
                    firstTrimmedLine = cursor.recordLine();
                    firstTrimmedColumn = checker.trimmedColumn();
                }
                trimmed += checker.trimmed();
            }
            if (!ok) {
                rejected++;
                rejects.addAll(checker.errors());
                continue;
            }
            long entry = ((long) checker.period() << 32) | checker.cell();
            if (schema.totalDimension() >= 0
                    && schema.valueOf(checker.cell(), schema.totalDimension()) == schema.totalValue()) {
                if (nTotals == totalRows.length) {
                    totalRows = Arrays.copyOf(totalRows, Math.max(8, nTotals * 2));
                    totalLines = Arrays.copyOf(totalLines, Math.max(8, nTotals * 2));
                }
                totalRows[nTotals] = entry;
                totalLines[nTotals++] = cursor.recordLine();
            }
            if (weights != null) {
                weights[accepted] = checker.weight();
            }
            entries[accepted++] = entry;
            maxMonth = Math.max(maxMonth, checker.month());
        }
        pool.release(block.bytes());
        return new BlockResult(block.length(), records, accepted, rejected, blank, trimmed, firstTrimmedLine,
                firstTrimmedColumn, entries, weights, keys, keyCounts, rejects, maxMonth,
                Arrays.copyOf(totalRows, nTotals), Arrays.copyOf(totalLines, nTotals));
    }
}
