package org.threatstats.definition;

import java.util.List;

/**
 * A table of the report, described once; renderers apply the house rules.
 *
 * @param kind    {@code breakdown}: counts, shares and changes by one category over {@code years} periods;
 *                {@code series}: the total for each of {@code years} periods;
 *                {@code cross}: counts and shares by two categories ({@code by} x {@code across}) for each period
 * @param by      the category (column or band) that gives the rows
 * @param across  for cross tables: the category that gives the columns
 * @param measure what is counted, as a reader says it ("Arrests")
 * @param notes   numbers of the notes that apply ([note N] in the title)
 * @param chart   {@code bar}, {@code line}, {@code share} or {@code none}
 * @param years   how many periods the table shows, ending with the report period (1 to 100)
 * @param provisional how many of the latest periods the table shows are provisional ([p]): figures "as at the time
 *                the data were extracted", such as outcomes, which later publications may revise (0 to years)
 */
public record TableDefinition(String id, String title, String dataset, String kind, String by, String across,
        String measure, List<Integer> notes, String chart, int years, int provisional) {

    public boolean isCross() {
        return "cross".equals(kind);
    }

    public boolean isSeries() {
        return "series".equals(kind);
    }
}
