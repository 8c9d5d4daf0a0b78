package org.threatstats.publish.excel;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.poi.common.usermodel.HyperlinkType;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.util.Reproducibility;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFDataFormat;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFHyperlink;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.threatstats.publish.Cell;
import org.threatstats.publish.Column;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportSheets;
import org.threatstats.publish.ReportTable;

/**
 * Renders a {@link Report} as an .xlsx workbook to the Analysis Function's spreadsheet rules: Cover, Contents and
 * Notes sheets, then one table per sheet (an Excel table object with one header row, no filter and no style),
 * numbers stored as published (shares and changes to one decimal place) with #,##0 and 0.0 formats, shorthand in numeric columns as right-aligned text, Arial 12
 * and titles 16 bold, widths from the content, every sheet at A1 and 100%, and document properties set.
 */
public final class ExcelRenderer {
    /** Wrapped text columns fit a portrait A4 page at 100% (with the notes' number column beside them). */
    private static final int WRAP_WIDTH_CHARS = 75;
    /** Characters of Arial 12 on one line of a column WRAP_WIDTH_CHARS wide, and the height of one line. */
    private static final int WRAPPED_LINE_CHARS = 60;
    private static final float LINE_POINTS = 15.5f;

    public void render(Report report, OutputStream out) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Styles styles = new Styles(workbook);
            List<ReportTable> tables = ReportSheets.allTables(report);
            cover(workbook.createSheet("Cover"), report, styles);
            contents(workbook.createSheet("Contents"), tables, styles);
            notes(workbook.createSheet("Notes"), report, styles);
            for (ReportTable table : tables) {
                table(workbook, workbook.createSheet(table.sheetName()), table, report, styles);
            }
            for (int i = 0; i < 3; i++) {
                XSSFSheet sheet = workbook.getSheetAt(i);
                int last = sheet.getRow(2) != null && sheet.getRow(2).getLastCellNum() > 1 ? 1 : 0;
                print(workbook, sheet, last, sheet.getLastRowNum(), false);
            }
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                XSSFSheet sheet = workbook.getSheetAt(i);
                sheet.setZoom(100);
                sheet.setActiveCell(new CellAddress("A1"));
                sheet.setSelected(i == 0);
            }
            workbook.setActiveSheet(0);
            workbook.setFirstVisibleTab(0);
            properties(workbook, report);
            // zip entries get time 0 instead of "now" (POI's switch for SOURCE_DATE_EPOCH), so the same report
            // always gives the same bytes; the switch is global, so one workbook is written at a time
            synchronized (ExcelRenderer.class) {
                Reproducibility.runWithSourceDateEpoch(() -> workbook.write(out));
            }
        }
    }

    private static void properties(XSSFWorkbook workbook, Report report) {
        POIXMLProperties.CoreProperties core = workbook.getProperties().getCoreProperties();
        core.setTitle(ReportSheets.documentTitle(report));
        core.setCreator(report.organisation());
        core.setKeywords(String.join(", ", report.keywords()));
        core.setSubjectProperty(report.periodLabel());
        // the only date in the file is the publication date, so the same inputs give the same bytes
        Date published = Date.from(LocalDate.parse(report.publishedOn()).atStartOfDay(ZoneOffset.UTC).toInstant());
        core.setCreated(Optional.of(published));
        core.getUnderlyingProperties().setModifiedProperty(Optional.of(published));
        core.getUnderlyingProperties().setLanguageProperty("en-GB");
        workbook.getProperties().getExtendedProperties().getUnderlyingProperties().setCompany(report.organisation());
    }

    private void cover(XSSFSheet sheet, Report report, Styles styles) {
        int r = 0;
        // the cover's title wraps within column A, so it prints whole on a portrait page
        XSSFRow title = sheet.createRow(r++);
        String coverTitle = ReportSheets.coverTitle(report);
        cell(title, 0, coverTitle, styles.titleWrapped);
        title.setHeightInPoints(21f * Math.max(1, (coverTitle.length() + 54) / 55));
        for (String line : ReportSheets.coverLines(report)) {
            text(sheet, r++, line, styles.wrapped);
        }
        text(sheet, r++, "Headlines", styles.heading);
        for (String line : report.headlines()) {
            text(sheet, r++, line, styles.wrapped);
        }
        if (report.disclosureRule() != null) {
            text(sheet, r, report.disclosureRule(), styles.wrapped);
        }
        sheet.setColumnWidth(0, WRAP_WIDTH_CHARS * 256);
    }

    private void contents(XSSFSheet sheet, List<ReportTable> tables, Styles styles) {
        text(sheet, 0, "Contents", styles.title);
        text(sheet, 1, ReportSheets.CONTENTS_INTRO,
                styles.text);
        XSSFRow header = sheet.createRow(2);
        cell(header, 0, "Sheet name", styles.header);
        cell(header, 1, "Table title", styles.header);
        int r = 3;
        for (ReportTable t : tables) {
            XSSFRow row = sheet.createRow(r++);
            XSSFCell link = cell(row, 0, t.sheetName(), styles.link);
            XSSFHyperlink hyperlink = sheet.getWorkbook().getCreationHelper().createHyperlink(HyperlinkType.DOCUMENT);
            hyperlink.setAddress("'" + t.sheetName() + "'!A1");
            link.setHyperlink(hyperlink);
            cell(row, 1, t.numberedTitle(), styles.text);
        }
        addTable(sheet, 2, r - 1, 2, "contents", List.of("Sheet name", "Table title"));
        width(sheet, 0, tables.stream().map(ReportTable::sheetName).toList(), "Sheet name");
        width(sheet, 1, tables.stream().map(ReportTable::numberedTitle).toList(), "Table title");
    }

    private void notes(XSSFSheet sheet, Report report, Styles styles) {
        text(sheet, 0, "Notes", styles.title);
        text(sheet, 1, ReportSheets.NOTES_INTRO,
                styles.text);
        XSSFRow header = sheet.createRow(2);
        cell(header, 0, "Note number", styles.header);
        cell(header, 1, "Note text", styles.header);
        int r = 3;
        List<String> notes = ReportSheets.notes(report);
        for (int i = 0; i < notes.size(); i++) {
            XSSFRow row = sheet.createRow(r++);
            cell(row, 0, "note " + (i + 1), styles.text);
            cell(row, 1, notes.get(i), styles.wrapped);
            fitHeight(row, notes.get(i));
        }
        if (notes.isEmpty()) {
            XSSFRow row = sheet.createRow(r++);
            cell(row, 0, "none", styles.text);
            cell(row, 1, "There are no notes for these tables.", styles.text);
        }
        addTable(sheet, 2, r - 1, 2, "notes", List.of("Note number", "Note text"));
        sheet.setColumnWidth(0, 14 * 256);
        sheet.setColumnWidth(1, WRAP_WIDTH_CHARS * 256);
    }

    private void table(XSSFWorkbook workbook, XSSFSheet sheet, ReportTable table, Report report, Styles styles) {
        int r = 0;
        text(sheet, r++, table.numberedTitle(), styles.title);
        sheet.getRow(0).setHeightInPoints(22);
        text(sheet, r++, ReportSheets.notesLine(table), styles.text);
        text(sheet, r++, ReportSheets.shorthandLine(table.shorthand()), styles.text);
        text(sheet, r++, "Source: " + table.source(), styles.text);
        text(sheet, r++, "Protective marking: " + report.marking(), styles.text);
        int headerRow = r;
        XSSFRow header = sheet.createRow(r++);
        List<Column> columns = table.columns();
        for (int c = 0; c < columns.size(); c++) {
            cell(header, c, columns.get(c).header(), columns.get(c).numeric() ? styles.headerNumeric : styles.header);
        }
        for (List<Cell> cells : table.rows()) {
            XSSFRow row = sheet.createRow(r++);
            for (int c = 0; c < cells.size(); c++) {
                Cell value = cells.get(c);
                XSSFCell x = row.createCell(c);
                if (value.isNumber()) {
                    x.setCellValue(value.value());
                    x.setCellStyle(styles.number(value.format(), value.markers()));
                } else if (value.shorthand() != null) {
                    x.setCellValue(value.display());
                    x.setCellStyle(styles.shorthand);
                } else {
                    String text = ReportSheets.label(table, cells, c);
                    x.setCellValue(text);
                    x.setCellStyle(Styles.unsafe(text) ? styles.quoted : styles.text);
                }
            }
        }
        List<String> headers = columns.stream().map(Column::header).toList();
        addTable(sheet, headerRow, r - 1, columns.size(), table.id().replace('-', '_'), headers);
        int[] widths = ReportSheets.columnWidths(table);
        int lines = 1;
        for (int c = 0; c < widths.length; c++) {
            sheet.setColumnWidth(c, widths[c] * 256);
            // bold 12 pt: about a character less per line than the column holds
            lines = Math.max(lines, (int) Math.ceil(columns.get(c).header().length() * 1.1 / (widths[c] - 1)));
        }
        // the header row is as tall as its most wrapped header (readers other than Excel take it from the file)
        header.setHeightInPoints(lines * LINE_POINTS);
        int printed = ReportSheets.printedColumns(widths, List.of(table.numberedTitle(),
                ReportSheets.notesLine(table), ReportSheets.shorthandLine(table.shorthand()),
                "Source: " + table.source()));
        print(workbook, sheet, printed - 1, r - 1, ReportSheets.landscape(widths));
    }

    /**
     * Printed as a reader wants it: one page wide (as many pages down as it takes), landscape where the table is
     * wide, on A4, over the columns the title and the lines above the table overflow into, so none is cut.
     */
    private static void print(XSSFWorkbook workbook, XSSFSheet sheet, int lastColumn, int lastRow,
            boolean landscape) {
        sheet.setFitToPage(true);
        sheet.setAutobreaks(true);
        var setup = sheet.getPrintSetup();
        setup.setPaperSize(org.apache.poi.ss.usermodel.PrintSetup.A4_PAPERSIZE);
        setup.setFitWidth((short) 1);
        setup.setFitHeight((short) 0);
        setup.setLandscape(landscape);
        workbook.setPrintArea(workbook.getSheetIndex(sheet), 0, lastColumn, 0, Math.max(0, lastRow));
    }

    /** An Excel table object over the header and data rows: no autofilter, no table style. */
    private static void addTable(XSSFSheet sheet, int firstRow, int lastRow, int columns, String name,
            List<String> headers) {
        if (lastRow <= firstRow) {
            lastRow = firstRow + 1;
            XSSFRow empty = sheet.getRow(lastRow) != null ? sheet.getRow(lastRow) : sheet.createRow(lastRow);
            for (int c = 0; c < columns; c++) {
                empty.createCell(c).setCellValue(c == 0 ? "none" : "");
            }
        }
        AreaReference area = new AreaReference(new CellReference(firstRow, 0),
                new CellReference(lastRow, columns - 1), sheet.getWorkbook().getSpreadsheetVersion());
        XSSFTable table = sheet.createTable(area);
        table.setName(name);
        table.setDisplayName(name);
        var ct = table.getCTTable();
        if (ct.isSetAutoFilter()) {
            ct.unsetAutoFilter();
        }
        if (ct.isSetTableStyleInfo()) {
            ct.unsetTableStyleInfo();
        }
        for (int c = 0; c < columns; c++) {
            ct.getTableColumns().getTableColumnArray(c).setName(headers.get(c));
        }
    }

    private static void width(XSSFSheet sheet, int column, List<String> values, String header) {
        sheet.setColumnWidth(column, ReportSheets.width(header, values) * 256);
    }

    private static void text(XSSFSheet sheet, int row, String text, XSSFCellStyle style) {
        XSSFRow r = sheet.createRow(row);
        cell(r, 0, text, style);
        if (style.getWrapText()) {
            fitHeight(r, text);
        }
    }

    /**
     * Wrapped text needs a row tall enough for its lines: Excel recomputes that on opening, but other readers
     * (LibreOffice, converters, screen readers' page models) take the height from the file.
     */
    private static void fitHeight(XSSFRow row, String text) {
        int lines = Math.max(1, (text.length() + WRAPPED_LINE_CHARS - 1) / WRAPPED_LINE_CHARS);
        row.setHeightInPoints(lines * LINE_POINTS);
    }

    private static XSSFCell cell(XSSFRow row, int column, String text, XSSFCellStyle style) {
        XSSFCell cell = row.createCell(column);
        cell.setCellValue(text);
        cell.setCellStyle(style);
        return cell;
    }

    /** The few cell styles the rules allow, made once per workbook. */
    private static final class Styles {
        final XSSFCellStyle title;
        final XSSFCellStyle titleWrapped;
        final XSSFCellStyle heading;
        final XSSFCellStyle text;
        final XSSFCellStyle quoted;
        final XSSFCellStyle wrapped;
        final XSSFCellStyle header;
        final XSSFCellStyle headerNumeric;
        final XSSFCellStyle link;
        final XSSFCellStyle shorthand;
        private final Map<String, XSSFCellStyle> numbers = new HashMap<>();
        private final XSSFWorkbook workbook;
        private final XSSFFont plain;

        Styles(XSSFWorkbook workbook) {
            this.workbook = workbook;
            plain = font(12, false, false);
            XSSFFont bold16 = font(16, true, false);
            XSSFFont bold12 = font(12, true, false);
            XSSFFont underlined = font(12, false, true);
            title = style(bold16, HorizontalAlignment.LEFT, false);
            titleWrapped = style(bold16, HorizontalAlignment.LEFT, true);
            heading = style(bold12, HorizontalAlignment.LEFT, false);
            text = style(plain, HorizontalAlignment.LEFT, false);
            quoted = style(plain, HorizontalAlignment.LEFT, false);
            // shown as text and kept as text: Excel never evaluates a value that starts with = + - @
            quoted.setQuotePrefixed(true);
            wrapped = style(plain, HorizontalAlignment.LEFT, true);
            header = style(bold12, HorizontalAlignment.LEFT, true);
            headerNumeric = style(bold12, HorizontalAlignment.RIGHT, true);
            link = style(underlined, HorizontalAlignment.LEFT, false);
            shorthand = style(plain, HorizontalAlignment.RIGHT, false);
        }

        static boolean unsafe(String text) {
            if (text == null || text.isEmpty()) {
                return false;
            }
            char c = text.charAt(0);
            return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        }

        XSSFCellStyle number(String format, String markers) {
            String pattern = Cell.PERCENT.equals(format) ? "0.0" : "#,##0";
            if (!markers.isEmpty()) {
                pattern = pattern + "\"" + markers + "\"";
            }
            String key = pattern;
            return numbers.computeIfAbsent(key, k -> {
                XSSFCellStyle s = style(plain, HorizontalAlignment.RIGHT, false);
                XSSFDataFormat formats = workbook.createDataFormat();
                s.setDataFormat(formats.getFormat(k));
                return s;
            });
        }

        private XSSFFont font(int points, boolean bold, boolean underline) {
            XSSFFont f = workbook.createFont();
            f.setFontName("Arial");
            f.setFontHeightInPoints((short) points);
            f.setBold(bold);
            if (underline) {
                f.setUnderline(XSSFFont.U_SINGLE);
            }
            return f;
        }

        private XSSFCellStyle style(XSSFFont font, HorizontalAlignment align, boolean wrap) {
            XSSFCellStyle s = workbook.createCellStyle();
            s.setFont(font);
            s.setAlignment(align);
            s.setVerticalAlignment(VerticalAlignment.TOP);
            s.setWrapText(wrap);
            s.setBorderBottom(BorderStyle.NONE);
            return s;
        }
    }
}
