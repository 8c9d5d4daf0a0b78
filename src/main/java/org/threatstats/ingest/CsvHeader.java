package org.threatstats.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The first record of a CSV file, checked against the columns the job expects. Every difference is named:
 * missing, extra, misspelt and reordered columns.
 *
 * @param bodyStart     byte offset of the first record after the header
 * @param bodyFirstLine physical line number of that record
 * @param problem       one sentence describing what is wrong with the header, or null when it is right
 */
public record CsvHeader(List<String> names, long bodyStart, long bodyFirstLine, boolean hasBom, String problem,
        boolean empty) {

    private static final int MAX_HEADER_BYTES = 1 << 20;

    public boolean ok() {
        return problem == null;
    }

    public static CsvHeader read(Path path, List<String> expected) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(MAX_HEADER_BYTES);
        }
        String file = path.getFileName().toString();
        int p = 0;
        boolean bom = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                && (head[2] & 0xFF) == 0xBF;
        if (bom) {
            p = 3;
        }
        int contentStart = p;
        boolean blank = true;
        for (int i = p; i < head.length; i++) {
            if (head[i] != '\n' && head[i] != '\r' && head[i] != ' ' && head[i] != '\t') {
                blank = false;
                break;
            }
        }
        if (blank) {
            return new CsvHeader(List.of(), head.length, 1, bom, file + " is empty: it has no header and no records",
                    true);
        }
        CsvCursor cursor = new CsvCursor(Math.max(expected.size(), 1));
        cursor.reset(head, contentStart, head.length, 1);
        cursor.next();
        long bodyStart = cursor.position();
        long bodyLine = cursor.line();
        if (cursor.problem() != null) {
            return new CsvHeader(List.of(), bodyStart, bodyLine, bom,
                    file + " line 1 (the header): " + cursor.problem(), false);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cursor.fieldCount(); i++) {
            names.add(cursor.text(i).trim());
        }
        String problem = compare(file, names, expected);
        return new CsvHeader(List.copyOf(names), bodyStart, bodyLine, bom, problem, false);
    }

    /** One sentence naming every difference between the header found and the one expected, or null. */
    static String compare(String file, List<String> found, List<String> expected) {
        if (found.equals(expected)) {
            return null;
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(found);
        List<String> extra = new ArrayList<>(found);
        extra.removeAll(expected);
        List<String> parts = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (String e : new ArrayList<>(extra)) {
            for (String m : missing) {
                if (!explained.contains(m) && similar(e, m)) {
                    parts.add("'" + e + "' should be '" + m + "'");
                    explained.add(m);
                    explained.add("extra:" + e);
                    break;
                }
            }
        }
        List<String> reallyMissing = missing.stream().filter(m -> !explained.contains(m)).toList();
        List<String> reallyExtra = extra.stream().filter(e -> !explained.contains("extra:" + e)).toList();
        if (!reallyMissing.isEmpty()) {
            parts.add("missing column" + (reallyMissing.size() > 1 ? "s " : " ") + quoted(reallyMissing));
        }
        if (!reallyExtra.isEmpty()) {
            parts.add("unexpected column" + (reallyExtra.size() > 1 ? "s " : " ") + quoted(reallyExtra));
        }
        Set<String> duplicates = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (String f : found) {
            if (!seen.add(f)) {
                duplicates.add(f);
            }
        }
        if (!duplicates.isEmpty()) {
            parts.add("column" + (duplicates.size() > 1 ? "s " : " ") + quoted(new ArrayList<>(duplicates))
                    + " appear" + (duplicates.size() > 1 ? "" : "s") + " twice");
        }
        if (parts.isEmpty()) {
            parts.add("the columns are in the wrong order");
        }
        return file + " has the wrong header: " + String.join("; ", parts) + " (expected: "
                + String.join(",", expected) + "; found: " + String.join(",", found) + ")";
    }

    private static String quoted(List<String> names) {
        return "'" + String.join("', '", names) + "'";
    }

    /** Same letters ignoring case, spaces, dashes and underscores, or at most two edits apart. */
    static boolean similar(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        String y = b.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        return x.equals(y) || editDistance(x, y) <= Math.min(2, Math.max(1, y.length() / 4));
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

}
