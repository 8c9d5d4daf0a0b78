package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/** Every rule of the Analysis Function's spreadsheet standard, checked on every sheet of the sample workbook. */
class WorkbookStandardTest {
    @TempDir
    static Path dir;

    static XSSFWorkbook workbook;
    static Path latest;

    @BeforeAll
    static void publish() {
        Path ws = Runs.workspace(dir);
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        latest = Published.latest(ws.resolve("output"), "annual-threat-report", "2025-03");
        workbook = Published.workbook(Published.file(latest, ".xlsx"));
    }

    @Test
    void theSameWorkbookIsPublishedAsOdsWithTheSameSheetsAndFigures() throws Exception {
        Path ods = Published.file(latest, ".ods");
        String content = Published.odsContent(ods);
        List<String> sheets = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("<table:table table:name=\"([^\"]+)\"").matcher(content);
        while (m.find()) {
            sheets.add(m.group(1));
        }
        List<String> xlsx = new ArrayList<>();
        workbook.forEach(s -> xlsx.add(s.getSheetName()));
        assertThat(sheets).isEqualTo(xlsx);
        assertThat(content).containsPattern("office:value-type=\"float\" office:value=\"232(\\.0)?\"")
                .doesNotContain("table:formula");
    }

    static List<XSSFSheet> tableSheets() {
        List<XSSFSheet> sheets = new ArrayList<>();
        for (int i = 3; i < workbook.getNumberOfSheets(); i++) {
            sheets.add(workbook.getSheetAt(i));
        }
        return sheets;
    }

    @Test
    void sheetsAreCoverContentsNotesThenOneTablePerSheet() {
        List<String> names = new ArrayList<>();
        workbook.forEach(s -> names.add(s.getSheetName()));
        assertThat(names.subList(0, 3)).containsExactly("Cover", "Contents", "Notes");
        for (int i = 3; i < names.size(); i++) {
            assertThat(names.get(i)).isEqualTo("Table_" + (i - 2));
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(11); // 7 report tables, data quality, ...
        assertThat(workbook.getActiveSheetIndex()).as("opens on the cover").isZero();
        assertThat(workbook.getFirstVisibleTab()).isZero();
    }

    @Test
    void everySheetOpensAtA1AtOneHundredPercentWithNothingFrozenMergedOrHidden() {
        for (var s : workbook) {
            XSSFSheet sheet = (XSSFSheet) s;
            var view = sheet.getCTWorksheet().getSheetViews().getSheetViewArray(0);
            assertThat(sheet.getActiveCell().formatAsString()).as(sheet.getSheetName()).isEqualTo("A1");
            assertThat(view.isSetZoomScale() ? view.getZoomScale() : 100).isEqualTo(100);
            assertThat(sheet.getNumMergedRegions()).isZero();
            assertThat(sheet.getPaneInformation()).isNull();
            for (XSSFRow row : iterable(sheet)) {
                assertThat(row.getZeroHeight()).isFalse();
                for (var cell : row) {
                    assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
                    XSSFCellStyle style = (XSSFCellStyle) cell.getCellStyle();
                    assertThat(style.getFont().getFontName()).isEqualTo("Arial");
                    assertThat(style.getFont().getFontHeightInPoints()).isGreaterThanOrEqualTo((short) 12);
                    assertThat(style.getFont().getItalic()).isFalse();
                }
            }
        }
    }

    @Test
    void coverContentsAndNotesFollowTheRules() {
        XSSFSheet cover = workbook.getSheet("Cover");
        XSSFCell title = cover.getRow(0).getCell(0);
        assertThat(title.getStringCellValue()).contains("Great Britain").contains("year ending March 2025");
        assertThat(title.getCellStyle().getFont().getBold()).isTrue();
        assertThat(title.getCellStyle().getFont().getFontHeightInPoints()).isEqualTo((short) 16);
        List<String> lines = new ArrayList<>();
        for (XSSFRow row : iterable(cover)) {
            assertThat(row.getLastCellNum()).as("all text in column A").isEqualTo((short) 1);
            lines.add(row.getCell(0).getStringCellValue());
        }
        assertThat(String.join("\n", lines)).contains("Published: 27 November 2026").contains("Source:")
                .contains("Next update: December 2026").contains("Contact:").contains("Protective marking: OFFICIAL")
                .contains("suppressed");

        List<List<String>> contents = Published.table(workbook, "Contents");
        assertThat(contents.get(0)).containsExactly("Sheet name", "Table title");
        XSSFSheet sheet = workbook.getSheet("Contents");
        for (int r = 1; r < contents.size(); r++) {
            XSSFCell link = sheet.getRow(sheet.getTables().get(0).getStartRowIndex() + r).getCell(0);
            assertThat(link.getHyperlink().getAddress()).isEqualTo("'" + contents.get(r).get(0) + "'!A1");
            assertThat(contents.get(r).get(1)).startsWith("Table " + r + ": ");
        }
        assertThat(contents).hasSize(workbook.getNumberOfSheets() - 3 + 1);

        List<List<String>> notes = Published.table(workbook, "Notes");
        assertThat(notes.get(0)).containsExactly("Note number", "Note text");
        assertThat(notes.get(1).get(0)).isEqualTo("note 1");
    }

    @Test
    void everyTableFollowsTheRules() {
        Set<String> tableNames = new HashSet<>();
        for (XSSFSheet sheet : tableSheets()) {
            String name = sheet.getSheetName();
            XSSFCell a1 = sheet.getRow(0).getCell(0);
            assertThat(a1.getStringCellValue()).as(name).startsWith("Table " + name.substring(6) + ": ");
            assertThat(a1.getCellStyle().getFont().getFontHeightInPoints()).isEqualTo((short) 16);
            assertThat(a1.getCellStyle().getFont().getBold()).isTrue();
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).containsIgnoringCase("notes");
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).containsIgnoringCase("shorthand");
            assertThat(sheet.getRow(3).getCell(0).getStringCellValue()).startsWith("Source: ");

            assertThat(sheet.getTables()).as(name).hasSize(1);
            XSSFTable table = sheet.getTables().get(0);
            var ct = table.getCTTable();
            assertThat(ct.isSetAutoFilter()).as("no autofilter").isFalse();
            assertThat(ct.isSetTableStyleInfo()).as("no table style").isFalse();
            assertThat(ct.getHeaderRowCount()).isEqualTo(1);
            assertThat(table.getName()).doesNotContain(" ");
            assertThat(tableNames.add(table.getName())).isTrue();
            assertThat(table.getStartColIndex()).as("starts in column A").isZero();
            assertThat(table.getEndRowIndex()).as("nothing below the table").isEqualTo(sheet.getLastRowNum());

            List<List<String>> rows = Published.table(workbook, name);
            List<String> header = rows.get(0);
            assertThat(new HashSet<>(header)).as("unique headers").hasSize(header.size());
            for (int c = 0; c < header.size(); c++) {
                XSSFCell headerCell = sheet.getRow(table.getStartRowIndex()).getCell(c);
                boolean numeric = header.get(c).endsWith("(number)") || header.get(c).contains("(%")
                        || header.get(c).endsWith("(number or %)");
                assertThat(headerCell.getStringCellValue()).isEqualTo(ct.getTableColumns()
                        .getTableColumnArray(c).getName());
                for (int r = table.getStartRowIndex() + 1; r <= table.getEndRowIndex(); r++) {
                    XSSFCell cell = sheet.getRow(r).getCell(c);
                    assertThat(cell).as("%s row %d column %d: no blank cells", name, r, c).isNotNull();
                    if (numeric) {
                        assertThat(cell.getCellStyle().getAlignment()).isEqualTo(HorizontalAlignment.RIGHT);
                        if (cell.getCellType() == CellType.NUMERIC) {
                            String format = cell.getCellStyle().getDataFormatString();
                            assertThat(format).as("%s %s", name, header.get(c))
                                    .startsWith(header.get(c).contains("%") ? "0.0" : "#,##0");
                        } else {
                            assertThat(cell.getStringCellValue()).as("text in a numeric column is shorthand")
                                    .matches("\\[[a-z]+\\]( \\[r\\])?");
                        }
                    } else {
                        assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                        assertThat(cell.getCellStyle().getAlignment()).isEqualTo(HorizontalAlignment.LEFT);
                    }
                }
                if (numeric) {
                    assertThat(headerCell.getCellStyle().getAlignment()).isEqualTo(HorizontalAlignment.RIGHT);
                }
                // a header wraps (its style wraps): no word of it and no value is cut
                int widest = 0;
                for (String word : header.get(c).split(" ")) {
                    widest = Math.max(widest, word.length());
                }
                assertThat(headerCell.getCellStyle().getWrapText()).isTrue();
                for (List<String> row : rows.subList(1, rows.size())) {
                    widest = Math.max(widest, row.get(c).length());
                }
                assertThat(sheet.getColumnWidth(c)).as("%s column %d wide enough", name, c)
                        .isGreaterThanOrEqualTo(Math.min(40, widest) * 256);
            }
        }
    }

    @Test
    void documentPropertiesNameTheReportItsLanguageAuthorAndKeywords() {
        var core = workbook.getProperties().getCoreProperties();
        // "terrorism-related" keeps its hyphen; no underscores, no dashes between words
        assertThat(core.getTitle()).contains("Arrests for terrorism-related activity").doesNotContain("_")
                .doesNotContain(" - ");
        assertThat(core.getUnderlyingProperties().getLanguageProperty()).contains("en-GB");
        assertThat(core.getCreator()).isEqualTo("Threat Statistics Unit");
        assertThat(core.getKeywords()).contains("terrorism");
    }

    @Test
    void crossTabulatedCountsFromOneToTwoAreSuppressed() {
        String sheet = Published.sheetTitled(workbook, "Arrests for terrorism-related activity by age group and sex");
        List<List<String>> rows = Published.table(workbook, sheet);
        int suppressed = 0;
        List<String> header = rows.get(0);
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.get(1).equals("Total")) {
                continue; // the totals are published in the tables by age group and by sex
            }
            for (int c = 2; c < row.size(); c++) {
                if (header.get(c).endsWith("(number)") && !header.get(c).startsWith("Total")) {
                    assertThat(row.get(c)).as("%s, %s", row.get(1), header.get(c)).isNotIn("1", "2");
                    suppressed += row.get(c).equals("[c]") ? 1 : 0;
                }
            }
        }
        assertThat(suppressed).as("the sample has small cells to protect").isPositive();
        assertThat(workbook.getSheet(sheet).getRow(2).getCell(0).getStringCellValue()).contains("[c] = confidential");
    }

    private static Iterable<XSSFRow> iterable(XSSFSheet sheet) {
        List<XSSFRow> rows = new ArrayList<>();
        for (var row : sheet) {
            rows.add((XSSFRow) row);
        }
        return rows;
    }
}
