package org.threatstats.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Child;
import org.threatstats.support.Counting;
import org.threatstats.support.Postgres;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * The Home Office's own example: the year ending March 2024 first published as 212 arrests, then shown as 221 in
 * the next year's report. The 2025 report marks the 2024 figure [r] wherever it shows it, lists 212 -> 221 with the
 * publication that showed 212, and leaves every unchanged figure unmarked; outcomes, declared provisional for the
 * latest year, carry [p] until a later report shows their year as final.
 */
class RevisedAcrossReportsTest {
    @TempDir
    Path dir;

    /** Writes arrests.csv without the first nine arrests of the year ending March 2024 (221 - 9 = 212). */
    static void withoutNine(Path full, Path target) throws Exception {
        List<String> lines = Files.readAllLines(full);
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (String line : lines) {
            String date = line.split(",", -1)[1];
            if (dropped < 9 && date.compareTo("2023-04-01") >= 0 && date.compareTo("2024-03-31") <= 0) {
                dropped++;
                continue;
            }
            kept.add(line);
        }
        Files.write(target, kept);
    }

    interface Runner {
        Runs.Result run(String... args) throws Exception;
    }

    @Test
    void aFigureCorrectedInTheNextYearsReportIsMarkedRevisedOnTheEmbeddedRepository() throws Exception {
        Path ws = Runs.workspace(dir);
        check(ws, args -> Runs.run(ws, args));
    }

    @Test
    void theSameWithPostgresqlAsTheRepository() throws Exception {
        try (Postgres postgres = Postgres.start()) {
            Path ws = Runs.workspace(dir);
            check(ws, args -> {
                List<String> all = new ArrayList<>(List.of("run"));
                all.addAll(List.of(args));
                all.addAll(List.of("--published-on", "2026-11-27"));
                Child child = Child.start(ws, postgres.environment(), all.toArray(String[]::new));
                int code = child.waitFor();
                return new Runs.Result(code, child.output(), child.output());
            });
            assertThat(ws.resolve("output/.repository/db")).as("the ledger is in PostgreSQL").doesNotExist();
        }
    }

    private void check(Path ws, Runner runner) throws Exception {
        Path csv = ws.resolve("input/arrests.csv");
        Path full = dir.resolve("arrests-corrected.csv");
        Files.copy(csv, full);
        withoutNine(full, csv);
        Runs.Result first = runner.run("annual-threat-report", "--year-ending", "2024-03");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path output = ws.resolve("output/annual-threat-report");
        Path y2024 = output.resolve("2024-03/revision-1");
        Map<String, Map<String, String>> before = figures(y2024.resolve("figures.csv"));
        assertThat(before.get("2024-03|arrests-series|2024-03|count").get("value")).isEqualTo("212");
        // outcomes of the latest year are provisional; of earlier years, not
        assertThat(before.get("2024-03|arrests-by-outcome|Pending|count").get("marker")).isEqualTo("[p]");
        assertThat(before.get("2023-03|arrests-by-outcome|Pending|count").get("marker")).isEmpty();
        assertThat(before.get("2024-03|arrests-by-age|17 and under|count").get("marker")).isEmpty();
        Map<String, String> hashes2024 = Published.hashes(y2024);

        Files.copy(full, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Runs.Result second = runner.run("annual-threat-report", "--year-ending", "2025-03");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Path y2025 = output.resolve("2025-03/revision-1");
        Map<String, Map<String, String>> after = figures(y2025.resolve("figures.csv"));
        assertThat(Published.hashes(y2024)).as("the 2024 report, byte for byte").isEqualTo(hashes2024);

        // [r] on exactly the figures whose value differs from what the 2024 report showed
        Set<String> changed = new TreeSet<>();
        Set<String> marked = new TreeSet<>();
        after.forEach((key, f) -> {
            Map<String, String> old = before.get(key);
            if (old != null && !old.get("value").equals(f.get("value"))) {
                changed.add(key);
            }
            if (f.get("marker").contains("[r]")) {
                marked.add(key);
            }
        });
        assertThat(changed).contains("2024-03|arrests-series|2024-03|count");
        assertThat(marked).as("[r] on exactly the changed figures").isEqualTo(changed);
        assertThat(after.get("2024-03|arrests-series|2024-03|count")).containsEntry("value", "221")
                .containsEntry("marker", "[r]");
        assertThat(after.get("2023-03|arrests-series|2023-03|count").get("marker")).isEmpty();
        // the 2024 outcomes are final now: [p] goes, and a changed value is [r]
        assertThat(after.get("2024-03|arrests-by-outcome|Total|count")).containsEntry("marker", "[r]");
        assertThat(after.values()).filteredOn(f -> f.get("period").equals("2024-03"))
                .allSatisfy(f -> assertThat(f.get("marker")).doesNotContain("[p]"));
        assertThat(after.get("2025-03|arrests-by-outcome|Pending|count").get("marker")).isEqualTo("[p]");

        XSSFWorkbook workbook = Published.workbook(Published.file(y2025, ".xlsx"));
        var series = Published.byLabels(Published.table(workbook, "Table_1"), 1);
        assertThat(series.get("March 2024 [r]").get("Arrests (number)")).isEqualTo("221 [r]");
        assertThat(series.get("March 2023").get("Arrests (number)")).doesNotContain("[r]");
        List<List<String>> revisions = Published.table(workbook, Published.sheetTitled(workbook, "Revisions"));
        assertThat(revisions).hasSize(changed.size() + 1);
        assertThat(revisions).contains(List.of("Table 1", "March 2024", "Arrests (number)", "212",
                "year ending March 2024, revision 1, published 27 November 2026", "221", "+9"));
        assertThat(Published.columnA(workbook, "Cover")).contains("Not yet released.");

        String ods = Published.odsContent(Published.file(y2025, ".ods"));
        assertThat(ods).contains("year ending March 2024, revision 1, published 27 November 2026")
                .contains("+9").contains("-revised");

        String pdf = Published.pdfText(Published.file(y2025, ".pdf")).replaceAll("\\s+", " ");
        assertThat(pdf).contains("The figure for the year ending 31 March 2024 has been revised from 212 to 221.")
                .contains("221 [r]").contains("Not yet released")
                .contains("year ending March 2024, revision 1, published 27 November 2026");

        Runs.Result diff = Runs.cli("diff", "annual-threat-report", "--from-year-ending", "2024-03",
                "--year-ending", "2025-03", "--output-dir", ws.resolve("output").toString());
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("Table 1 | March 2024 | Arrests (number): 212 -> 221")
                .contains(changed.size() + " figures changed of the");
    }

    /** figures.csv by period|table|row|column, each with its columns. */
    static Map<String, Map<String, String>> figures(Path file) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (Map<String, String> r : Counting.records(file)) {
            all.put(r.get("period") + "|" + r.get("table") + "|" + r.get("row") + "|" + r.get("column"), r);
        }
        return all;
    }
}
