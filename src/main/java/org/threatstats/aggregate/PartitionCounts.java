package org.threatstats.aggregate;

import java.util.Base64;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.threatstats.validation.BlockResult;

/**
 * The counts a partition keeps in its execution context: records read, accepted and rejected, blank lines,
 * trimmed values, the latest month seen and the committed length of its rejects spool.
 */
public record PartitionCounts(long records, long accepted, long rejectedRecords, long fatalRejects, long blankLines,
        long trimmed, long firstTrimmedLine, String firstTrimmedColumn, int maxMonth, long outside,
        long spoolLength, long rejects) {

    public static final String CUBE = "aggregate.cube";
    static final String TOTALS = "aggregate.totals";
    private static final String PREFIX = "counts.";

    /** Reads the counts a partition saved (none yet: all zero). */
    public static PartitionCounts read(ExecutionContext c) {
        return new PartitionCounts(c.getLong(PREFIX + "records", 0), c.getLong(PREFIX + "accepted", 0),
                c.getLong(PREFIX + "rejectedRecords", 0), c.getLong(PREFIX + "fatalRejects", 0),
                c.getLong(PREFIX + "blankLines", 0), c.getLong(PREFIX + "trimmed", 0),
                c.getLong(PREFIX + "firstTrimmedLine", 0), c.getString(PREFIX + "firstTrimmedColumn", ""),
                c.getInt(PREFIX + "maxMonth", -1), c.getLong(PREFIX + "outside", 0),
                c.getLong(PREFIX + "spoolLength", 0), c.getLong(PREFIX + "rejects", 0));
    }


    void saveTo(ExecutionContext c) {
        c.putLong(PREFIX + "records", records);
        c.putLong(PREFIX + "accepted", accepted);
        c.putLong(PREFIX + "rejectedRecords", rejectedRecords);
        c.putLong(PREFIX + "fatalRejects", fatalRejects);
        c.putLong(PREFIX + "blankLines", blankLines);
        c.putLong(PREFIX + "trimmed", trimmed);
        c.putLong(PREFIX + "firstTrimmedLine", firstTrimmedLine);
        c.putString(PREFIX + "firstTrimmedColumn", firstTrimmedColumn == null ? "" : firstTrimmedColumn);
        c.putInt(PREFIX + "maxMonth", maxMonth);
        c.putLong(PREFIX + "outside", outside);
        c.putLong(PREFIX + "spoolLength", spoolLength);
        c.putLong(PREFIX + "rejects", rejects);
    }

    PartitionCounts plus(BlockResult b, int outsideInBlock, int fatalInBlock) {
        boolean firstTrim = trimmed == 0 && b.trimmed() > 0;
        return new PartitionCounts(records + b.records(), accepted + b.accepted(),
                rejectedRecords + b.rejectedRecords(), fatalRejects + fatalInBlock, blankLines + b.blankLines(),
                trimmed + b.trimmed(), firstTrim ? b.firstTrimmedLine() : firstTrimmedLine,
                firstTrim ? b.firstTrimmedColumn() : firstTrimmedColumn, Math.max(maxMonth, b.maxMonth()),
                outside + outsideInBlock, spoolLength, rejects);
    }

    PartitionCounts withSpool(long length, long count) {
        return new PartitionCounts(records, accepted, rejectedRecords, fatalRejects, blankLines, trimmed,
                firstTrimmedLine, firstTrimmedColumn, maxMonth, outside, length, count);
    }

    /** Adds another partition's counts (the spool fields are left as they are: each partition has its own). */
    public PartitionCounts merge(PartitionCounts o) {
        boolean useOther = firstTrimmedLine == 0 || (o.firstTrimmedLine > 0 && o.firstTrimmedLine < firstTrimmedLine);
        return new PartitionCounts(records + o.records, accepted + o.accepted, rejectedRecords + o.rejectedRecords,
                fatalRejects + o.fatalRejects, blankLines + o.blankLines, trimmed + o.trimmed,
                useOther ? o.firstTrimmedLine : firstTrimmedLine,
                useOther ? o.firstTrimmedColumn : firstTrimmedColumn, Math.max(maxMonth, o.maxMonth),
                outside + o.outside, spoolLength, rejects + o.rejects);
    }

    public static PartitionCounts empty() {
        return new PartitionCounts(0, 0, 0, 0, 0, 0, 0, "", -1, 0, 0, 0);
    }

    static void encodeTotals(ExecutionContext c, long[] rows, long[] lines) {
        if (rows.length == 0) {
            return;
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(rows.length * 16);
        for (int i = 0; i < rows.length; i++) {
            buf.putLong(rows[i]).putLong(lines[i]);
        }
        c.putString(TOTALS, Base64.getEncoder().encodeToString(buf.array()));
    }

    /** [rows, lines] of the stated-total rows a partition saw. */
    public static long[][] decodeTotals(ExecutionContext c) {
        if (!c.containsKey(TOTALS)) {
            return new long[][] {new long[0], new long[0]};
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(c.getString(TOTALS)));
        int n = buf.remaining() / 16;
        long[] rows = new long[n];
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            rows[i] = buf.getLong();
            lines[i] = buf.getLong();
        }
        return new long[][] {rows, lines};
    }
}
