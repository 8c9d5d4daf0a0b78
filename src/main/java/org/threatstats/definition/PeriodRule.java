package org.threatstats.definition;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * Reports cover years ending in a given month (this job: March), and are published for the months the job lists
 * (rolling years ending each quarter, as the Home Office publishes: March, June, September and December).
 *
 * @param yearEnding  the month of the job's annual report, and of a run that names no period
 * @param published   the months a report may end in, in calendar order (at least {@code yearEnding})
 * @param yearsShown  periods shown in breakdown tables, ending with the report period (1 to 50)
 * @param seriesYears periods shown in the long series table and chart (1 to 100)
 */
public record PeriodRule(Month yearEnding, List<Month> published, int yearsShown, int seriesYears) {

    public boolean publishedFor(Month month) {
        return published.contains(month);
    }

    /** "March, June, September and December". */
    public String publishedMonths() {
        List<String> names = published.stream().map(m -> m.getDisplayName(TextStyle.FULL, Locale.UK)).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
