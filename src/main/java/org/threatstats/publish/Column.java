package org.threatstats.publish;

/**
 * A table column: a unique header with its units in brackets ("Share (%)"), a stable key for revisions, and the
 * format of its numbers.
 */
public record Column(String key, String header, String format) {

    public boolean numeric() {
        return !Cell.LABEL.equals(format);
    }
}
