package org.threatstats.publish;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One cell of a report table, format-neutral: a label, a number with its display format, or shorthand ([c], [x],
 * [z]). Counts are whole; percentages are stored rounded to one decimal place, as the Analysis Function asks, and
 * {@link #display()} formats them as the workbook's number format does, so the PDF and the workbook show the same
 * text.
 *
 * @param format  {@code label}, {@code count} (#,##0), {@code percent} (0.0) or {@code change} (#,##0)
 * @param revised     the figure differs from what the last publication that showed it published ([r])
 * @param provisional the figure is for a period the job declares provisional, so may be revised ([p])
 */
public record Cell(String text, Double value, String format, String shorthand, boolean revised,
        boolean provisional) {

    public static final String LABEL = "label";
    public static final String COUNT = "count";
    public static final String PERCENT = "percent";

    public static Cell label(String text) {
        return new Cell(text, null, LABEL, null, false, false);
    }

    public static Cell count(long value) {
        return new Cell(null, (double) value, COUNT, null, false, false);
    }

    /** A share or change in per cent, stored as published (to one decimal place), so a copied cell says 18.5. */
    public static Cell percent(double value) {
        return new Cell(null, round1(value), PERCENT, null, false, false);
    }

    public static Cell shorthand(String code, String format) {
        return new Cell(null, null, format, code, false, false);
    }

    /** A share or change in per cent as published: to one decimal place, the value a reader sees. */
    public static double round1(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    public boolean isNumber() {
        return value != null;
    }

    public boolean isLabel() {
        return LABEL.equals(format);
    }

    public Cell withRevised(boolean r) {
        return new Cell(text, value, format, shorthand, r, provisional);
    }

    public Cell withProvisional(boolean p) {
        return new Cell(text, value, format, shorthand, revised, p);
    }

    /** What follows the figure: "", " [p]", " [r]" or " [p] [r]" (the order the Code of Practice examples use). */
    public String markers() {
        return (provisional ? " [p]" : "") + (revised ? " [r]" : "");
    }


    /** The figure as a reader sees it, without [p] or [r]: "1,886", "18.5", "[c]" or the label. */
    public String figure() {
        if (text != null) {
            return text;
        }
        if (shorthand != null) {
            return shorthand;
        }
        return format(value, format);
    }

    /** The figure with its markers, [p] and [r]. */
    public String display() {
        return figure() + markers();
    }

    public static String format(double value, String format) {
        if (PERCENT.equals(format)) {
            // BigDecimal.valueOf takes the double's shortest decimal form (0.15, not 0.1499...), as Excel does
            // before rounding, so the PDF shows what the workbook shows
            return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
        }
        return grouped(Math.round(value));
    }

    /**
     * A whole number with commas between thousands, as {@code String.format(Locale.UK, "%,d", n)} writes it:
     * the three renderers format every figure, and the formatter took 30 ms of each run, most of it getting ready
     * (parsing its pattern, loading the locale's symbols).
     */
    public static String grouped(long n) {
        String digits = Long.toString(n);
        int sign = n < 0 ? 1 : 0;
        int length = digits.length() - sign;
        if (length <= 3) {
            return digits;
        }
        StringBuilder out = new StringBuilder(digits.length() + (length - 1) / 3);
        out.append(digits, 0, sign);
        int first = length % 3 == 0 ? 3 : length % 3;
        out.append(digits, sign, sign + first);
        for (int i = sign + first; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }
}
