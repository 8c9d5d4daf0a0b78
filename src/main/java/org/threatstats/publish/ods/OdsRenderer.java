package org.threatstats.publish.ods;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.github.jferard.fastods.AnonymousOdsFileWriter;
import com.github.jferard.fastods.OdsDocument;
import com.github.jferard.fastods.OdsFactory;
import com.github.jferard.fastods.Table;
import com.github.jferard.fastods.TableCell;
import com.github.jferard.fastods.TableRowImpl;
import com.github.jferard.fastods.Text;
import com.github.jferard.fastods.attribute.CellAlign;
import com.github.jferard.fastods.attribute.SimpleLength;
import com.github.jferard.fastods.attribute.VerticalAlign;
import com.github.jferard.fastods.datastyle.DataStyle;
import com.github.jferard.fastods.datastyle.FloatStyle;
import com.github.jferard.fastods.datastyle.FloatStyleBuilder;
import com.github.jferard.fastods.odselement.ManifestElement;
import com.github.jferard.fastods.odselement.MetaElement;
import com.github.jferard.fastods.odselement.OdsElements;
import com.github.jferard.fastods.odselement.OdsEntry;
import com.github.jferard.fastods.odselement.StandardOdsEntry;
import com.github.jferard.fastods.odselement.config.ConfigElement;
import com.github.jferard.fastods.style.PageStyle;
import com.github.jferard.fastods.style.PageStyleBuilder;
import com.github.jferard.fastods.style.PaperFormat;
import com.github.jferard.fastods.style.TableCellStyle;
import com.github.jferard.fastods.style.TableCellStyleBuilder;
import com.github.jferard.fastods.style.TableColumnStyle;
import com.github.jferard.fastods.style.TableRowStyle;
import com.github.jferard.fastods.style.TableStyle;
import com.github.jferard.fastods.style.TextProperties;
import com.github.jferard.fastods.util.XMLUtil;
import com.github.jferard.fastods.util.ZipUTF8Writer;
import org.threatstats.publish.Cell;
import org.threatstats.publish.Column;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportSheets;
import org.threatstats.publish.ReportTable;

/**
 * Renders a {@link Report} as an OpenDocument spreadsheet (.ods), sheet for sheet and cell for cell the same as the
 * {@link org.threatstats.publish.excel.ExcelRenderer} workbook: Cover, Contents and Notes, then one table per sheet,
 * numbers stored as published with #,##0 and 0.0 formats, shorthand as right-aligned text, Arial 12 and titles 16 bold,
 * widths from the content, every sheet at A1 and 100%, and the document properties set. The same report always gives
 * the same bytes: the publication date is the only date in the file.
 */
public final class OdsRenderer {
    private static final Logger LOGGER = Logger.getLogger(OdsRenderer.class.getName());
    private static final Locale LOCALE = Locale.UK;
    private static final String FONT = "Arial";
    private static final int WRAP_WIDTH_CHARS = 75;
    /** Width of one character of Arial 12 pt (a digit is about 2.35 mm), to size columns in characters. */
    private static final double MM_PER_CHAR = 2.4;
    /** The only view fastods writes in settings.xml. */
    private static final String VIEW_ID = "View1";

    public void render(Report report, OutputStream out) throws IOException {
        LocalDateTime published = LocalDate.parse(report.publishedOn()).atStartOfDay();
        // the factory's own locale would otherwise come from the JVM and end up in the number styles
        OdsFactory factory = OdsFactory.builder(LOGGER, LOCALE).metaElement(new PublishedMeta(report, published))
                .build();
        AnonymousOdsFileWriter writer = factory.createWriter();
        OdsDocument document = writer.document();
        Styles styles = new Styles();
        List<ReportTable> tables = ReportSheets.allTables(report);
        cover(sheet(document, "Cover", styles), report, styles);
        contents(sheet(document, "Contents", styles), tables, styles);
        notes(sheet(document, "Notes", styles), report, styles);
        for (ReportTable table : tables) {
            table(document.addTable(table.sheetName()), table, report, styles);
        }
        for (Table table : document.getTables()) {
            table.updateConfigItem(ConfigElement.ZOOM_VALUE, "100");
            table.updateConfigItem(ConfigElement.CURSOR_POSITION_X, "0");
            table.updateConfigItem(ConfigElement.CURSOR_POSITION_Y, "0");
        }
        // addTable() makes each new sheet "active" through an add that never replaces fastods' default ("Sheet1"),
        // so the view setting is overwritten instead: the file opens on the cover
        document.setViewSetting(VIEW_ID, ConfigElement.ACTIVE_TABLE.getName(), "Cover");
        FixedTimeZipWriter zip = new FixedTimeZipWriter(out, published);
        writer.save(zip);
        zip.finish();
    }

    /** A new sheet of the cover, contents or notes, printed on portrait pages. */
    private static Table sheet(OdsDocument document, String name, Styles styles) throws IOException {
        Table sheet = document.addTable(name);
        sheet.setStyle(styles.page);
        return sheet;
    }

    private void cover(Table sheet, Report report, Styles styles) throws IOException {
        int r = 0;
        text(sheet, r++, 0, ReportSheets.coverTitle(report), styles.title);
        for (String line : ReportSheets.coverLines(report)) {
            text(sheet, r++, 0, line, styles.wrapped);
        }
        text(sheet, r++, 0, "Headlines", styles.heading);
        for (String line : report.headlines()) {
            text(sheet, r++, 0, line, styles.wrapped);
        }
        if (report.disclosureRule() != null) {
            text(sheet, r, 0, report.disclosureRule(), styles.wrapped);
        }
        width(sheet, 0, WRAP_WIDTH_CHARS, styles);
    }

    private void contents(Table sheet, List<ReportTable> tables, Styles styles) throws IOException {
        text(sheet, 0, 0, "Contents", styles.title);
        text(sheet, 1, 0, ReportSheets.CONTENTS_INTRO, styles.text);
        text(sheet, 2, 0, "Sheet name", styles.header);
        text(sheet, 2, 1, "Table title", styles.header);
        int r = 3;
        for (ReportTable t : tables) {
            TableCell link = cell(sheet, r, 0);
            // the link's text is the sheet name (letters, digits, underscores), which fastods writes unescaped
            link.setText(Text.builder().par().link(t.sheetName(), "#" + t.sheetName() + ".A1").build());
            link.setStyle(styles.link);
            text(sheet, r++, 1, t.numberedTitle(), styles.text);
        }
        width(sheet, 0, ReportSheets.width("Sheet name", tables.stream().map(ReportTable::sheetName).toList()), styles);
        width(sheet, 1, ReportSheets.width("Table title", tables.stream().map(ReportTable::numberedTitle).toList()),
                styles);
    }

    private void notes(Table sheet, Report report, Styles styles) throws IOException {
        text(sheet, 0, 0, "Notes", styles.title);
        text(sheet, 1, 0, ReportSheets.NOTES_INTRO, styles.text);
        text(sheet, 2, 0, "Note number", styles.header);
        text(sheet, 2, 1, "Note text", styles.header);
        int r = 3;
        List<String> notes = ReportSheets.notes(report);
        for (int i = 0; i < notes.size(); i++) {
            text(sheet, r, 0, "note " + (i + 1), styles.text);
            text(sheet, r++, 1, notes.get(i), styles.wrapped);
        }
        if (notes.isEmpty()) {
            text(sheet, r, 0, "none", styles.text);
            text(sheet, r, 1, "There are no notes for these tables.", styles.text);
        }
        width(sheet, 0, 14, styles);
        width(sheet, 1, WRAP_WIDTH_CHARS, styles);
    }

    private void table(Table sheet, ReportTable table, Report report, Styles styles) throws IOException {
        int r = 0;
        text(sheet, r++, 0, table.numberedTitle(), styles.title);
        text(sheet, r++, 0, ReportSheets.notesLine(table), styles.text);
        text(sheet, r++, 0, ReportSheets.shorthandLine(table.shorthand()), styles.text);
        text(sheet, r++, 0, "Source: " + table.source(), styles.text);
        text(sheet, r++, 0, "Protective marking: " + report.marking(), styles.text);
        List<Column> columns = table.columns();
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            text(sheet, r, c, column.header(), column.numeric() ? styles.headerNumeric : styles.header);
        }
        r++;
        for (List<Cell> cells : table.rows()) {
            for (int c = 0; c < cells.size(); c++) {
                Cell value = cells.get(c);
                if (value.isNumber()) {
                    number(sheet, r, c, value, styles);
                } else if (value.shorthand() != null) {
                    text(sheet, r, c, value.display(), styles.shorthand);
                } else {
                    text(sheet, r, c, ReportSheets.label(table, cells, c), styles.text);
                }
            }
            r++;
        }
        if (table.rows().isEmpty()) {
            // as the workbook's table object: never a header without a row below it
            text(sheet, r, 0, "none", styles.text);
        }
        int[] widths = ReportSheets.columnWidths(table);
        for (int c = 0; c < widths.length; c++) {
            width(sheet, c, widths[c], styles);
        }
        sheet.setStyle(ReportSheets.landscape(widths) ? styles.wide : styles.page);
    }

    /** A float cell holding the value as published; its data style formats it and adds its [p] or [r]. */
    private static void number(Table sheet, int row, int column, Cell value, Styles styles) throws IOException {
        TableCell cell = cell(sheet, row, column);
        cell.setFloatValue(value.value());
        cell.setStyle(styles.number);
        cell.setDataStyle(styles.format(value.format(), value.markers()));
    }

    /**
     * A string cell. ODF keeps a formula apart (table:formula), so a value starting with = + - @ is stored and shown
     * as text and never evaluated: no quoting is needed, unlike Excel.
     */
    private static void text(Table sheet, int row, int column, String text, TableCellStyle style) throws IOException {
        TableCell cell = cell(sheet, row, column);
        cell.setStringValue(text);
        cell.setStyle(style);
    }

    private static TableCell cell(Table sheet, int row, int column) throws IOException {
        TableRowImpl r = sheet.getRow(row);
        // rows fit their content: the cover's and notes' wrapped paragraphs need several lines
        r.setRowStyle(Styles.ROW);
        return r.getOrCreateCell(column);
    }

    /** A column about this many characters wide, at most 255 as in Excel. */
    private static void width(Table sheet, int column, int chars, Styles styles) {
        sheet.setColumnStyle(column, styles.column(Math.min(255, chars)));
    }

    /** The few cell styles the rules allow, plus column widths and number formats, made once per document. */
    private static final class Styles {
        static final TableRowStyle ROW = TableRowStyle.builder("ro-fit").optimalHeight().build();

        final TableCellStyle title = base("ts-title").fontSize(SimpleLength.pt(16)).fontWeightBold().build();
        final TableCellStyle heading = base("ts-heading").fontWeightBold().build();
        final TableCellStyle text = base("ts-text").build();
        final TableCellStyle wrapped = base("ts-wrapped").fontWrap(true).build();
        final TableCellStyle header = base("ts-header").fontWeightBold().fontWrap(true).build();
        final TableCellStyle headerNumeric = base("ts-header-numeric").fontWeightBold().fontWrap(true)
                .textAlign(CellAlign.RIGHT).build();
        final TableCellStyle link = base("ts-link").fontUnderlineStyle(TextProperties.Underline.SOLID).build();
        final TableCellStyle shorthand = base("ts-shorthand").textAlign(CellAlign.RIGHT).build();
        final TableCellStyle number = base("ts-number").textAlign(CellAlign.RIGHT).build();
        /**
         * Printed on one A4 page, portrait or (wide tables) landscape. One page wide, as the workbook, would be
         * scale-to-X, which fastods writes with an undeclared loext prefix (malformed XML), so scale-to-pages.
         */
        final TableStyle page = printed("ta-page", "pm-portrait", false);
        final TableStyle wide = printed("ta-wide", "pm-landscape", true);

        private static TableStyle printed(String name, String pageName, boolean landscape) {
            PageStyleBuilder pageStyle = PageStyle.builder(pageName).paperFormat(PaperFormat.A4);
            if (landscape) {
                pageStyle.printOrientationHorizontal();
            } else {
                pageStyle.printOrientationVertical();
            }
            return TableStyle.builder(name).pageStyle(pageStyle.scaleToPages(1).build()).build();
        }
        private final FloatStyle count = new FloatStyleBuilder("n-count", LOCALE).decimalPlaces(0)
                .groupThousands(true).build();
        private final FloatStyle percent = new FloatStyleBuilder("n-percent", LOCALE).decimalPlaces(1).build();
        private final Map<String, DataStyle> suffixed = new HashMap<>();
        private final Map<Integer, TableColumnStyle> columns = new HashMap<>();

        /** #,##0 or 0.0, as the workbook's formats; a marked figure's format shows " [p]", " [r]" after it. */
        DataStyle format(String format, String markers) {
            FloatStyle number = Cell.PERCENT.equals(format) ? percent : count;
            if (markers.isEmpty()) {
                return number;
            }
            String name = number.getName() + (markers.contains("[p]") ? "-provisional" : "")
                    + (markers.contains("[r]") ? "-revised" : "");
            return suffixed.computeIfAbsent(name, n -> new SuffixedStyle(n, number, markers));
        }

        TableColumnStyle column(int chars) {
            return columns.computeIfAbsent(chars, n -> TableColumnStyle.builder("co-" + n)
                    .columnWidth(SimpleLength.mm(Math.round(n * MM_PER_CHAR * 10) / 10.0)).build());
        }

        private static TableCellStyleBuilder base(String name) {
            return TableCellStyle.builder(name).fontName(FONT).fontSize(SimpleLength.pt(12))
                    .verticalAlign(VerticalAlign.TOP).textAlign(CellAlign.LEFT);
        }
    }

    /**
     * A number format with text after the number (" [r]"), which fastods' FloatStyle cannot express: the number
     * element comes from the FloatStyle, so the digits and grouping match the unrevised format exactly.
     */
    private record SuffixedStyle(String name, FloatStyle number, String suffix) implements DataStyle {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isHidden() {
            return number.isHidden();
        }

        @Override
        public void addToElements(OdsElements odsElements) {
            odsElements.addDataStyle(this);
        }

        @Override
        public void appendXMLContent(XMLUtil util, Appendable appendable) throws IOException {
            appendable.append("<number:number-style");
            util.appendEAttribute(appendable, "style:name", name);
            util.appendEAttribute(appendable, "number:language", LOCALE.getLanguage());
            util.appendEAttribute(appendable, "number:country", LOCALE.getCountry());
            appendable.append(">");
            number.appendNumberTag(util, appendable);
            util.appendTag(appendable, "number:text", suffix);
            appendable.append("</number:number-style>");
        }
    }

    /**
     * meta.xml with the publication date as both creation and modification date. fastods' MetaElement writes no
     * creation date and stamps "now" as dc:date by default, so this writes the whole element itself.
     */
    private static final class PublishedMeta extends MetaElement {
        private final Report report;
        private final String date;

        PublishedMeta(Report report, LocalDateTime published) {
            this(report, iso(published));
        }

        /** The library's fields hold the same values, though {@link #write} below is what writes them. */
        private PublishedMeta(Report report, String date) {
            super(report.organisation(), date, null, "en-GB", report.periodLabel(), null, "1", "PT0S",
                    report.organisation(), report.keywords(), List.of());
            this.report = report;
            this.date = date;
        }

        /** "2025-06-30T00:00:00Z": LocalDateTime.toString() would drop the zero seconds. */
        private static String iso(LocalDateTime time) {
            return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).format(time);
        }

        @Override
        public void write(XMLUtil util, ZipUTF8Writer writer) throws IOException {
            writer.putAndRegisterNextEntry(new StandardOdsEntry("meta.xml", "text/xml", null));
            writer.append(XMLUtil.XML_PROLOG);
            writer.append("<office:document-meta");
            util.appendAttribute(writer, "xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0");
            util.appendAttribute(writer, "xmlns:meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0");
            util.appendAttribute(writer, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
            util.appendAttribute(writer, "office:version", OFFICE_VERSION);
            writer.append("><office:meta>");
            util.appendTag(writer, "meta:generator", GENERATOR);
            util.appendTag(writer, "dc:title", ReportSheets.documentTitle(report));
            util.appendTag(writer, "dc:subject", report.periodLabel());
            for (String keyword : report.keywords()) {
                util.appendTag(writer, "meta:keyword", keyword);
            }
            util.appendTag(writer, "meta:initial-creator", report.organisation());
            util.appendTag(writer, "dc:creator", report.organisation());
            util.appendTag(writer, "meta:creation-date", date);
            util.appendTag(writer, "dc:date", date);
            util.appendTag(writer, "dc:language", "en-GB");
            util.appendTag(writer, "meta:editing-cycles", "1");
            writer.append("</office:meta></office:document-meta>");
            writer.closeEntry();
        }
    }

    /**
     * fastods' own zip writer leaves entry times unset, so ZipOutputStream stamps "now" on each entry. This one
     * gives every entry the publication date (as a local date-time, so the JVM's time zone cannot shift it), and
     * leaves the caller's stream open, as the other renderers do.
     */
    private static final class FixedTimeZipWriter implements ZipUTF8Writer {
        private final ZipOutputStream zip;
        private final Writer writer;
        private final ManifestElement manifest = ManifestElement.create();
        private final XMLUtil xmlUtil = XMLUtil.create();
        private final LocalDateTime time;

        FixedTimeZipWriter(OutputStream out, LocalDateTime time) {
            this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            this.writer = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8));
            this.time = time;
        }

        @Override
        public void putNextEntry(OdsEntry entry) throws IOException {
            writer.flush();
            ZipEntry e = entry.asZipEntry();
            e.setTimeLocal(time);
            zip.putNextEntry(e);
        }

        @Override
        public void putAndRegisterNextEntry(OdsEntry entry) throws IOException {
            registerEntry(entry);
            putNextEntry(entry);
        }

        @Override
        public void registerEntry(OdsEntry entry) {
            manifest.add(entry);
        }

        @Override
        public void closeEntry() throws IOException {
            writer.flush();
            zip.closeEntry();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            writer.flush();
            zip.write(bytes);
        }

        @Override
        public Appendable append(CharSequence csq) throws IOException {
            return writer.append(csq);
        }

        @Override
        public Appendable append(CharSequence csq, int start, int end) throws IOException {
            return writer.append(csq, start, end);
        }

        @Override
        public Appendable append(char c) throws IOException {
            return writer.append(c);
        }

        @Override
        public void setComment(String comment) {
            zip.setComment(comment);
        }

        /** Writes the manifest (the entries registered so far) and the zip directory. */
        @Override
        public void finish() throws IOException {
            manifest.write(xmlUtil, this);
            writer.flush();
            zip.finish();
            zip.flush();
        }

        @Override
        public void flush() throws IOException {
            writer.flush();
            zip.flush();
        }

        /** Flushes only: the caller owns the stream, and finish() has written the zip's end already. */
        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
