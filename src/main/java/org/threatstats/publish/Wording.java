package org.threatstats.publish;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;

/** How periods and changes are written, in the style of Home Office releases. */
public final class Wording {
    /** The months' names in English, whatever the machine's language: the reports are written in English. */
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};

    private Wording() {
    }

    /** "year ending 31 March 2025" */
    static String period(YearMonth end) {
        return "year ending " + end.atEndOfMonth().getDayOfMonth() + " " + month(end) + " " + end.getYear();
    }

    /** "year ending March 2025" */
    public static String periodShort(YearMonth end) {
        return "year ending " + month(end) + " " + end.getYear();
    }

    /** "Year ending March 2025" */
    static String periodLabel(YearMonth end) {
        return "Year ending " + month(end) + " " + end.getYear();
    }

    /** "YE Mar 16", as Home Office charts label a year ending on an axis. */
    public static String axisPeriod(YearMonth end) {
        return "YE " + month(end).substring(0, 3) + " " + String.format(java.util.Locale.ROOT, "%02d",
                end.getYear() % 100);
    }

    /**
     * "March". Looking the name up in the JDK's locale data (Month.getDisplayName) took 15 ms of each run, loading
     * that data, on the main thread as it built the report.
     */
    static String month(YearMonth end) {
        return MONTHS[end.getMonthValue() - 1];
    }

    static String count(long n) {
        return Cell.grouped(n);
    }

    static String oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** "11 more than in the year ending 31 March 2024 (a rise of 5.0%)" */
    static String change(long now, Long before, YearMonth previous) {
        String when = "in the " + period(previous);
        if (before == null) {
            return "no comparable figure is available for the " + period(previous);
        }
        long diff = now - before;
        if (diff == 0) {
            return "the same number as " + when;
        }
        String word = diff > 0 ? "more" : "fewer";
        String clause = count(Math.abs(diff)) + " " + word + " than " + when;
        if (before == 0) {
            return clause;
        }
        double pct = 100.0 * Math.abs(diff) / before;
        return clause + " (a " + (diff > 0 ? "rise" : "fall") + " of " + oneDecimal(pct) + "%)";
    }

    /** "up 0.5 percentage points from 18.0% in the year ending 31 March 2024" */
    static String shareChange(double now, Double before, YearMonth previous) {
        if (before == null) {
            return "no comparable figure is available for the " + period(previous);
        }
        BigDecimal a = BigDecimal.valueOf(now).setScale(1, RoundingMode.HALF_UP);
        BigDecimal b = BigDecimal.valueOf(before).setScale(1, RoundingMode.HALF_UP);
        BigDecimal diff = a.subtract(b);
        String from = b.toPlainString() + "% in the " + period(previous);
        if (diff.signum() == 0) {
            return "unchanged from " + from;
        }
        String points = diff.abs().toPlainString() + (diff.abs().compareTo(BigDecimal.ONE) == 0 ? " percentage point"
                : " percentage points");
        return (diff.signum() > 0 ? "up " : "down ") + points + " from " + from;
    }
}
