package org.threatstats.definition;

import java.util.Map;

/**
 * A headline sentence. Placeholders are filled from the dataset's figures for the report period, restricted to
 * the records matching {@code where} (category = value):
 * {count}, {share} (of the dataset's total), {period}, {previous-period}, {previous-count},
 * {change-on-previous} ("11 more than in the year ending 31 March 2024 (a rise of 5.0%)"),
 * {share-change} ("up 0.5 percentage points from 18.0% in the year ending 31 March 2024"),
 * {median-comparison} ("above the median of the previous five years (255)").
 *
 * <p>Anything else in braces ({Count}, { count }, {}) and a brace on its own are refused when the job is loaded:
 * there is no escape for a brace, so a headline cannot print one.
 *
 * <p>{@code where} may not pick a dataset's stated total ({@code totals:}): those rows are checked, then left out of
 * the figures, so the headline without {@code where} is the total.
 */
public record HeadlineDefinition(String dataset, Map<String, String> where, String text) {
}
