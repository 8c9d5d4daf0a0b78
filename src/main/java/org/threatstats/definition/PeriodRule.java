package org.threatstats.definition;

import java.time.Month;

/**
 * Reports cover years ending in a given month (this job: March).
 *
 * @param yearsShown  periods shown in breakdown tables, ending with the report period (1 to 50)
 * @param seriesYears periods shown in the long series table and chart (1 to 100)
 */
public record PeriodRule(Month yearEnding, int yearsShown, int seriesYears) {
}
