package org.threatstats.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/** Independent counts over a CSV, made the simple way, to check the pipeline's figures against. */
public final class Counting {
    private Counting() {
    }

    /** Every record of a CSV with a header, as maps (parsed with FastCSV, not the pipeline's own parser). */
    public static List<Map<String, String>> records(Path csv) {
        List<Map<String, String>> all = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CsvReader<CsvRecord> records = CsvReader.builder().ofCsvRecord(reader)) {
            List<String> header = null;
            for (CsvRecord r : records) {
                if (header == null) {
                    header = r.getFields();
                    continue;
                }
                Map<String, String> row = new java.util.LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), r.getField(i));
                }
                all.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Counts by period year and then by the value a function gives. */
    public static Map<Integer, Map<String, Long>> count(List<Map<String, String>> records,
            Function<Map<String, String>, Integer> period, Function<Map<String, String>, String> category) {
        Map<Integer, Map<String, Long>> counts = new TreeMap<>();
        for (Map<String, String> r : records) {
            counts.computeIfAbsent(period.apply(r), p -> new TreeMap<>()).merge(category.apply(r), 1L, Long::sum);
        }
        return counts;
    }

    public static String number(long n) {
        return String.format(Locale.UK, "%,d", n);
    }

    public static String oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** The age band of the shipped job's definition. */
    public static String ageBand(String age) {
        if (age.isBlank()) {
            return "Not stated";
        }
        int a = Integer.parseInt(age.trim());
        return a <= 17 ? "17 and under" : a <= 20 ? "18 to 20" : a <= 24 ? "21 to 24" : a <= 29 ? "25 to 29"
                : "30 and over";
    }
}
