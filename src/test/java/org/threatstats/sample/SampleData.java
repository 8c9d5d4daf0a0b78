package org.threatstats.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Makes the shipped sample {@code input/arrests.csv}: synthetic records (no real person) whose counts, for every
 * year ending March 2015 to 2025, equal the Home Office figures in {@code shared/reference/published-figures.csv}
 * (the revised value where a period was revised; 172 for the year ending March 2023). Breakdowns that were never
 * published are invented but plausible. Deterministic: {@code SampleDataTest} checks the committed file equals
 * what this class writes.
 *
 * <p>Where a total was revised after its outcomes were published (2021: 166 to 169; 2024: 212 to 221), the outcome
 * counts keep their published values and the additional arrests are "Pending".
 */
public final class SampleData {
    static final String[] SEX = {"Male", "Female", "Not stated"};
    static final String[] IDEOLOGY = {"Islamist", "Extreme right-wing", "Left-wing, anarchist or single-issue",
        "Other", "Not stated"};
    static final String[] OUTCOME = {"Charged", "Released on bail or under investigation", "Released without charge",
        "Alternative action", "Pending"};
    static final String[] AGE_BAND = {"17 and under", "18 to 20", "21 to 24", "25 to 29", "30 and over",
        "Not stated"};

    /** One year ending March: its total and its breakdowns (each adds up to the total). */
    record Year(int year, int total, int[] ageBands, int[] sex, int[] ideology, int[] outcome) {
    }

    static final List<Year> YEARS = List.of(
            // published: total 299, 17 and under 8
            new Year(2015, 299, new int[] {8, 30, 48, 52, 158, 3}, new int[] {268, 28, 3},
                    new int[] {178, 52, 14, 37, 18}, new int[] {120, 100, 65, 9, 5}),
            // published: total 258 (revised from 255), 17 and under 14
            new Year(2016, 258, new int[] {14, 28, 42, 45, 126, 3}, new int[] {226, 29, 3},
                    new int[] {150, 56, 10, 28, 14}, new int[] {110, 85, 55, 5, 3}),
            // published: total 304; outcomes 108, 88, 100, 8
            new Year(2017, 304, new int[] {17, 33, 50, 56, 145, 3}, new int[] {264, 36, 4},
                    new int[] {170, 70, 12, 34, 18}, new int[] {108, 88, 100, 8, 0}),
            // published: total 443 (revised from 441)
            new Year(2018, 443, new int[] {21, 47, 72, 80, 219, 4}, new int[] {386, 52, 5},
                    new int[] {245, 108, 17, 47, 26}, new int[] {160, 180, 90, 10, 3}),
            // published: total 268
            new Year(2019, 268, new int[] {12, 28, 44, 48, 134, 2}, new int[] {238, 27, 3},
                    new int[] {140, 76, 9, 28, 15}, new int[] {95, 105, 55, 10, 3}),
            // published: total 261; outcomes 82, 92, 58, 19, 10
            new Year(2020, 261, new int[] {15, 29, 43, 47, 125, 2}, new int[] {233, 25, 3},
                    new int[] {130, 80, 10, 27, 14}, new int[] {82, 92, 58, 19, 10}),
            // published: total 169 (revised from 166), 17 and under 21; outcomes 45, 77, 36, 8 (+3 pending)
            new Year(2021, 169, new int[] {21, 19, 26, 28, 73, 2}, new int[] {148, 19, 2},
                    new int[] {78, 60, 6, 16, 9}, new int[] {45, 77, 36, 8, 3}),
            // published: total 196, 17 and under 29; outcomes 59, 83, 44, 10
            new Year(2022, 196, new int[] {29, 22, 30, 31, 82, 2}, new int[] {172, 22, 2},
                    new int[] {92, 68, 7, 19, 10}, new int[] {59, 83, 44, 10, 0}),
            // published: total 172 (2022-23)
            new Year(2023, 172, new int[] {31, 19, 25, 26, 69, 2}, new int[] {151, 19, 2},
                    new int[] {86, 56, 6, 16, 8}, new int[] {60, 70, 30, 8, 4}),
            // published: total 221 (revised from 212), 17 and under 42; outcomes 68, 91, 40, 12, 1 (+9 pending)
            new Year(2024, 221, new int[] {42, 25, 31, 30, 91, 2}, new int[] {193, 26, 2},
                    new int[] {115, 66, 8, 21, 11}, new int[] {68, 91, 40, 12, 10}),
            // published: total 232, 17 and under 43
            new Year(2025, 232, new int[] {43, 26, 32, 32, 97, 2}, new int[] {202, 28, 2},
                    new int[] {124, 68, 8, 21, 11}, new int[] {80, 95, 38, 9, 10}));

    private SampleData() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "input/arrests.csv");
        Files.writeString(target, csv(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }

    /** The whole file. */
    public static String csv() {
        StringBuilder out = new StringBuilder("arrest_id,arrest_date,age,sex,ideology,outcome\n");
        for (Year y : YEARS) {
            for (String line : records(y)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    static List<String> records(Year y) {
        check(y);
        Random random = new Random(y.year());
        List<Integer> ages = expand(y.ageBands(), random);
        List<Integer> sex = expand(y.sex(), random);
        List<Integer> ideology = expand(y.ideology(), random);
        List<Integer> outcome = expand(y.outcome(), random);
        LocalDate first = LocalDate.of(y.year() - 1, 4, 1);
        int days = (int) (LocalDate.of(y.year(), 3, 31).toEpochDay() - first.toEpochDay() + 1);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < y.total(); i++) {
            LocalDate date = first.plusDays(random.nextInt(days));
            rows.add(new String[] {date.toString(), age(ages.get(i), random), SEX[sex.get(i)],
                quote(IDEOLOGY[ideology.get(i)]), OUTCOME[outcome.get(i)]});
        }
        rows.sort(Comparator.comparing((String[] r) -> r[0]));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String id = String.format("TA-%d-%04d", y.year(), i + 1);
            lines.add(id + "," + String.join(",", rows.get(i)));
        }
        return lines;
    }

    private static void check(Year y) {
        for (int[] parts : new int[][] {y.ageBands(), y.sex(), y.ideology(), y.outcome()}) {
            int sum = 0;
            for (int p : parts) {
                sum += p;
            }
            if (sum != y.total()) {
                throw new IllegalStateException(y.year() + ": a breakdown adds up to " + sum + ", not " + y.total());
            }
        }
    }

    /** Value indexes, each repeated by its count, shuffled. */
    private static List<Integer> expand(int[] counts, Random random) {
        List<Integer> values = new ArrayList<>();
        for (int v = 0; v < counts.length; v++) {
            for (int k = 0; k < counts[v]; k++) {
                values.add(v);
            }
        }
        Collections.shuffle(values, random);
        return values;
    }

    private static String age(int band, Random random) {
        return switch (band) {
            case 0 -> Integer.toString(13 + random.nextInt(5));
            case 1 -> Integer.toString(18 + random.nextInt(3));
            case 2 -> Integer.toString(21 + random.nextInt(4));
            case 3 -> Integer.toString(25 + random.nextInt(5));
            case 4 -> Integer.toString(30 + random.nextInt(36));
            default -> "";
        };
    }

    private static String quote(String value) {
        return value.contains(",") ? "\"" + value + "\"" : value;
    }
}
