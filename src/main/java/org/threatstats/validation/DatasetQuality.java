package org.threatstats.validation;

import java.util.Map;

/**
 * Data-quality facts about one input, for the reports' data-quality section and the run history.
 *
 * @param reasons rejected problems counted by "column: rule" (e.g. "age: type"), in order of first appearance
 * @param outside accepted rows that belong to no period of this report (count rows for a year ending in another month)
 */
public record DatasetQuality(String dataset, String file, boolean present, String sha256, long size, long records,
        long accepted, long rejectedRecords, long problems, long maxRejects, long blankLines, long trimmed,
        long firstTrimmedLine, String firstTrimmedColumn, long outside, int maxMonth, Map<String, Long> reasons) {
}
