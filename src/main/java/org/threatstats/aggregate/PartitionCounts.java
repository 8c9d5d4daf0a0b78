package org.threatstats.aggregate;

import org.threatstats.validation.BlockResult;

/**
 * What a partition counted besides its cube: records read, accepted and rejected, blank lines, trimmed values,
 * the latest month seen, and accepted rows outside every period of the report.
 */
public record PartitionCounts(long records, long accepted, long rejectedRecords, long fatalRejects, long blankLines,
        long trimmed, long firstTrimmedLine, String firstTrimmedColumn, int maxMonth, long outside) {

    public static PartitionCounts empty() {
        return new PartitionCounts(0, 0, 0, 0, 0, 0, 0, "", -1, 0);
    }

    PartitionCounts plus(BlockResult b, int outsideInBlock, int fatalInBlock) {
        boolean firstTrim = trimmed == 0 && b.trimmed() > 0;
        return new PartitionCounts(records + b.records(), accepted + b.accepted(),
                rejectedRecords + b.rejectedRecords(), fatalRejects + fatalInBlock, blankLines + b.blankLines(),
                trimmed + b.trimmed(), firstTrim ? b.firstTrimmedLine() : firstTrimmedLine,
                firstTrim ? b.firstTrimmedColumn() : firstTrimmedColumn, Math.max(maxMonth, b.maxMonth()),
                outside + outsideInBlock);
    }

    /** Adds another partition's counts; the first trimmed value is the one on the earlier line. */
    public PartitionCounts merge(PartitionCounts o) {
        boolean useOther = firstTrimmedLine == 0 || (o.firstTrimmedLine > 0 && o.firstTrimmedLine < firstTrimmedLine);
        return new PartitionCounts(records + o.records, accepted + o.accepted, rejectedRecords + o.rejectedRecords,
                fatalRejects + o.fatalRejects, blankLines + o.blankLines, trimmed + o.trimmed,
                useOther ? o.firstTrimmedLine : firstTrimmedLine,
                useOther ? o.firstTrimmedColumn : firstTrimmedColumn, Math.max(maxMonth, o.maxMonth),
                outside + o.outside);
    }
}
