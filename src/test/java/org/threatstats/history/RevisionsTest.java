package org.threatstats.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.support.Counting;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * The published example: calendar 2023 first published as 219 arrests (42 aged 17 and under), then corrected to
 * 223 (43). The second run publishes revision 2 with [r] on exactly the figures that changed, leaves revision 1
 * byte-for-byte, and a third run is up to date.
 */
class RevisionsTest {
    @TempDir
    Path dir;

    /** 2019 to 2022 from the generator, then 2023 written here: {@code total} arrests, {@code children} aged 15. */
    static void write(Path csv, int total, int children) throws Exception {
        try (OutputStream out = Files.newOutputStream(csv)) {
            new ArrestsGenerator(5, LocalDate.of(2019, 1, 1), LocalDate.of(2022, 12, 31)).write(900, out);
        }
        StringBuilder s = new StringBuilder();
        String[] outcomes = {"Charged", "Released on bail or under investigation", "Released without charge"};
        for (int i = 0; i < total; i++) {
            LocalDate date = LocalDate.of(2023, 1, 1).plusDays(i * 364L / total);
            s.append("C2023-").append(i).append(',').append(date).append(',').append(i < children ? 15 : 30 + i % 30)
                    .append(',').append(i % 9 == 0 ? "Female" : "Male").append(',')
                    .append(i % 3 == 0 ? "Extreme right-wing" : "Islamist").append(',').append(outcomes[i % 3])
                    .append('\n');
        }
        Files.writeString(csv, s, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void aCorrectionPublishesRevisionTwoMarkingExactlyTheChangedFigures() throws Exception {
        Path ws = Runs.workspace(dir);
        Files.delete(ws.resolve("input/state-threat-investigations.csv"));
        Path csv = ws.resolve("input/arrests.csv");
        Path output = ws.resolve("output");
        Path period = output.resolve("annual-threat-report/2023-12");

        write(csv, 219, 42);
        Runs.Result first = Runs.run(ws, "annual-threat-report", "--year-ending", "2023-12");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Map<String, String> revision1 = Published.hashes(period.resolve("revision-1"));
        String pdf1 = Published.pdfText(Published.file(period.resolve("revision-1"), ".pdf")).replaceAll("\\s+", " ");
        assertThat(pdf1).contains("There were 219 arrests for terrorism-related activity in the year ending 31 "
                + "December 2023").contains("42 (19.2%) of those arrested were aged 17 and under");

        write(csv, 223, 43);
        Runs.Result second = Runs.run(ws, "annual-threat-report", "--year-ending", "2023-12", "--published-on",
                "2026-12-04");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("published revision 2");
        assertThat(Published.hashes(period.resolve("revision-1"))).as("revision 1, byte for byte")
                .isEqualTo(revision1);
        assertThat(Files.readSymbolicLink(period.resolve("latest")).toString()).isEqualTo("revision-2");

        // what changed, from the figures files alone
        Set<String> changed = new TreeSet<>();
        Map<String, String> before = figures(period.resolve("revision-1/figures.csv"));
        figures(period.resolve("revision-2/figures.csv")).forEach((k, v) -> {
            if (before.containsKey(k) && !before.get(k).equals(v)) {
                changed.add(k);
            }
        });
        assertThat(changed).contains("Table_1|December 2023|Arrests (number)",
                "Table_2|17 and under|Year ending December 2023 (number)");

        // what the workbook marks [r]
        XSSFWorkbook workbook = Published.workbook(Published.file(period.resolve("revision-2"), ".xlsx"));
        Set<String> marked = new TreeSet<>();
        DataFormatter formatter = new DataFormatter(java.util.Locale.UK);
        int reportTables = (int) Counting.records(period.resolve("revision-2/figures.csv")).stream()
                .map(r -> r.get("table")).distinct().count();
        for (int t = 1; t <= reportTables; t++) {
            XSSFSheet sheet = workbook.getSheet("Table_" + t);
            XSSFTable table = sheet.getTables().get(0);
            List<String> header = Published.table(workbook, sheet.getSheetName()).get(0);
            for (int r = table.getStartRowIndex() + 1; r <= table.getEndRowIndex(); r++) {
                var row = sheet.getRow(r);
                for (int c = 0; c < header.size(); c++) {
                    String shown = formatter.formatCellValue(row.getCell(c));
                    if (shown.endsWith(" [r]") && header.get(c).contains("(")) {
                        StringBuilder labels = new StringBuilder();
                        for (int l = 0; l < header.size(); l++) {
                            if (row.getCell(l).getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                                    && !header.get(l).contains("(")) {
                                String label = row.getCell(l).getStringCellValue();
                                // the row's label says [r] too, which a copied cell or code keeps
                                assertThat(l > 0 || label.endsWith(" [r]")).as(label).isTrue();
                                labels.append(labels.length() > 0 ? ", " : "").append(label.replace(" [r]", ""));
                            }
                        }
                        marked.add(sheet.getSheetName() + "|" + labels + "|" + header.get(c));
                    }
                }
            }
        }
        assertThat(marked).as("[r] on exactly the changed figures").isEqualTo(changed);

        var series = Published.byLabels(Published.table(workbook, "Table_1"), 1);
        assertThat(series.get("December 2023 [r]").get("Arrests (number)")).isEqualTo("223 [r]");
        var byAge = Published.byLabels(Published.table(workbook, "Table_2"), 1);
        assertThat(byAge.get("17 and under [r]").get("Year ending December 2023 (number)")).isEqualTo("43 [r]");
        assertThat(Published.columnA(workbook, "Cover")).anySatisfy(line -> assertThat(line)
                .startsWith("This release contains revisions")).contains("Not yet released.");
        List<List<String>> revisions = Published.table(workbook, Published.sheetTitled(workbook, "Revisions"));
        assertThat(revisions).hasSize(changed.size() + 1);
        assertThat(revisions).contains(List.of("Table 1", "December 2023", "Arrests (number)", "219",
                "year ending December 2023, revision 1, published 27 November 2026",
                "223", "+4"));
        // the revisions sheet stores the figures as numbers
        XSSFSheet revisionSheet = workbook.getSheet(Published.sheetTitled(workbook, "Revisions"));
        var firstRevised = revisionSheet.getRow(revisionSheet.getTables().get(0).getStartRowIndex() + 1);
        assertThat(firstRevised.getCell(3).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
        assertThat(firstRevised.getCell(5).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);

        String pdf2 = Published.pdfText(Published.file(period.resolve("revision-2"), ".pdf")).replaceAll("\\s+", " ");
        assertThat(pdf2).contains("This release contains revisions").contains("December 2023 223 [r]")
                .contains("43 (19.3%) of those arrested were aged 17 and under");

        Runs.Result diff = Runs.cli("diff", "annual-threat-report", "--year-ending", "2023-12", "--output-dir",
                output.toString());
        assertThat(diff.exitCode()).isZero();
        assertThat(diff.out()).contains("Table 1 | December 2023 | Arrests (number): 219 -> 223")
                .contains("Table 2 | 17 and under | Year ending December 2023 (number): 42 -> 43")
                .contains(changed.size() + " figures changed between revision 1 and revision 2");

        List<String> history = Runs.cli("history", "--output-dir", output.toString()).out().lines().toList();
        assertThat(history).hasSize(2);
        assertThat(history.get(0)).contains("revision 1");
        assertThat(history.get(1)).contains("revision 2");
        assertThat(history.get(0).replaceAll(".*arrests=(\\S+).*", "$1"))
                .isNotEqualTo(history.get(1).replaceAll(".*arrests=(\\S+).*", "$1"));

        List<String> tree = Published.tree(period);
        Runs.Result third = Runs.run(ws, "annual-threat-report", "--year-ending", "2023-12");
        assertThat(third.exitCode()).isZero();
        assertThat(third.out()).contains("up to date: revision 2");
        assertThat(Published.tree(period)).isEqualTo(tree);

        // the supplier withdraws the correction: the first file again is a new revision, not "up to date"
        write(csv, 219, 42);
        Runs.Result back = Runs.run(ws, "annual-threat-report", "--year-ending", "2023-12");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(back.out()).contains("published revision 3");
        assertThat(Files.readSymbolicLink(period.resolve("latest")).toString()).isEqualTo("revision-3");
        assertThat(figures(period.resolve("revision-3/figures.csv")))
                .isEqualTo(figures(period.resolve("revision-1/figures.csv")));
        // compared with revision 2, the last publication that showed them, the withdrawn figures are revised again
        assertThat(Counting.records(period.resolve("revision-3/figures.csv")))
                .filteredOn(r -> r.get("row_label").equals("December 2023") && r.get("column").equals("count"))
                .extracting(r -> r.get("value") + " " + r.get("marker")).containsExactly("219 [r]");
    }

    @Test
    void forcePublishesANewRevisionOfUnchangedInputs() throws Exception {
        Path ws = Runs.workspace(dir);
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        Runs.Result forced = Runs.run(ws, "annual-threat-report", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("published revision 2");
        Path period = ws.resolve("output/annual-threat-report/2025-03");
        assertThat(Files.readString(period.resolve("revision-2/figures.csv")))
                .isEqualTo(Files.readString(period.resolve("revision-1/figures.csv")));
        String pdf = Published.pdfText(Published.file(period.resolve("revision-2"), ".pdf"));
        assertThat(pdf).contains("This release contains no revised figures").doesNotContain("[r]");
    }

    /** key: Table_N|row label|column header -> value */
    private static Map<String, String> figures(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> r : Counting.records(file)) {
            out.put(r.get("table_label").replace("Table ", "Table_") + "|" + r.get("row_label") + "|"
                    + r.get("column_header"), r.get("value"));
        }
        return out;
    }

}
