package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/** The workbook as a reader, a printer and code see it (issue 15, item 5). */
class WorkbookFixesTest {
    @TempDir
    static Path dir;

    static Path ws;
    static Path latest;
    static XSSFWorkbook workbook;

    @BeforeAll
    static void publish() {
        ws = Runs.workspace(dir);
        assertThat(Runs.run(ws, "annual-threat-report", "--published-on", "2026-12-02").exitCode()).isZero();
        latest = Published.latest(ws.resolve("output"), "annual-threat-report", "2025-03");
        workbook = Published.workbook(Published.file(latest, ".xlsx"));
    }

    private static String cover() {
        StringBuilder s = new StringBuilder();
        workbook.getSheet("Cover").forEach(r -> s.append(r.getCell(0).getStringCellValue()).append('\n'));
        return s.toString();
    }

    @Test
    void theNextUpdateIsWorkedOutFromThePublicationMonthsAndNeverInThePast() throws Exception {
        assertThat(cover()).contains("Published: 2 December 2026").contains("Next update: March 2027.");
        Path job = ws.resolve("jobs/annual-threat-report.yml");
        Files.writeString(job, Files.readString(job).replaceFirst("(?m)^contact: ", "next-update: June 2026\ncontact: "));
        Runs.Result past = Runs.run(ws, "annual-threat-report", "--published-on", "2026-12-03");
        assertThat(past.exitCode()).as(past.toString()).isEqualTo(64);
        assertThat(past.err() + past.out()).contains("next-update: June 2026").contains("before the publication date");
    }

    @Test
    void theDocumentTitleKeepsItsHyphen() {
        assertThat(workbook.getProperties().getCoreProperties().getTitle())
                .startsWith("Arrests for terrorism-related activity");
    }

    @Test
    void sharesAndChangesAreStoredRounded() {
        XSSFSheet sheet = workbook.getSheet(Published.sheetTitled(workbook,
                "Arrests for terrorism-related activity by age group,"));
        int header = sheet.getTables().get(0).getStartRowIndex();
        int share = -1;
        for (var cell : sheet.getRow(header)) {
            if (cell.getStringCellValue().startsWith("Share")) {
                share = cell.getColumnIndex();
            }
        }
        assertThat(sheet.getRow(header + 1).getCell(0).getStringCellValue()).isEqualTo("17 and under");
        assertThat(sheet.getRow(header + 1).getCell(share).getNumericCellValue()).isEqualTo(18.5);
        for (int r = header + 1; r <= sheet.getLastRowNum(); r++) {
            for (var cell : sheet.getRow(r)) {
                if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
                    double v = cell.getNumericCellValue();
                    assertThat(Math.abs(v * 10 - Math.rint(v * 10))).as("%s stored to one decimal place", v)
                            .isLessThan(1e-9);
                }
            }
        }
    }

    @Test
    void everySheetPrintsOnePageWideOnA4AndWideTablesInLandscape() throws Exception {
        for (var s : workbook) {
            XSSFSheet sheet = (XSSFSheet) s;
            assertThat(sheet.getFitToPage()).as(sheet.getSheetName()).isTrue();
            assertThat(sheet.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
            assertThat(sheet.getPrintSetup().getFitHeight()).isZero();
            assertThat(sheet.getPrintSetup().getPaperSize()).isEqualTo(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
        }
        String ages = Published.sheetTitled(workbook, "Arrests for terrorism-related activity by age group,");
        assertThat(workbook.getSheet(ages).getPrintSetup().getLandscape()).isTrue();
        assertThat(workbook.getSheet("Cover").getPrintSetup().getLandscape()).isFalse();
        assertThat(workbook.getSheet("Cover").getRow(0).getCell(0).getCellStyle().getWrapText()).as("cover title")
                .isTrue();
        try (ZipFile ods = new ZipFile(Published.file(latest, ".ods").toFile())) {
            String styles = new String(ods.getInputStream(ods.getEntry("styles.xml")).readAllBytes());
            String content = Published.odsContent(Published.file(latest, ".ods"));
            assertThat(styles + content).contains("style:scale-to-pages=\"1\"").contains("style:print-orientation=\"landscape\"");
        }
    }
}
