package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * The shipped sample gives, in the workbook and the PDF, every figure the Home Office published for the years
 * ending March 2015 to 2025 ({@code reference/published-figures.csv}, a copy of shared/reference): the report for
 * the year ending March 2025 covers 2016 to 2025 (series) and 2021 to 2025 (breakdowns); the one for March 2019
 * covers the breakdowns of 2015 to 2019.
 */
class SampleReportTest {
    @TempDir
    static Path dir;

    static Path output;
    static XSSFWorkbook latest;
    static XSSFWorkbook earlier;
    static XSSFWorkbook earliest;
    static String pdf;

    /** period end (2025-03) -> breakdown -> value, the latest status of each published figure. */
    static final Map<String, Map<String, Integer>> PUBLISHED = new LinkedHashMap<>();

    @BeforeAll
    static void runTwoPeriods() throws IOException {
        Path ws = Runs.workspace(dir);
        output = ws.resolve("output");
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        assertThat(Runs.run(ws, "annual-threat-report", "--year-ending", "2020-03").exitCode()).isZero();
        assertThat(Runs.run(ws, "annual-threat-report", "--year-ending", "2015-03").exitCode()).isZero();
        latest = Published.workbook(Published.file(Published.latest(output, "annual-threat-report", "2025-03"),
                ".xlsx"));
        earlier = Published.workbook(Published.file(Published.latest(output, "annual-threat-report", "2020-03"),
                ".xlsx"));
        earliest = Published.workbook(Published.file(Published.latest(output, "annual-threat-report", "2015-03"),
                ".xlsx"));
        pdf = Published.pdfText(Published.file(Published.latest(output, "annual-threat-report", "2025-03"), ".pdf"));
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/reference/published-figures.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 6);
            if (!f[1].equals("arrests")) {
                continue;
            }
            String period = f[0].substring(0, 7);
            // a revised row replaces the first published one, whatever order they come in
            if (f[4].equals("revised") || !PUBLISHED.getOrDefault(period, Map.of()).containsKey(f[2])) {
                PUBLISHED.computeIfAbsent(period, p -> new LinkedHashMap<>()).put(f[2], Integer.parseInt(f[3]));
            }
        }
        PUBLISHED.computeIfAbsent("2023-03", p -> new LinkedHashMap<>()).put("all", 172);
    }

    /** The report whose breakdown tables show the period. */
    private static XSSFWorkbook workbookFor(String period) {
        return period.equals("2015-03") ? earliest : period.compareTo("2020-03") <= 0 ? earlier : latest;
    }

    private static String label(String period) {
        return "March " + period.substring(0, 4);
    }

    private static int count(String value) {
        return Integer.parseInt(value.replace(",", "").replace(" [r]", ""));
    }

    @Test
    void everyPublishedTotalIsInTheSeries() {
        Map<String, Map<String, String>> series2025 = Published.byLabels(
                Published.table(latest, Published.sheetTitled(latest, "Arrests for terrorism-related activity,")), 1);
        Map<String, Map<String, String>> series2020 = Published.byLabels(
                Published.table(earlier, Published.sheetTitled(earlier, "Arrests for terrorism-related activity,")),
                1);
        int checked = 0;
        for (var e : PUBLISHED.entrySet()) {
            Integer total = e.getValue().get("all");
            if (total == null) {
                continue;
            }
            Map<String, String> row = series2025.containsKey(label(e.getKey())) ? series2025.get(label(e.getKey()))
                    : series2020.get(label(e.getKey()));
            assertThat(row).as("series row for %s", e.getKey()).isNotNull();
            assertThat(count(row.get("Arrests (number)"))).as("arrests, year ending %s", e.getKey()).isEqualTo(total);
            checked++;
        }
        assertThat(checked).isEqualTo(11);
        assertThat(series2025.get("March 2025").get("Change on previous year (number)")).isEqualTo("11");
        assertThat(series2025.get("March 2025").get("Change on previous year (%)")).isEqualTo("5.0");
    }

    @Test
    void everyPublishedCountOfChildrenIsInTheAgeTable() {
        int checked = 0;
        for (var e : PUBLISHED.entrySet()) {
            Integer children = e.getValue().get("age 17 and under");
            if (children == null) {
                continue;
            }
            XSSFWorkbook workbook = workbookFor(e.getKey());
            Map<String, Map<String, String>> byAge = Published.breakdown(workbook,
                    "Arrests for terrorism-related activity by age group,");
            Map<String, String> row = byAge.get(label(e.getKey()) + "|17 and under");
            assertThat(count(row.get("count"))).as("aged 17 and under, %s", e.getKey()).isEqualTo(children);
            checked++;
        }
        assertThat(checked).isEqualTo(6);
        Map<String, Map<String, String>> byAge = Published.breakdown(latest,
                "Arrests for terrorism-related activity by age group,");
        assertThat(byAge.get("March 2025|17 and under").get("share")).isEqualTo("18.5");
        assertThat(byAge.get("March 2025|Total").get("count")).isEqualTo("232");
    }

    /**
     * Outcomes as published. Where a later release revised the total after the outcomes were published (2021 and
     * 2024), the published outcome counts still hold and the extra arrests are Pending (note 5).
     */
    @Test
    void everyPublishedOutcomeCountIsInTheOutcomeTable() {
        int checked = 0;
        for (var e : PUBLISHED.entrySet()) {
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            e.getValue().forEach((k, v) -> {
                if (k.startsWith("outcome ")) {
                    outcomes.put(k.substring(8), v);
                }
            });
            if (outcomes.isEmpty()) {
                continue;
            }
            XSSFWorkbook workbook = workbookFor(e.getKey());
            Map<String, Map<String, String>> table = Published.breakdown(workbook,
                    "Arrests for terrorism-related activity by outcome,");
            int published = outcomes.values().stream().mapToInt(Integer::intValue).sum();
            int total = e.getValue().get("all");
            for (var o : outcomes.entrySet()) {
                int shown = count(table.get(label(e.getKey()) + "|" + o.getKey()).get("count"));
                int expected = o.getKey().equals("Pending") ? o.getValue() + (total - published) : o.getValue();
                assertThat(shown).as("%s, %s", o.getKey(), e.getKey()).isEqualTo(expected);
                checked++;
            }
            if (!outcomes.containsKey("Pending")) {
                int pending = count(table.get(label(e.getKey()) + "|Pending").get("count"));
                assertThat(pending).as("Pending, %s", e.getKey()).isEqualTo(total - published);
            }
        }
        assertThat(checked).isEqualTo(22);
    }

    @Test
    void thePdfSaysTheHeadlinesAndShowsTheSameFigures() {
        String text = pdf.replaceAll("\\s+", " ");
        assertThat(text).contains("There were 232 arrests for terrorism-related activity in the year ending 31 March "
                + "2025, 11 more than in the year ending 31 March 2024 (a rise of 5.0%).");
        assertThat(text).contains("43 (18.5%) of those arrested were aged 17 and under");
        assertThat(text).contains("432 individuals were investigated for state threat activity");
        assertThat(text).contains("(a rise of 35.0%)");
        assertThat(text).contains("OFFICIAL");
        List<String> series = new ArrayList<>();
        for (int year = 2016; year <= 2025; year++) {
            series.add("March " + year + " " + String.format("%,d", PUBLISHED.get(year + "-03").get("all")));
        }
        for (String row : series) {
            assertThat(text).as("the PDF's series table").contains(row);
        }
        assertThat(text).contains("arrests.csv").contains("SHA-256").contains(Published.sha256(dir.resolve("input")
                .resolve("arrests.csv")));
    }

    /** figures.csv: one row per figure, naming the period it is for, so (period, table, row, column) is unique. */
    @Test
    void figuresCsvNamesThePeriodEachFigureIsFor() {
        List<Map<String, String>> rows = org.threatstats.support.Counting.records(
                Published.latest(output, "annual-threat-report", "2025-03").resolve("figures.csv"));
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Map<String, String> r : rows) {
            assertThat(keys.add(r.get("period") + "|" + r.get("table") + "|" + r.get("row") + "|" + r.get("column")))
                    .as("one row per figure: %s", r).isTrue();
        }
        assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("period", "2021-03")
                .containsEntry("table", "arrests-by-age").containsEntry("row", "17 and under")
                .containsEntry("column", "count").containsEntry("value", "21"));
        assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("period", "2025-03")
                .containsEntry("table", "arrests-by-age").containsEntry("row", "17 and under")
                .containsEntry("column", "share").containsEntry("value", "18.5"));
        assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("period", "2016-03")
                .containsEntry("table", "arrests-series").containsEntry("column", "count")
                .containsEntry("value", "258"));
    }
}
