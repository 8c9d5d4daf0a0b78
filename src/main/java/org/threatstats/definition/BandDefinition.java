package org.threatstats.definition;

import java.util.List;

/**
 * A category derived from a whole-number column by ranges, e.g. age bands from {@code age}.
 *
 * @param from    the whole-number column the bands are taken from
 * @param missing the label for records where that column is empty
 */
public record BandDefinition(String name, String from, String label, List<Band> bands, String missing) {

    /**
     * One range, both ends inclusive; a null end is open. Ends are whole numbers from -1000000000 to 1000000000,
     * {@code min} no more than {@code max}, and the range holds at least one value the column allows.
     */
    public record Band(String label, Integer min, Integer max) {
        public boolean contains(long value) {
            return (min == null || value >= min) && (max == null || value <= max);
        }
    }
}
