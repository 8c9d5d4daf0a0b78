package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The report's words for periods and counts are the JDK's own British English ones, whatever the machine's. */
class WordingTest {
    @Test
    void monthsAreNamedAsInBritishEnglish() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY); // a machine in another language writes the same report
        try {
            for (Month m : Month.values()) {
                YearMonth end = YearMonth.of(2025, m);
                String name = m.getDisplayName(TextStyle.FULL, Locale.UK);
                assertThat(Wording.month(end)).isEqualTo(name);
                assertThat(Wording.period(end)).isEqualTo("year ending " + end.atEndOfMonth().getDayOfMonth() + " "
                        + name + " 2025");
            }
            assertThat(Wording.count(10_000_000)).isEqualTo("10,000,000");
        } finally {
            Locale.setDefault(before);
        }
    }
}
