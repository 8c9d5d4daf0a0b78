package org.threatstats.definition;

/**
 * Small-cell suppression for cross-tabulated tables: counts from 1 to {@code threshold} are shown as [c], with
 * secondary suppression so that none can be worked out from published totals.
 *
 * @param threshold            0 (no suppression) to 100: the loader refuses anything else
 * @param exemptHeadlineTotals always true for now: totals, series, single breakdowns and headlines are published
 *                             unsuppressed (the loader refuses false)
 */
public record DisclosureRule(int threshold, boolean exemptHeadlineTotals) {
    public static final DisclosureRule NONE = new DisclosureRule(0, true);

    public boolean active() {
        return threshold > 0;
    }
}
