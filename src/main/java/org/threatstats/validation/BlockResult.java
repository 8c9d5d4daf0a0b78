package org.threatstats.validation;

import java.util.List;

/**
 * What validating one block of records produced: the accepted records as (period, cell, weight) entries ready to
 * be added to the partition's cube, their unique keys, the rejects, and counts for the report.
 *
 * @param bytes      the block's size, for progress
 * @param entries    {@code period << 32 | cell} for each accepted record (period -1: outside every report period)
 * @param weights    each accepted record's count (count datasets), or null when every record counts once
 * @param keyTokens  per unique key: the {@link org.threatstats.keys.KeyForms token} of the key of every record
 *                   with a non-empty key
 * @param maxMonth   the latest {@code year * 12 + month - 1} of an accepted record, or -1
 * @param totalRows  for count datasets with a totals rule: {@code period << 32 | cell} and line of each total row
 */
public record BlockResult(int bytes, int records, int accepted, int rejectedRecords, int blankLines, int trimmed,
        long firstTrimmedLine, String firstTrimmedColumn, long[] entries, long[] weights, long[][] keyTokens,
        int[] keyCounts, List<Reject> rejects, int maxMonth, long[] totalRows, long[] totalLines) {
}
