package org.threatstats.definition;

/**
 * A rule across records of a count dataset: in every period (and combination of the other categories) the rows
 * whose {@code column} holds {@code total} must equal the sum of the other rows. Total rows are checked, then left
 * out of the figures (tables compute their own totals).
 */
public record TotalRule(String column, String total) {
}
