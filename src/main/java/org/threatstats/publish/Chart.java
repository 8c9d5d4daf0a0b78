package org.threatstats.publish;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart beside a table, drawn from the table's own figures (so the two cannot disagree).
 *
 * @param type       {@code line} (over time), {@code bar} (counts by category) or {@code share} (% by category)
 * @param categories one label per bar or point
 * @param values     the figures, equal to the table's; null where the table shows shorthand
 */
public record Chart(String type, String title, String valueAxis, List<String> categories, List<Double> values) {

    /** How a value is written on the chart and in its description: as the table writes it. */
    public String format(Double value) {
        return value == null ? "not available" : Cell.format(value, "share".equals(type) ? Cell.PERCENT : Cell.COUNT);
    }

    /**
     * What the chart shows, in words, for a reader who cannot see it (the HTML's SVG description, the PDF
     * figure's alternative text): its kind, its title and every figure on it, each as the table writes it.
     */
    public String description() {
        String kind = "line".equals(type) ? "Line chart" : "Bar chart";
        List<String> points = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            points.add(categories.get(i) + ": " + format(values.get(i)));
        }
        return kind + " of " + valueAxis + ", " + title + ". " + String.join("; ", points)
                + ". The table gives the same figures.";
    }
}
