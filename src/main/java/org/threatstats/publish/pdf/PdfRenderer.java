package org.threatstats.publish.pdf;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.FontMapper;
import com.lowagie.text.pdf.PdfAction;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfDate;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfEncryption;
import com.lowagie.text.pdf.PdfGraphics2D;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfObject;
import com.lowagie.text.pdf.PdfOutline;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfStructureElement;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;

import org.threatstats.publish.Cell;
import org.threatstats.publish.Column;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportSheets;
import org.threatstats.publish.ReportTable;
import org.threatstats.publish.chart.ChartDrawer;
import org.threatstats.publish.chart.Fonts;
import org.threatstats.validation.DatasetQuality;

/**
 * Renders a {@link Report} as the PDF board pack: title page, contents with page numbers, headlines, one section
 * per table with its chart drawn as vectors beside the table of its figures, and a data-quality and method
 * section. The protective marking is centred at the top and bottom of every page with "Page X of Y"; every
 * section has a bookmark; the font is embedded from the build; and every date and ID in the file comes from the
 * report (publication date, content hash), so the same report gives the same bytes.
 *
 * <p>It lays the document out once. The numbers not known when their page is written (each section's page in
 * the contents, the number of pages in "Page X of Y") are placeholders, filled in when they are known: form
 * XObjects, whose text a reader, a search and a text extractor see in place. An earlier version laid the
 * document out twice to learn them; the PDF was then the slowest of the three renderers (10 million records:
 * PDF 451 ms, workbook 387 ms).
 */
public final class PdfRenderer {
    private static final float BODY = 11f;
    private static final float MARGIN = 50f;
    /** Tables with more columns than this are laid out on a landscape page. */
    private static final int WIDE = 7;

    /**
     * Writes the report as a PDF. {@code content} is a complete text of the report (the publish step passes the
     * report's JSON as the job repository keeps it, so a restart passes the same string): its SHA-256 is the
     * document's ID, which changes when that text does. Hashing the report's {@code toString()} instead cost 30 ms,
     * most of it linking the records' generated methods.
     */
    public void render(Report report, String content, OutputStream out) throws IOException {
        new Layout(report, digest(content)).write(out);
    }

    /** The document, laid out and written. */
    private static final class Layout {
        /** Room for page numbers up to 9999 in a placeholder. */
        private static final String WIDEST = "9999";

        private final Report report;
        /** The report's content hash: the file's ID, and the seed of the fonts' subset prefixes. */
        private final byte[] id;
        /** Each section's page number in the contents, by section: filled in at its heading. */
        private final Map<String, PdfTemplate> contentsPages = new LinkedHashMap<>();
        /** Each page's "Page X of Y", right-aligned in its box: filled in at the end, when Y is known. */
        private final List<PdfTemplate> pageFeet = new ArrayList<>();
        private BaseFont regular;
        private BaseFont bold;
        private Document document;
        private PdfWriter writer;
        private int destination;
        /** The structure tree's Document element, parent of every other. */
        private PdfStructureElement root;
        /** Where the next element starts on the current page. */
        private float y;

        Layout(Report report, byte[] id) {
            this.report = report;
            this.id = id;
        }

        void write(OutputStream out) throws IOException {
            regular = font(Fonts.REGULAR, "DejaVuSans.ttf", id, 1);
            bold = font(Fonts.BOLD, "DejaVuSans-Bold.ttf", id, 2);
            document = new Document(PageSize.A4, MARGIN, MARGIN, MARGIN + 20, MARGIN + 20);
            writer = PdfWriter.getInstance(document, out);
            writer.setPdfVersion(PdfWriter.VERSION_1_7);
            writer.setTagged();
            writer.setXmpMetadata(xmp());
            writer.setViewerPreferences(PdfWriter.DisplayDocTitle | PdfWriter.PageModeUseOutlines);
            writer.setPageEvent(new Frame());
            document.addTitle(ReportSheets.coverTitle(report));
            document.addAuthor(report.organisation());
            document.addSubject(report.periodLabel());
            document.addKeywords(String.join(", ", report.keywords()));
            document.addCreator("threatstats");
            document.open();
            writer.getExtraCatalog().put(PdfName.LANG, new PdfString("en-GB"));
            root = new PdfStructureElement(writer.getStructureTreeRoot(), new PdfName("Document"));
            y = document.top();
            try {
                titlePage();
                contents();
                headlines();
                for (ReportTable table : report.tables()) {
                    tableSection(table);
                }
                qualitySection();
            } catch (DocumentException e) {
                throw new IOException("cannot lay out the PDF: " + e.getMessage(), e);
            }
            // fixed dates and file ID, taken from the report, so the same report gives the same bytes
            PdfDate date = new PdfDate(calendar(report.publishedOn()));
            writer.getInfo().put(PdfName.CREATIONDATE, date);
            writer.getInfo().put(PdfName.MODDATE, date);
            writer.getInfo().put(PdfName.PRODUCER, new PdfString("threatstats (OpenPDF)"));
            writer.getInfo().put(PdfName.FILEID, PdfEncryption.createInfoId(Arrays.copyOf(id, 16),
                    Arrays.copyOf(id, 16)));
            document.close();
        }

        /** An empty box for text in the regular font at {@code size}, as wide as {@code widest}. */
        private PdfTemplate placeholder(String widest, float size) {
            float descent = -regular.getFontDescriptor(BaseFont.DESCENT, size);
            return writer.getDirectContent().createTemplate(regular.getWidthPoint(widest, size),
                    regular.getFontDescriptor(BaseFont.ASCENT, size) + descent);
        }

        /**
         * Writes {@code text} into a placeholder, right-aligned, on the baseline that {@link #inLine} and the page
         * foot put on their line's.
         */
        private void fill(PdfTemplate placeholder, float size, String text) {
            placeholder.beginText();
            placeholder.setFontAndSize(regular, size);
            placeholder.showTextAligned(Element.ALIGN_RIGHT, text, placeholder.getWidth(),
                    -regular.getFontDescriptor(BaseFont.DESCENT, size), 0);
            placeholder.endText();
        }

        /** A placeholder as part of a line of text: its bottom at the font's descent below the baseline. */
        private Phrase inLine(PdfTemplate placeholder, float size) throws DocumentException {
            Chunk chunk = new Chunk(Image.getInstance(placeholder), 0,
                    regular.getFontDescriptor(BaseFont.DESCENT, size) - placeholder.getHeight(), false);
            return new Phrase(f(size, false).getCalculatedLeading(1.5f), chunk);
        }

        private BaseFont font(String resource, String name, byte[] seed, int salt) throws IOException {
            try {
                BaseFont f = BaseFont.createFont(name, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false,
                        Fonts.bytes(resource), null);
                // the subset prefix (e.g. ABCDEF+DejaVuSans) is random unless its generator is seeded
                SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
                random.setSeed(Arrays.copyOf(seed, seed.length + 1));
                random.setSeed(salt);
                f.setSecureRandom(random);
                // OpenPDF's CIDSet lists the glyphs used, not every glyph its subset keeps (composite glyphs'
                // parts), which PDF/UA (ISO 32000-1, 9.8.3.3) forbids; the CIDSet is optional, so it is left out
                f.setIncludeCidSet(false);
                return f;
            } catch (DocumentException | NoSuchAlgorithmException e) {
                throw new IOException("cannot load the PDF font " + resource, e);
            }
        }

        private Font f(float size, boolean isBold) {
            return new Font(isBold ? bold : regular, size);
        }

        /**
         * PDF/UA identification and the title for the file's XMP metadata, with the publication date: written
         * here rather than by OpenPDF, whose metadata would carry the clock's time.
         */
        private byte[] xmp() {
            String date = report.publishedOn() + "T00:00:00Z";
            String xml = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
                    + "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                    + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                    + "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" "
                    + "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                    + "<pdfuaid:part>1</pdfuaid:part>\n"
                    + "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml(ReportSheets.coverTitle(report))
                    + "</rdf:li></rdf:Alt></dc:title>\n"
                    + "<dc:creator><rdf:Seq><rdf:li>" + xml(report.organisation()) + "</rdf:li></rdf:Seq></dc:creator>\n"
                    + "<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>\n"
                    + "<xmp:CreateDate>" + date + "</xmp:CreateDate><xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n"
                    + "<xmp:CreatorTool>threatstats</xmp:CreatorTool><pdf:Producer>threatstats (OpenPDF)</pdf:Producer>\n"
                    + "</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";
            return xml.getBytes(StandardCharsets.UTF_8);
        }

        private static String xml(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }

        private PdfContentByte cb() {
            return writer.getDirectContent();
        }

        private static PdfStructureElement element(PdfStructureElement parent, String role) {
            return new PdfStructureElement(parent, new PdfName(role));
        }

        /** Opens the marked content of a structure element on this page (OpenPDF gives each element one). */
        private void begin(PdfStructureElement e) {
            e.put(PdfName.PG, writer.getCurrentPage());
            cb().beginMarkedContentSequence(e);
        }

        private void end() {
            cb().endMarkedContentSequence();
        }

        /** The next page, in the current orientation. */
        private void nextPage() {
            document.newPage();
            y = document.top();
        }

        /**
         * Lays an element out from {@code y} down, as a structure element of {@code role}; what does not fit
         * goes on the next page, as another element of the same role (OpenPDF gives an element one marked
         * content sequence, so one page).
         */
        private void add(PdfStructureElement parent, String role, Element content) {
            ColumnText ct = new ColumnText(cb());
            ct.addElement(content);
            if (y - document.bottom() < 40) {
                nextPage();
            }
            while (true) {
                ct.setSimpleColumn(document.left(), document.bottom(), document.right(), y);
                begin(element(parent, role));
                int status;
                try {
                    status = ct.go();
                } catch (DocumentException e) {
                    throw new IllegalStateException(e);
                } finally {
                    end();
                }
                boolean fresh = y == document.top();
                y = ct.getYLine();
                if (!ColumnText.hasMoreText(status)) {
                    return;
                }
                if (fresh && y == document.top()) {
                    throw new IllegalStateException("an element taller than a page");
                }
                nextPage();
            }
        }

        private void add(String role, Element content) {
            add(root, role, content);
        }

        /**
         * A table with its structure: a TR per row, TH (scope column) for the header row's cells and TD for the
         * others, each cell its own marked content; on a page it continues onto, the header row is repeated as
         * an artifact. Never starts with only its header and a row or two at the foot of a page.
         */
        private void add(PdfStructureElement parent, PdfPTable table, int headerRows) {
            float width = document.right() - document.left();
            table.setTotalWidth(width);
            table.setLockedWidth(true);
            int rows = table.getRows().size();
            y -= table.spacingBefore();
            float needed = 30;
            for (int r = 0; r < Math.min(rows, headerRows + 4); r++) {
                needed += table.getRowHeight(r);
            }
            if (y - document.bottom() < Math.min(needed, document.top() - document.bottom() - 1)) {
                nextPage();
            }
            if (table.getKeepTogether() && table.getTotalHeight() <= document.top() - document.bottom()
                    && y - table.getTotalHeight() < document.bottom()) {
                nextPage(); // a table that fits on a page is never cut
            }
            float[] widths = table.getAbsoluteWidths();
            PdfStructureElement t = element(parent, "Table");
            for (int r = 0; r < rows; r++) {
                float h = table.getRowHeight(r);
                if (y - h < document.bottom()) {
                    nextPage();
                    if (headerRows > 0 && r >= headerRows) {
                        artifact(null);
                        table.writeSelectedRows(0, headerRows, document.left(), y, cb());
                        end();
                        for (int k = 0; k < headerRows; k++) {
                            y -= table.getRowHeight(k);
                        }
                    }
                }
                PdfStructureElement tr = element(t, "TR");
                float x = document.left();
                for (int c = 0; c < widths.length; c++) {
                    boolean header = r < headerRows;
                    PdfStructureElement cell = element(tr, header ? "TH" : "TD");
                    if (header) {
                        PdfDictionary a = new PdfDictionary();
                        a.put(PdfName.O, new PdfName("Table"));
                        a.put(new PdfName("Scope"), new PdfName("Column"));
                        cell.put(PdfName.A, a);
                    }
                    begin(cell);
                    table.writeSelectedRows(c, c + 1, r, r + 1, x, y, cb());
                    end();
                    x += widths[c];
                }
                y -= h;
            }
            y -= table.spacingAfter();
        }

        /** Marks what follows, until {@link #end()}, as an artifact: page furniture, not content. */
        private void artifact(PdfName type) {
            PdfDictionary p = new PdfDictionary();
            if (type != null) {
                p.put(PdfName.TYPE, type);
            }
            cb().beginMarkedContentSequence(new PdfName("Artifact"), p, true);
        }

        private void titlePage() throws DocumentException {
            Paragraph marking = new Paragraph(report.marking(), f(14, true));
            marking.setSpacingAfter(120);
            add("P", marking);
            Paragraph title = new Paragraph(nbsp(report.title()), f(24, true));
            title.setLeading(30);
            title.setSpacingAfter(16);
            add("H1", title);
            String where = report.geography() == null ? "" : report.geography() + ", ";
            add("P", new Paragraph(where + report.periodLabel(), f(16, false)));
            Paragraph published = new Paragraph("Published " + ReportSheets.date(report.publishedOn())
                    + "  ·  Revision " + report.revision(), f(14, false));
            published.setSpacingBefore(24);
            add("P", published);
            add("P", new Paragraph(report.organisation(), f(14, false)));
            if (report.releaseStatus() != null) {
                Paragraph status = new Paragraph(report.releaseStatus(), f(14, true));
                status.setSpacingBefore(12);
                add("P", status);
            }
            Paragraph r = new Paragraph(ReportSheets.revisionsLine(report), f(BODY + 1, report.containsRevisions()));
            r.setSpacingBefore(24);
            add("P", r);
            if (report.summary() != null) {
                Paragraph s = new Paragraph(nbsp(report.summary()), f(BODY, false));
                s.setSpacingBefore(24);
                add("P", s);
            }
        }

        /** Every section starts on a new page; wide tables get a landscape one, so text stays at 11 pt. */
        private void newPage(boolean landscape) {
            document.setPageSize(landscape ? PageSize.A4.rotate() : PageSize.A4);
            nextPage();
        }

        private List<String[]> sections() {
            List<String[]> sections = new ArrayList<>();
            sections.add(new String[] {"headlines", "Headlines"});
            for (ReportTable t : report.tables()) {
                sections.add(new String[] {"table-" + t.number(), "Table " + t.number() + ": " + t.title()});
            }
            sections.add(new String[] {"quality", "Data quality and method"});
            return sections;
        }

        private void contents() throws DocumentException {
            newPage(false);
            heading("contents", "Contents");
            PdfPTable table = new PdfPTable(new float[] {9, 1});
            table.setWidthPercentage(100);
            for (String[] s : sections()) {
                PdfTemplate page = placeholder(WIDEST, BODY);
                contentsPages.put(s[0], page);
                // no link: OpenPDF cannot tag a link annotation; the bookmarks go to each section
                PdfPCell name = new PdfPCell(new Phrase(s[1], f(BODY, false)));
                name.setBorder(Rectangle.NO_BORDER);
                name.setPaddingBottom(6);
                PdfPCell number = new PdfPCell(inLine(page, BODY));
                number.setBorder(Rectangle.NO_BORDER);
                number.setHorizontalAlignment(Element.ALIGN_RIGHT);
                table.addCell(name);
                table.addCell(number);
            }
            add(root, table, 0);
        }

        /** A section heading with its bookmark and link target; records the page it lands on. */
        private void heading(String key, String text) throws DocumentException {
            Chunk anchor = new Chunk(text, f(16, true));
            anchor.setLocalDestination(key);
            Paragraph p = new Paragraph(anchor);
            p.setSpacingAfter(10);
            p.setKeepTogether(true);
            if (y - document.bottom() < 120) {
                nextPage();
            }
            add("H2", p);
            PdfTemplate page = contentsPages.get(key);
            if (page != null) {
                fill(page, BODY, Integer.toString(writer.getPageNumber()));
            }
            new PdfOutline(writer.getRootOutline(), PdfAction.gotoLocalPage(key, false), text);
            destination++;
        }

        private void headlines() throws DocumentException {
            newPage(false);
            heading("headlines", "Headlines");
            PdfStructureElement list = element(root, "L");
            for (String h : report.headlines()) {
                Paragraph p = new Paragraph(nbsp(h), f(BODY + 1, false));
                p.setSpacingAfter(8);
                p.setIndentationLeft(12);
                add(element(list, "LI"), "LBody", p);
            }
            if (report.disclosureRule() != null) {
                Paragraph p = new Paragraph(nbsp(report.disclosureRule()), f(BODY, false));
                p.setSpacingBefore(12);
                add("P", p);
            }
        }

        private void tableSection(ReportTable t) throws DocumentException {
            newPage(t.columns().size() > WIDE);
            heading("table-" + t.number(), t.numberedTitle());
            // what a reader needs above this table, once: its own source, where its notes are, and the shorthand
            // it uses (nothing about shorthand when it uses none)
            line("Source: " + t.source());
            String notes = notesLine(t);
            if (!t.shorthand().isEmpty()) {
                notes = notes + " " + ReportSheets.shorthandLine(t.shorthand());
            }
            line(notes);
            PdfPTable table = build(t);
            if (t.chart() != null) {
                chart(t, table);
            }
            add(root, table, 1);
        }

        /** On paper the notes are in this document's last section, not on a worksheet. */
        private String notesLine(ReportTable t) {
            if (t.notes().isEmpty()) {
                return "This table has no notes.";
            }
            List<String> numbers = t.notes().stream().map(String::valueOf).toList();
            String which = numbers.size() == 1 ? "Note " + numbers.get(0) + " is"
                    : "Notes " + String.join(", ", numbers.subList(0, numbers.size() - 1)) + " and "
                            + numbers.get(numbers.size() - 1) + " are";
            return which + " in the data quality and method section.";
        }

        private void line(String text) throws DocumentException {
            Paragraph p = new Paragraph(nbsp(text), f(BODY, false));
            p.setSpacingAfter(4);
            add("P", p);
        }

        /**
         * The chart, as tall as suits it, but shorter (down to 130 pt) when that lets its table fit on the same
         * page: a chart and the table of its figures belong together, and a table should not leave a few rows
         * alone on the next page.
         */
        private void chart(ReportTable t, PdfPTable table) throws DocumentException {
            float width = document.right() - document.left();
            float height = "line".equals(t.chart().type()) ? 230 : Math.max(170, 34 * t.chart().categories().size()
                    + 60);
            table.setTotalWidth(width);
            table.setLockedWidth(true);
            float room = y - 6 - document.bottom() - table.getTotalHeight() - 30;
            if (room < height && room >= 130) {
                height = room;
            }
            PdfContentByte cb = writer.getDirectContent();
            PdfTemplate template = cb.createTemplate(width, height);
            Graphics2D g2 = new PdfGraphics2D(template, width, height, new ReportFontMapper(regular, bold), false,
                    false, 0f);
            ChartDrawer.draw(t.chart(), g2, new Rectangle2D.Double(0, 0, width, height));
            g2.dispose();
            y -= 6;
            if (y - height < document.bottom()) {
                nextPage();
            }
            // a figure, with the chart's description as its alternative text
            PdfStructureElement figure = element(root, "Figure");
            figure.put(PdfName.ALT, new PdfString(t.chart().description(), PdfObject.TEXT_UNICODE));
            PdfDictionary layout = new PdfDictionary();
            layout.put(PdfName.O, new PdfName("Layout"));
            layout.put(PdfName.BBOX, new com.lowagie.text.pdf.PdfArray(new float[] {document.left(), y - height,
                document.left() + width, y}));
            figure.put(PdfName.A, layout);
            begin(figure);
            cb.addTemplate(template, document.left(), y - height);
            end();
            y -= height + 10;
        }

        private void table(ReportTable t) throws DocumentException {
            add(root, build(t), 1);
        }

        /** A real text table: header row repeated on every page it spans, numbers right-aligned. */
        private PdfPTable build(ReportTable t) {
            List<Column> columns = t.columns();
            float size = BODY;
            float[] widths = new float[columns.size()];
            float[] least = new float[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                // in points, measured in the fonts: wide enough for the header's longest word (so no word is cut),
                // for the header in three lines at most, and (up to 160 pt) for the longest value
                String header = columns.get(c).header();
                float word = 0;
                for (String w : header.split(" ")) {
                    word = Math.max(word, bold.getWidthPoint(w, size));
                }
                float value = 0;
                for (List<Cell> row : t.rows()) {
                    value = Math.max(value, Math.min(160, bold.getWidthPoint(row.get(c).display(), size)));
                }
                least[c] = word + 8;
                widths[c] = Math.max(Math.max(word, bold.getWidthPoint(header, size) / 3), value) + 8;
            }
            // too wide for the page: label columns give up room first (their text wraps at words), then all
            float room = document.right() - document.left();
            float sum = 0;
            for (float w : widths) {
                sum += w;
            }
            for (int c = 0; c < columns.size() && sum > room; c++) {
                if (!columns.get(c).numeric()) {
                    float give = Math.min(sum - room, widths[c] - least[c]);
                    widths[c] -= give;
                    sum -= give;
                }
            }
            PdfPTable table = new PdfPTable(widths);
            table.setWidthPercentage(100);
            table.setHeaderRows(1);
            table.setSplitLate(true);
            // a table that fits on a page is never split: its header, its rows and its Total stay together
            table.setKeepTogether(true);
            table.setSpacingBefore(4);
            for (Column c : columns) {
                PdfPCell cell = new PdfPCell(new Phrase(c.header(), f(size, true)));
                cell.setHorizontalAlignment(c.numeric() ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
                cell.setBorder(Rectangle.BOTTOM);
                cell.setBorderWidthBottom(1f);
                cell.setPadding(3);
                table.addCell(cell);
            }
            for (List<Cell> row : t.rows()) {
                boolean total = row.stream().anyMatch(c -> c.isLabel() && "Total".equals(c.text()));
                for (int c = 0; c < columns.size(); c++) {
                    Cell value = row.get(c);
                    PdfPCell cell = new PdfPCell(new Phrase(value.display(), f(size, total)));
                    cell.setHorizontalAlignment(columns.get(c).numeric() ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
                    cell.setBorder(Rectangle.BOTTOM);
                    cell.setBorderWidthBottom(0.25f);
                    cell.setPadding(2.5f);
                    table.addCell(cell);
                }
            }
            return table;
        }

        private void qualitySection() throws DocumentException {
            newPage(false);
            heading("quality", "Data quality and method");
            line("Every figure in this report was computed from the input files below, identified by their "
                    + "SHA-256; a file with the same SHA-256 gives the same figures.");
            table(withoutColumn(ReportSheets.allTables(report).get(report.tables().size()), "sha256"));
            for (DatasetQuality q : report.quality()) {
                if (!q.present()) {
                    line(q.file() + " was not supplied: its tables show [x] (not available).");
                    continue;
                }
                line(q.file() + ", SHA-256:");
                Paragraph sha = new Paragraph(q.sha256(), f(BODY, false));
                sha.setIndentationLeft(12);
                sha.setSpacingAfter(4);
                add("P", sha);
                StringBuilder s = new StringBuilder(q.file() + ": " + Cell.grouped(q.records())
                        + " records read, " + Cell.grouped(q.accepted()) + " used");
                if (q.rejectedRecords() > 0) {
                    s.append(", ").append(Cell.grouped(q.rejectedRecords()))
                            .append(" set aside (max-rejects ").append(q.maxRejects()).append(")");
                    List<String> reasons = new ArrayList<>();
                    q.reasons().forEach((k, v) -> reasons.add(k + " " + v));
                    s.append(" for: ").append(String.join("; ", reasons));
                }
                if (q.trimmed() > 0) {
                    s.append("; ").append(q.trimmed()).append(" values had spaces around them, trimmed (first on line ")
                            .append(q.firstTrimmedLine()).append(", column ").append(q.firstTrimmedColumn())
                            .append(")");
                }
                if (q.outside() > 0) {
                    s.append("; ").append(q.outside()).append(" rows were for years ending in another month, so "
                            + "for no period of this report");
                }
                if (q.blankLines() > 0) {
                    s.append("; ").append(q.blankLines()).append(" blank lines skipped");
                }
                line(s + ".");
            }
            if (report.quality().stream().anyMatch(q -> q.rejectedRecords() > 0)) {
                List<ReportTable> all = ReportSheets.allTables(report);
                Paragraph p = new Paragraph("Records set aside", f(13, true));
                p.setSpacingBefore(12);
                add("H3", p);
                table(all.get(all.size() - 1));
            }
            Paragraph method = new Paragraph("Method", f(13, true));
            method.setSpacingBefore(12);
            add("H3", method);
            line("Each record is checked against the rules in the job definition before it is counted. "
                    + "Shares are of the period's total and shown to one decimal place; changes compare with the "
                    + "previous year ending in the same month.");
            if (report.disclosureRule() != null) {
                line(report.disclosureRule());
            }
            for (int i = 0; i < report.notes().size(); i++) {
                line("[note " + (i + 1) + "] " + report.notes().get(i));
            }
            Paragraph revisions = new Paragraph("Revisions", f(13, true));
            revisions.setSpacingBefore(12);
            add("H3", revisions);
            line(ReportSheets.revisionsLine(report));
            if (report.containsRevisions()) {
                List<ReportTable> all = ReportSheets.allTables(report);
                table(all.stream().filter(t -> t.id().equals("revisions")).findFirst().orElseThrow());
            }
        }

        private static ReportTable withoutColumn(ReportTable t, String key) {
            int drop = -1;
            for (int c = 0; c < t.columns().size(); c++) {
                if (t.columns().get(c).key().equals(key)) {
                    drop = c;
                }
            }
            if (drop < 0) {
                return t;
            }
            List<Column> columns = new ArrayList<>(t.columns());
            columns.remove(drop);
            List<List<Cell>> rows = new ArrayList<>();
            for (List<Cell> row : t.rows()) {
                List<Cell> r = new ArrayList<>(row);
                r.remove(drop);
                rows.add(r);
            }
            return new ReportTable(t.id(), t.number(), t.title(), t.dataset(), columns, rows, t.rowKeys(),
                    t.rowPeriods(), t.notes(),
                    t.shorthand(), t.source(), t.chart());
        }

        /** The text cut at a word, with an ellipsis, so that it takes at most two lines of 9 pt in {@code width}. */
        private String shortened(String text, float width) {
            float room = 2 * width - regular.getWidthPoint("… ", 9) - 9 * 6;
            if (regular.getWidthPoint(text, 9) <= room) {
                return text;
            }
            String cut = text;
            while (cut.contains(" ") && regular.getWidthPoint(cut, 9) > room) {
                cut = cut.substring(0, cut.lastIndexOf(' '));
            }
            return cut + "…";
        }

        /** Marking at the top and bottom of every page, and "Page X of Y". */
        private final class Frame extends PdfPageEventHelper {
            @Override
            public void onEndPage(PdfWriter w, Document d) {
                PdfContentByte cb = w.getDirectContent();
                artifact(new PdfName("Pagination"));
                float middle = (d.left() + d.right()) / 2;
                Phrase marking = new Phrase(report.marking(), f(11, true));
                ColumnText.showTextAligned(cb, Element.ALIGN_CENTER, marking, middle, d.getPageSize().getTop() - 30,
                        0);
                ColumnText.showTextAligned(cb, Element.ALIGN_CENTER, marking, middle, 22, 0);
                PdfTemplate foot = placeholder("Page " + WIDEST + " of " + WIDEST, 10);
                pageFeet.add(foot);
                cb.addTemplate(foot, d.right() - foot.getWidth(), 44 + regular.getFontDescriptor(BaseFont.DESCENT,
                        10));
                // the report's name wraps within its box, left of "Page X of Y", so a long title never runs under the
                // page number or off the page; a third line would be cut, so it is shortened to two
                float right = d.right() - foot.getWidth() - 14;
                String name = nbsp(report.title() + ", " + report.periodShort());
                ColumnText column = new ColumnText(cb);
                column.setSimpleColumn(new Phrase(shortened(name, right - d.left()), f(9, false)), d.left(), 31,
                        right, 54, 10, Element.ALIGN_LEFT);
                try {
                    column.go();
                } catch (DocumentException e) {
                    throw new IllegalStateException(e);
                }
                end();
            }

            /** Closing ends the last page first: every page's foot can now say how many there are. */
            @Override
            public void onCloseDocument(PdfWriter w, Document d) {
                for (int page = 1; page <= pageFeet.size(); page++) {
                    fill(pageFeet.get(page - 1), 10, "Page " + page + " of " + pageFeet.size());
                }
            }
        }
    }

    private static final java.util.regex.Pattern DAY_MONTH = java.util.regex.Pattern.compile(
            "\\b(\\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December)"
                    + "\\b");

    /** A day and its month ("31 March") joined by a no-break space, so a line never ends between them. */
    static String nbsp(String text) {
        return text == null ? null : DAY_MONTH.matcher(text).replaceAll("$1\u00A0$2");
    }

    private static GregorianCalendar calendar(String isoDate) {
        GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
        c.setTimeInMillis(LocalDate.parse(isoDate).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        return c;
    }

    private static byte[] digest(String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(content.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Charts' text is drawn with the report's embedded fonts, so it stays real, searchable text. */
    private record ReportFontMapper(BaseFont regular, BaseFont bold) implements FontMapper {
        @Override
        public BaseFont awtToPdf(java.awt.Font font) {
            return font.isBold() || font.getFontName().contains("Bold") ? bold : regular;
        }

        @Override
        public java.awt.Font pdfToAwt(BaseFont font, int size) {
            return Fonts.awt(font == bold, size);
        }
    }
}
