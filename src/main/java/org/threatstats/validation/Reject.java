package org.threatstats.validation;

/**
 * One problem found in an input, precise enough to fix the file from it alone.
 *
 * @param line   physical line number in the file (1 is the header), or 0 for the file as a whole
 * @param column the column's name, or empty when the problem is not in one column
 * @param value  the value as found in the file
 * @param rule   which rule was broken: type, required, allowed-values, range, pattern, unique, total, structure,
 *               header, file
 * @param fatal  whether the problem rejects the whole run whatever {@code max-rejects} says (the file's structure
 *               is broken, so no record in it can be trusted)
 */
public record Reject(String file, long line, String column, String value, String rule, String message,
        boolean fatal) {

    /** {@code arrests.csv line 50, column age: 'abc' is not a whole number} */
    public String sentence() {
        if (line == 0 && column.isEmpty()) {
            return file + " " + message;
        }
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(" line ").append(line);
        }
        if (!column.isEmpty()) {
            s.append(line > 0 ? ", column " : " column ").append(column);
        }
        return s.append(": ").append(message).toString();
    }

    public static Reject file(String file, String rule, String message) {
        return new Reject(file, 0, "", "", rule, message, true);
    }
}
