package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Counting;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * Record-level rules, the max-rejects policy, rules across records, and spreadsheet safety of values from the
 * input.
 */
class RecordRulesTest {
    static final String INJECTION = "=HYPERLINK(\"http://example.invalid\",\"x\")";

    @TempDir
    Path dir;

    /** Breaks four records: a bad age (line 50), a bad sex (line 200) and two repeated IDs (120, 301). */
    private static void breakFour(Baseline b) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(b.input("arrests.csv")));
        lines.set(49, lines.get(49).replaceFirst("^([^,]*,[^,]*,)[0-9]*,", "$1abc,"));
        lines.set(119, lines.get(118).split(",")[0] + lines.get(119).substring(lines.get(119).indexOf(',')));
        lines.set(199, lines.get(199).replace(",Male,", ",male,").replace(",Female,", ",female,"));
        String quoted = "\"" + INJECTION.replace("\"", "\"\"") + "\"";
        lines.set(299, quoted + lines.get(299).substring(lines.get(299).indexOf(',')));
        lines.set(300, quoted + lines.get(300).substring(lines.get(300).indexOf(',')));
        Files.write(b.input("arrests.csv"), lines);
    }

    private static void maxRejects(Baseline b, int n) throws Exception {
        Path job = b.workspace().resolve("jobs/annual-threat-report.yml");
        Files.writeString(job, Files.readString(job).replace("max-rejects: 0", "max-rejects: " + n));
    }

    @Test
    void withMaxRejectsTheRunCompletesWithoutExactlyTheBadRecordsAndSaysSo() throws Exception {
        Baseline b = Baseline.in(dir);
        breakFour(b);
        maxRejects(b, 5);
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("4 rejected");

        // the figures: every record but lines 50, 120, 200 and 301, counted independently
        Set<Integer> bad = Set.of(50, 120, 200, 301);
        List<Map<String, String>> records = Counting.records(b.input("arrests.csv"));
        List<Map<String, String>> kept = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (!bad.contains(i + 2)) {
                kept.add(records.get(i));
            }
        }
        var counts = Counting.count(kept, r -> {
            var d = java.time.LocalDate.parse(r.get("arrest_date"));
            return d.getMonthValue() > 3 ? d.getYear() + 1 : d.getYear();
        }, r -> "all");
        Path latest = Published.latest(b.workspace().resolve("output"), "annual-threat-report", "2025-03");
        XSSFWorkbook workbook = Published.workbook(Published.file(latest, ".xlsx"));
        var series = Published.byLabels(Published.table(workbook, Published.sheetTitled(workbook,
                "Arrests for terrorism-related activity,")), 1);
        for (int y = 2016; y <= 2025; y++) {
            // a revised row's label says so too ("March 2025 [r]")
            var row = series.containsKey("March " + y) ? series.get("March " + y) : series.get("March " + y + " [r]");
            assertThat(row.get("Arrests (number)").replace(" [r]", ""))
                    .isEqualTo(Counting.number(counts.get(y).get("all")));
        }
        // ... and both publications say how many were set aside and why, without showing any of the records
        var quality = Published.byLabels(Published.table(workbook, Published.sheetTitled(workbook,
                "Inputs and data quality")), 1);
        assertThat(quality.get("arrests.csv").get("Records set aside (number)")).isEqualTo("4");
        List<List<String>> reasons = Published.table(workbook, Published.sheetTitled(workbook,
                "Records set aside"));
        assertThat(reasons.subList(1, reasons.size())).containsExactly(
                List.of("arrests.csv", "age", "wrong type of value", "1"),
                List.of("arrests.csv", "arrest_id", "repeats a key", "2"),
                List.of("arrests.csv", "sex", "not an allowed value", "1"));
        String pdf = Published.pdfText(Published.file(latest, ".pdf")).replaceAll("\\s+", " ");
        assertThat(pdf).contains("4 set aside (max-rejects 5) for: age: type 1; arrest_id: unique 2; sex: "
                + "allowed-values 1");
        for (String caseLevel : List.of("abc", "HYPERLINK", "'male'")) {
            assertThat(pdf).as("no case-level value in the publication").doesNotContain(caseLevel);
            for (var sheet : workbook) {
                for (var row : sheet) {
                    for (var cell : row) {
                        if (cell.getCellType() == CellType.STRING) {
                            assertThat(cell.getStringCellValue()).doesNotContain(caseLevel);
                        }
                    }
                }
            }
        }
        assertThat(Counting.records(b.rejects())).extracting(r -> r.get("line"))
                .containsExactly("50", "120", "200", "301");
        assertThat(Files.readString(latest.resolve("rejects.csv"))).as("the revision keeps its own rejects")
                .isEqualTo(Files.readString(b.rejects()));
    }

    @Test
    void rowsForYearsEndingInAnotherMonthAreNotUsedAndTheReportSaysSo() throws Exception {
        Baseline b = Baseline.in(dir);
        Path csv = b.input("state-threat-investigations.csv");
        Files.writeString(csv, Files.readString(csv) + "2024-06,Russia,5\n");
        // no figure changes: --force publishes the revision whose data-quality section is checked
        assertThat(b.run("--force").exitCode()).isZero();
        Path latest = Published.latest(b.workspace().resolve("output"), "annual-threat-report", "2025-03");
        XSSFWorkbook workbook = Published.workbook(Published.file(latest, ".xlsx"));
        var quality = Published.byLabels(Published.table(workbook, Published.sheetTitled(workbook,
                "Inputs and data quality")), 1);
        assertThat(quality.get("state-threat-investigations.csv").get("Records read (number)")).isEqualTo("11");
        assertThat(quality.get("state-threat-investigations.csv").get("Records used (number)")).isEqualTo("10");
        String pdf = Published.pdfText(Published.file(latest, ".pdf")).replaceAll("\\s+", " ");
        assertThat(pdf).contains("1 rows were for years ending in another month");
    }

    @Test
    void compositeKeysCompareTheirValuesNotTheirTextJoined() throws Exception {
        Path ws = Runs.workspace(dir);
        Files.writeString(ws.resolve("jobs/pairs.yml"), """
                title: Pairs
                organisation: Test
                period: {year-ending: December, years-shown: 1, series-years: 1}
                datasets:
                  - name: pairs
                    file: pairs.csv
                    date-column: day
                    unique-key: [a, b]
                    columns:
                      - {name: a, type: text}
                      - {name: b, type: text}
                      - {name: day, type: date}
                      - {name: kind, type: category, values: [One, Two]}
                tables:
                  - {id: by-kind, title: Pairs by kind, dataset: pairs, by: kind, measure: Pairs}
                """);
        Files.writeString(ws.resolve("input/pairs.csv"), "a,b,day,kind\n\"x, y\",z,2024-01-01,One\n"
                + "x,\"y, z\",2024-02-01,Two\nx,\"y, z\",2024-03-01,Two\n");
        Runs.Result result = Runs.run(ws, "pairs", "--year-ending", "2024-12");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<Map<String, String>> rows = Counting.records(ws.resolve("output/pairs/2024-12/rejects.csv"));
        assertThat(rows).extracting(r -> r.get("line")).as("only the real repeat").containsExactly("4");
        assertThat(rows.get(0).get("message")).isEqualTo("the key a+b 'x, y, z' already appears on line 3");
    }

    @Test
    void inputTextThatLooksLikeAFormulaIsTextInTheWorkbookAndInertInRejectsCsv() throws Exception {
        // a category whose allowed values start with '=' and '+': input text that reaches a table's row labels
        Path ws = Runs.workspace(dir);
        Files.writeString(ws.resolve("jobs/formulas.yml"), """
                title: Formula test
                organisation: Test
                period: {year-ending: December, years-shown: 1, series-years: 1}
                datasets:
                  - name: things
                    file: things.csv
                    date-column: day
                    max-rejects: 5
                    columns:
                      - {name: id, type: text, unique: true}
                      - {name: day, type: date}
                      - {name: kind, type: category, values: ['=HYPERLINK("http://example.invalid","x")', '+1', Plain]}
                tables:
                  - {id: by-kind, title: Things by kind, dataset: things, by: kind, measure: Things}
                """);
        String quoted = "\"" + INJECTION.replace("\"", "\"\"") + "\"";
        Files.writeString(ws.resolve("input/things.csv"), "id,day,kind\n"
                + "1,2024-01-01," + quoted + "\n"
                + "2,2024-02-01,+1\n3,2024-03-01,Plain\n"
                + quoted + ",2024-04-01,Plain\n"
                + quoted + ",2024-05-01,Plain\n");
        Runs.Result result = Runs.run(ws, "formulas", "--year-ending", "2024-12");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path latest = Published.latest(ws.resolve("output"), "formulas", "2024-12");
        XSSFWorkbook workbook = Published.workbook(Published.file(latest, ".xlsx"));
        XSSFSheet sheet = workbook.getSheet(Published.sheetTitled(workbook, "Things by kind"));
        int checked = 0;
        for (var row : sheet) {
            // the category labels: the first column since breakdowns run years across
            var cell = row.getCell(0);
            if (cell != null && cell.getCellType() == CellType.STRING && (cell.getStringCellValue().equals(INJECTION)
                    || cell.getStringCellValue().equals("+1"))) {
                assertThat(cell.getCellStyle().getQuotePrefixed()).as("Excel shows it as text, never evaluates it")
                        .isTrue();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2);
        for (var s : workbook) {
            for (var row : s) {
                for (var cell : row) {
                    assertThat(cell.getCellType()).as("no formulas anywhere").isNotEqualTo(CellType.FORMULA);
                }
            }
        }
        String ods = Published.odsContent(Published.file(latest, ".ods"));
        assertThat(ods).doesNotContain("table:formula").contains("office:value-type=\"string\"");
        Map<String, String> reject = Counting.records(ws.resolve("output/formulas/2024-12/rejects.csv")).stream()
                .filter(r -> r.get("line").equals("6")).findFirst().orElseThrow();
        assertThat(reject.get("value")).as("inert when rejects.csv is opened in a spreadsheet")
                .isEqualTo("'" + INJECTION);
        assertThat(reject.get("message")).contains("already appears on line 5");
    }

    @Test
    void beyondMaxRejectsTheRunIsRejectedAndEveryBadRecordListed() throws Exception {
        Baseline b = Baseline.in(dir);
        breakFour(b);
        maxRejects(b, 3);
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("arrests.csv line 50, column age: 'abc' is not a whole number")
                .contains("all 4 listed in");
        assertThat(Counting.records(b.rejects())).extracting(r -> r.get("line"))
                .containsExactly("50", "120", "200", "301");
        b.assertNothingLost();
    }

    @Test
    void statedTotalsMustEqualTheSumOfTheirParts() throws Exception {
        Baseline b = Baseline.in(dir);
        Path csv = b.input("state-threat-investigations.csv");
        Files.writeString(csv, Files.readString(csv).replace("2025-03,All states,432", "2025-03,All states,500"));
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("state-threat-investigations.csv line 11, column individuals: the "
                + "state_actor 'All states' row for the year ending March 2025 says 500, but the rows for Russia, "
                + "China, Iran, Other add up to 432");
        b.assertNothingLost();
    }

    @Test
    void countsCannotBeNegativeAndKeysCannotRepeat() throws Exception {
        Baseline b = Baseline.in(dir);
        Path csv = b.input("state-threat-investigations.csv");
        Files.writeString(csv, Files.readString(csv).replace("2024-03,Iran,60", "2024-03,Iran,-60")
                + "2025-03,Russia,160\n");
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<Map<String, String>> rows = Counting.records(b.rejects());
        assertThat(rows).extracting(r -> r.get("line") + " " + r.get("column") + " " + r.get("rule"))
                .contains("4 individuals range", "12 year_ending+state_actor unique");
        assertThat(rows.stream().filter(r -> r.get("line").equals("12")).findFirst().orElseThrow().get("message"))
                .isEqualTo("the key year_ending+state_actor '2025-03, Russia' already appears on line 7");
        b.assertNothingLost();
    }

    @Test
    void aDatasetThatMustCoverEveryPeriodShownIsRejectedWhenItDoesNot() throws Exception {
        Baseline b = Baseline.in(dir);
        Path job = b.workspace().resolve("jobs/annual-threat-report.yml");
        Files.writeString(job, Files.readString(job).replace("when-missing: not-available", "when-missing: reject"));
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("state-threat-investigations.csv has no rows for the year ending March "
                + "2021, which the report shows");
        b.assertNothingLost();
    }

    @Test
    void theHistoryRecordsARejectedRunAndWhy() throws Exception {
        Baseline b = Baseline.in(dir);
        breakFour(b);
        assertThat(b.run().exitCode()).isEqualTo(2);
        Runs.Result history = Runs.cli("history", "--output-dir", b.workspace().resolve("output").toString());
        assertThat(history.exitCode()).as(history.toString()).isZero();
        List<String> lines = history.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("annual-threat-report").contains("2025-03").contains("COMPLETED")
                .contains("revision 1").contains("arrests=");
        assertThat(lines.get(1)).contains("REJECTED").contains("rejected 4")
                .contains("why: rejected: arrests.csv line 50, column age: 'abc' is not a whole number");
    }

    @Test
    void validateChecksWritesTheRejectsReportAndPublishesNothing() throws Exception {
        Baseline b = Baseline.in(dir);
        Path output = b.workspace().resolve("output");
        String[] validate = {"validate", "annual-threat-report", "--jobs-dir", b.workspace().resolve("jobs")
                .toString(), "--input-dir", b.workspace().resolve("input").toString(), "--output-dir",
            output.toString()};
        Runs.Result good = Runs.cli(validate);
        assertThat(good.exitCode()).as(good.toString()).isZero();
        assertThat(good.out()).contains("the inputs are valid (arrests.csv 2,823 records, state-threat-investigations.csv 10 records");
        breakFour(b);
        Runs.Result bad = Runs.cli(validate);
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(Counting.records(b.rejects())).hasSize(4);
        b.assertNothingLost();
        assertThat(Runs.cli("history", "--output-dir", output.toString()).out().lines()).hasSize(1);
    }
}
