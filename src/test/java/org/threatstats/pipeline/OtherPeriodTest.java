package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.support.Counting;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * A period that is not the job's own (years ending December) on generated records: every figure of every table
 * equals a count made here, independently, from the same file.
 */
class OtherPeriodTest {
    static final String[] AGE = {"17 and under", "18 to 20", "21 to 24", "25 to 29", "30 and over", "Not stated"};
    static final String[] SEX = {"Male", "Female", "Not stated"};

    @TempDir
    static Path dir;

    static List<Map<String, String>> records;
    static XSSFWorkbook workbook;
    static Runs.Result result;

    @BeforeAll
    static void run() throws Exception {
        Path ws = Runs.workspace(dir);
        Files.delete(ws.resolve("input/state-threat-investigations.csv"));
        Path csv = ws.resolve("input/arrests.csv");
        try (OutputStream out = Files.newOutputStream(csv)) {
            new ArrestsGenerator(42, LocalDate.of(2018, 1, 1), LocalDate.of(2025, 6, 30)).write(6000, out);
        }
        records = Counting.records(csv);
        result = Runs.run(ws, "annual-threat-report", "--year-ending", "2024-12");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        workbook = Published.workbook(Published.file(Published.latest(ws.resolve("output"), "annual-threat-report",
                "2024-12"), ".xlsx"));
    }

    private static int year(Map<String, String> r) {
        return Integer.parseInt(r.get("arrest_date").substring(0, 4));
    }

    /** A figure as the table shows it, without the [p] the job's provisional latest year of outcomes carries. */
    private static String figure(String shown, boolean provisional, int year) {
        if (provisional && year == 2024 && !shown.startsWith("[")) {
            assertThat(shown).as("the latest year's outcomes are provisional").endsWith(" [p]");
            return shown.substring(0, shown.length() - 4);
        }
        return shown;
    }

    private static void checkBreakdown(String title, Function<Map<String, String>, String> category,
            String[] values) {
        boolean p = title.contains("by outcome");
        Map<Integer, Map<String, Long>> counts = Counting.count(records, OtherPeriodTest::year, category);
        Map<String, Map<String, String>> table = Published.breakdown(workbook, title);
        assertThat(table).hasSize(5 * (values.length + 1));
        for (int y = 2020; y <= 2024; y++) {
            long total = counts.get(y).values().stream().mapToLong(Long::longValue).sum();
            long previousTotal = counts.get(y - 1).values().stream().mapToLong(Long::longValue).sum();
            for (String v : values) {
                long n = counts.get(y).getOrDefault(v, 0L);
                long before = counts.get(y - 1).getOrDefault(v, 0L);
                Map<String, String> row = table.get("December " + y + "|" + v);
                assertThat(figure(row.get("count"), p, y)).as("%s %s", y, v).isEqualTo(Counting.number(n));
                if (y < 2024) {
                    continue; // shares and changes are the latest year's
                }
                assertThat(figure(row.get("share"), p, y)).as("%s %s share", y, v)
                        .isEqualTo(Counting.oneDecimal(100.0 * n / total));
                assertThat(figure(row.get("change"), p, y)).isEqualTo(Counting.number(n - before));
                assertThat(figure(row.get("change-pct"), p, y))
                        .isEqualTo(before == 0 ? "[z]" : Counting.oneDecimal(100.0 * (n - before) / before));
            }
            Map<String, String> row = table.get("December " + y + "|Total");
            assertThat(figure(row.get("count"), p, y)).isEqualTo(Counting.number(total));
            if (y == 2024) {
                assertThat(figure(row.get("change"), p, y)).isEqualTo(Counting.number(total - previousTotal));
            }
        }
    }

    @Test
    void seriesCountsEveryYearAndStartsWithTheFirstYearOfData() {
        Map<Integer, Map<String, Long>> counts = Counting.count(records, OtherPeriodTest::year, r -> "all");
        Map<String, Map<String, String>> series = Published.byLabels(Published.table(workbook,
                Published.sheetTitled(workbook, "Arrests for terrorism-related activity,")), 1);
        // the series starts with the first year of data: years before it would be rows of [x] only
        assertThat(series.keySet()).containsExactly("December 2018", "December 2019", "December 2020",
                "December 2021", "December 2022", "December 2023", "December 2024");
        for (int y = 2018; y <= 2024; y++) {
            assertThat(series.get("December " + y).get("Arrests (number)"))
                    .isEqualTo(Counting.number(counts.get(y).get("all")));
        }
        assertThat(series.get("December 2018").get("Change on previous year (number)")).isEqualTo("[x]");
        long change = counts.get(2024).get("all") - counts.get(2023).get("all");
        assertThat(series.get("December 2024").get("Change on previous year (number)"))
                .isEqualTo(Counting.number(change));
        // records dated in 2025 belong to the year ending December 2025, which this report does not show
        assertThat(records.stream().filter(r -> year(r) == 2025).count()).isPositive();
    }

    @Test
    void breakdownsByAgeSexIdeologyAndOutcomeEqualIndependentCounts() {
        checkBreakdown("Arrests for terrorism-related activity by age group,", r -> Counting.ageBand(r.get("age")),
                AGE);
        checkBreakdown("Arrests for terrorism-related activity by sex,", r -> r.get("sex"), SEX);
        checkBreakdown("Arrests for terrorism-related activity by ideology,", r -> r.get("ideology"),
                new String[] {"Islamist", "Extreme right-wing", "Left-wing, anarchist or single-issue", "Other",
                    "Not stated"});
        checkBreakdown("Arrests for terrorism-related activity by outcome,", r -> r.get("outcome"),
                new String[] {"Charged", "Released on bail or under investigation", "Released without charge",
                    "Alternative action", "Pending"});
    }

    @Test
    void crossTableShowsEveryCountItDoesNotSuppress() {
        Map<Integer, Map<String, Long>> counts = Counting.count(records, OtherPeriodTest::year,
                r -> Counting.ageBand(r.get("age")) + "|" + r.get("sex"));
        Map<String, Map<String, String>> table = Published.byLabels(Published.table(workbook,
                Published.sheetTitled(workbook, "Arrests for terrorism-related activity by age group and sex")), 2);
        for (String age : AGE) {
            long rowTotal = 0;
            int suppressed = 0;
            for (String sex : SEX) {
                long n = counts.get(2024).getOrDefault(age + "|" + sex, 0L);
                rowTotal += n;
                String shown = table.get("December 2024|" + age).get(sex + " (number)");
                if (shown.equals("[c]")) {
                    suppressed++;
                } else {
                    assertThat(shown).isEqualTo(Counting.number(n));
                    assertThat(n == 0 || n > 2).as("no count from 1 to 2 is shown (%s, %s: %s)", age, sex, n)
                            .isTrue();
                }
            }
            assertThat(suppressed).as("a row never has a single [c], which its total would give away")
                    .isNotEqualTo(1);
            assertThat(table.get("December 2024|" + age).get("Total (number)")).isEqualTo(Counting.number(rowTotal));
        }
    }

    @Test
    void tablesOfAnAbsentDatasetShowNotAvailableWithANote() {
        List<List<String>> table = Published.table(workbook, Published.sheetTitled(workbook,
                "Individuals investigated for state threat activity"));
        for (List<String> row : table.subList(1, table.size())) {
            assertThat(row.subList(2, row.size())).containsOnly("[x]");
        }
        String sheet = Published.sheetTitled(workbook, "Individuals investigated for state threat activity");
        assertThat(workbook.getSheet(sheet).getRow(2).getCell(0).getStringCellValue())
                .contains("[x] = not available");
    }
}
