package org.threatstats.publish;

import java.util.List;

/**
 * A chart beside a table, drawn from the table's own figures (so the two cannot disagree).
 *
 * @param type       {@code line} (over time), {@code bar} (counts by category) or {@code share} (% by category)
 * @param categories one label per bar or point
 * @param values     the figures, equal to the table's; null where the table shows shorthand
 */
public record Chart(String type, String title, String valueAxis, List<String> categories, List<Double> values) {
}
