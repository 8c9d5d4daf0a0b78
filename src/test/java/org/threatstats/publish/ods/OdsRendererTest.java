package org.threatstats.publish.ods;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threatstats.publish.Cell;
import org.threatstats.publish.Column;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportSheets;
import org.threatstats.publish.ReportTable;
import org.threatstats.validation.DatasetQuality;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The .ods file follows the same rules as the workbook: sheets in order, titles in A1, numbers stored unrounded with
 * a rounding number format, shorthand and formula-like labels as plain strings, the document properties set, and the
 * same bytes every time the same report is rendered.
 */
class OdsRendererTest {
    private static final Map<String, String> NAMESPACES = Map.of(
            "office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
            "table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
            "text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
            "style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
            "number", "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
            "meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
            "dc", "http://purl.org/dc/elements/1.1/",
            "xlink", "http://www.w3.org/1999/xlink",
            "config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0");
    /** The first data row of a table sheet: five lines of text, then the header row. */
    private static final int FIRST_DATA_ROW = 6;

    static Report report;
    static byte[] bytes;
    static Map<String, byte[]> entries;
    static List<ZipEntry> zipEntries;
    static Document content;
    static Document styles;
    static Document meta;
    static Document settings;

    @BeforeAll
    static void render() throws Exception {
        report = report();
        bytes = render(report);
        entries = new LinkedHashMap<>();
        zipEntries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                zipEntries.add(e);
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        content = parse("content.xml");
        styles = parse("styles.xml");
        meta = parse("meta.xml");
        settings = parse("settings.xml");
    }

    @Test
    void sheetsAreCoverContentsNotesThenOneTablePerSheet() throws Exception {
        assertThat(strings(content, "//table:table/@table:name")).containsExactly("Cover", "Contents", "Notes",
                "Table_1", "Table_2", "Table_3", "Table_4", "Table_5");
    }

    @Test
    void eachSheetHasItsTitleInA1() throws Exception {
        assertThat(text(cell("Cover", 0, 0))).isEqualTo("Arrests for terrorism-related activity, Great Britain, "
                + "year ending March 2025");
        assertThat(text(cell("Contents", 0, 0))).isEqualTo("Contents");
        assertThat(text(cell("Notes", 0, 0))).isEqualTo("Notes");
        List<ReportTable> tables = ReportSheets.allTables(report);
        for (ReportTable t : tables) {
            assertThat(text(cell(t.sheetName(), 0, 0))).isEqualTo(t.numberedTitle());
        }
        assertThat(text(cell("Table_1", 0, 0))).isEqualTo("Table 1: Arrests by age group [note 1]");
        assertThat(text(cell("Table_1", 2, 0))).isEqualTo("Shorthand used in this table: [x] = not available; "
                + "[r] = revised since previously published.");
        assertThat(text(cell("Table_1", 5, 1))).isEqualTo("Arrests (number)");
    }

    @Test
    void contentsLinksEachTableSheetToItsA1() throws Exception {
        assertThat(text(cell("Contents", 3, 0))).isEqualTo("Table_1");
        assertThat(text(cell("Contents", 3, 1))).isEqualTo("Table 1: Arrests by age group [note 1]");
        assertThat(strings(content, "//table:table[@table:name='Contents']//text:a/@xlink:href")).containsExactly(
                "#Table_1.A1", "#Table_2.A1", "#Table_3.A1", "#Table_4.A1", "#Table_5.A1");
    }

    @Test
    void numbersAreFloatsStoredAsPublishedWithTheirFormat() throws Exception {
        Element count = cell("Table_1", FIRST_DATA_ROW, 1);
        assertThat(count.getAttribute("office:value-type")).isEqualTo("float");
        assertThat(Double.parseDouble(count.getAttribute("office:value"))).isEqualTo(1886.0);
        assertThat(number(count).getAttribute("number:decimal-places")).isEqualTo("0");
        assertThat(number(count).getAttribute("number:grouping")).isEqualTo("true");

        Element share = cell("Table_1", FIRST_DATA_ROW, 2);
        assertThat(share.getAttribute("office:value-type")).isEqualTo("float");
        // stored as published, to one decimal place (issue 15): Cell.percent rounds
        assertThat(Double.parseDouble(share.getAttribute("office:value"))).isEqualTo(18.5);
        assertThat(number(share).getAttribute("number:decimal-places")).isEqualTo("1");

        Element quality = cell("Table_3", FIRST_DATA_ROW, 2);
        assertThat(Double.parseDouble(quality.getAttribute("office:value"))).isEqualTo(2120.0);
        assertThat(number(quality).getAttribute("number:decimal-places")).isEqualTo("0");
    }

    @Test
    void aRevisedNumberKeepsItsValueAndShowsRAfterIt() throws Exception {
        Element revised = cell("Table_1", FIRST_DATA_ROW + 2, 1);
        assertThat(revised.getAttribute("office:value-type")).isEqualTo("float");
        assertThat(Double.parseDouble(revised.getAttribute("office:value"))).isEqualTo(2310.0);
        Element format = (Element) number(revised).getParentNode();
        assertThat(strings(format, "number:text")).containsExactly(" [r]");
        // an unrevised figure has no suffix
        Element plain = (Element) number(cell("Table_1", FIRST_DATA_ROW, 1)).getParentNode();
        assertThat(strings(plain, "number:text")).isEmpty();
    }

    @Test
    void shorthandAndFormulaLikeLabelsArePlainStrings() throws Exception {
        Element shorthand = cell("Table_1", FIRST_DATA_ROW + 1, 1);
        assertThat(shorthand.getAttribute("office:value-type")).isEqualTo("string");
        assertThat(text(shorthand)).isEqualTo("[x]");
        assertThat(alignment(shorthand)).isEqualTo("end");

        Element label = cell("Table_1", FIRST_DATA_ROW + 1, 0);
        assertThat(label.getAttribute("office:value-type")).isEqualTo("string");
        assertThat(text(label)).isEqualTo("=HYPERLINK(\"http://example.com\",\"click\")");
        assertThat(nodes(content, "//@table:formula").getLength()).isZero();
        assertThat(nodes(content, "//@*[local-name()='formula']").getLength()).isZero();
    }

    @Test
    void fontsAndAlignmentFollowTheRules() throws Exception {
        assertThat(textProperty(cell("Table_1", 0, 0), "fo:font-size")).isEqualTo("16pt");
        assertThat(textProperty(cell("Table_1", 0, 0), "fo:font-weight")).isEqualTo("bold");
        assertThat(textProperty(cell("Table_1", 5, 0), "fo:font-weight")).isEqualTo("bold");
        assertThat(textProperty(cell("Table_1", FIRST_DATA_ROW, 0), "fo:font-size")).isEqualTo("12pt");
        assertThat(textProperty(cell("Table_1", FIRST_DATA_ROW, 0), "style:font-name")).isEqualTo("Arial");
        assertThat(alignment(cell("Table_1", 5, 1))).isEqualTo("end");
        assertThat(alignment(cell("Table_1", FIRST_DATA_ROW, 1))).isEqualTo("end");
        assertThat(alignment(cell("Table_1", FIRST_DATA_ROW, 0))).isEqualTo("start");
        assertThat(nodes(content, "//table:table-cell[@table:number-columns-spanned]").getLength()).isZero();
    }

    @Test
    void documentPropertiesNameTheReportAndOnlyThePublicationDate() throws Exception {
        assertThat(string(meta, "//dc:title")).isEqualTo("Arrests for terrorism-related activity, Great Britain, "
                + "year ending March 2025");
        assertThat(string(meta, "//dc:language")).isEqualTo("en-GB");
        assertThat(string(meta, "//dc:creator")).isEqualTo("Home Office");
        assertThat(string(meta, "//meta:initial-creator")).isEqualTo("Home Office");
        assertThat(strings(meta, "//meta:keyword")).containsExactly("terrorism", "arrests", "statistics");
        assertThat(string(meta, "//meta:creation-date")).isEqualTo("2025-06-12T00:00:00Z");
        assertThat(string(meta, "//dc:date")).isEqualTo("2025-06-12T00:00:00Z");
        for (ZipEntry e : zipEntries) {
            assertThat(e.getTimeLocal()).as(e.getName()).isEqualTo(LocalDateTime.of(2025, 6, 12, 0, 0));
        }
        assertThat(zipEntries.get(0).getName()).isEqualTo("mimetype");
        assertThat(zipEntries.get(0).getMethod()).isEqualTo(ZipEntry.STORED);
    }

    @Test
    void opensOnTheCoverAtA1And100Percent() throws Exception {
        assertThat(string(settings, "//config:config-item[@config:name='ActiveTable']")).isEqualTo("Cover");
        for (String item : List.of("CursorPositionX", "CursorPositionY")) {
            assertThat(strings(settings, "//config:config-item-map-named[@config:name='Tables']"
                    + "/config:config-item-map-entry/config:config-item[@config:name='" + item + "']"))
                    .hasSize(8).containsOnly("0");
        }
        assertThat(strings(settings, "//config:config-item-map-named[@config:name='Tables']"
                + "/config:config-item-map-entry/config:config-item[@config:name='ZoomValue']"))
                .hasSize(8).containsOnly("100");
    }

    @Test
    void theSameReportGivesTheSameBytesLater() throws Exception {
        Thread.sleep(2100);
        assertThat(render(report)).isEqualTo(bytes);
    }

    private static byte[] render(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OdsRenderer().render(report, out);
        return out.toByteArray();
    }

    /** Two tables of the report's own, plus the data-quality, revisions and set-aside tables the renderer adds. */
    private static Report report() {
        List<Column> byAge = List.of(new Column("age", "Age group", Cell.LABEL),
                new Column("arrests", "Arrests (number)", Cell.COUNT),
                new Column("share", "Share (%)", Cell.PERCENT));
        ReportTable ages = new ReportTable("arrests-by-age", 1, "Arrests by age group", "arrests", byAge,
                List.of(List.of(Cell.label("Under 18"), Cell.count(1886), Cell.percent(18.456)),
                        List.of(Cell.label("=HYPERLINK(\"http://example.com\",\"click\")"),
                                Cell.shorthand("[x]", Cell.COUNT), Cell.percent(81.544)),
                        List.of(Cell.label("Total"), Cell.count(2310).withRevised(true), Cell.percent(100.0))),
                List.of("2025|under-18", "2025|formula", "2025|total"), List.of(1), List.of("[x]", "[r]"),
                "Home Office, police recorded arrests", null);
        List<Column> byYear = List.of(new Column("year", "Year ending", Cell.LABEL),
                new Column("arrests", "Arrests (number)", Cell.COUNT));
        ReportTable years = new ReportTable("arrests-by-year", 2, "Arrests by year", "arrests", byYear,
                List.of(List.of(Cell.label("March 2024"), Cell.count(221)),
                        List.of(Cell.label("March 2025"), Cell.count(232))),
                List.of("2024", "2025"), List.of(), List.of(), "Home Office, police recorded arrests", null);
        DatasetQuality quality = new DatasetQuality("arrests", "arrests.csv", true, "ab".repeat(32), 4096, 2120,
                2118, 2, 2, 10, 0, 0, 0, null, 0, 3, Map.of("age: type", 2L));
        return new Report("annual-threat-report", "Arrests for terrorism-related activity", "Home Office",
                "OFFICIAL", "Great Britain", "Arrests for terrorism-related activity by age.", "Police records.",
                "stats@example.gov.uk", "June 2026", List.of("terrorism", "arrests", "statistics"), "2025-03",
                "year ending 31 March 2025", "year ending March 2025", "2025-06-12", 2,
                List.of("There were 232 arrests."), List.of(ages, years), List.of("Counts exclude Scotland."),
                List.of(quality), List.of(new Report.RevisionEntry("Table 1", "Total", "Arrests (number)", "2025-03",
                        Cell.COUNT, "2,300", "2,310", "year ending March 2025, revision 1, published 12 May 2025",
                        "+10")),
                null, "cd".repeat(32), "Not yet released");
    }

    private static Document parse(String entry) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        assertThat(entries).containsKey(entry);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(entries.get(entry)));
    }

    /** The cell at a 0-based row and column of a sheet, expanding the rows and cells ODF writes as repeated. */
    private static Element cell(String sheet, int row, int column) throws XPathExpressionException {
        NodeList rows = nodes(content, "//table:table[@table:name='" + sheet + "']//table:table-row");
        int r = 0;
        for (int i = 0; i < rows.getLength(); i++) {
            Element rowElement = (Element) rows.item(i);
            r += repeat(rowElement, "table:number-rows-repeated");
            if (r > row) {
                NodeList cells = nodes(rowElement, "table:table-cell|table:covered-table-cell");
                int c = 0;
                for (int j = 0; j < cells.getLength(); j++) {
                    Element cellElement = (Element) cells.item(j);
                    c += repeat(cellElement, "table:number-columns-repeated");
                    if (c > column) {
                        return cellElement;
                    }
                }
                break;
            }
        }
        throw new AssertionError("no cell at row " + row + ", column " + column + " of " + sheet);
    }

    private static int repeat(Element element, String attribute) {
        String n = element.getAttribute(attribute);
        return n.isEmpty() ? 1 : Integer.parseInt(n);
    }

    /** A string cell's text: fastods writes office:string-value, or paragraphs when the cell holds a link. */
    private static String text(Element cell) {
        String value = cell.getAttribute("office:string-value");
        return value.isEmpty() ? cell.getTextContent() : value;
    }

    /** The number:number element of the cell's number format, wherever the cell and data styles are written. */
    private static Element number(Element cell) throws XPathExpressionException {
        String dataStyle = style(cell).getAttribute("style:data-style-name");
        assertThat(dataStyle).as("data style of " + cell.getAttribute("table:style-name")).isNotEmpty();
        Element format = styleElement("number:number-style", dataStyle);
        return (Element) nodes(format, "number:number").item(0);
    }

    private static Element style(Element cell) throws XPathExpressionException {
        return styleElement("style:style", cell.getAttribute("table:style-name"));
    }

    /** A style by name, from content.xml's automatic styles or styles.xml's common ones. */
    private static Element styleElement(String element, String name) throws XPathExpressionException {
        for (Document d : List.of(content, styles)) {
            NodeList found = nodes(d, "//" + element + "[@style:name='" + name + "']");
            if (found.getLength() > 0) {
                return (Element) found.item(0);
            }
        }
        throw new AssertionError("no " + element + " named " + name);
    }

    /** A text property of the cell's style, or of the style it inherits from. */
    private static String textProperty(Element cell, String attribute) throws XPathExpressionException {
        return inherited(style(cell), "style:text-properties", attribute);
    }

    private static String alignment(Element cell) throws XPathExpressionException {
        return inherited(style(cell), "style:paragraph-properties", "fo:text-align");
    }

    private static String inherited(Element style, String properties, String attribute)
            throws XPathExpressionException {
        for (Element s = style; s != null; ) {
            NodeList props = nodes(s, properties);
            if (props.getLength() > 0 && ((Element) props.item(0)).hasAttribute(attribute)) {
                return ((Element) props.item(0)).getAttribute(attribute);
            }
            String parent = s.getAttribute("style:parent-style-name");
            s = parent.isEmpty() ? null : styleElement("style:style", parent);
        }
        return null;
    }

    private static String string(Node node, String xpath) throws XPathExpressionException {
        return xpath().evaluate(xpath, node);
    }

    private static List<String> strings(Node node, String xpath) throws XPathExpressionException {
        NodeList list = nodes(node, xpath);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            values.add(list.item(i).getTextContent());
        }
        return values;
    }

    private static NodeList nodes(Node node, String xpath) throws XPathExpressionException {
        return (NodeList) xpath().evaluate(xpath, node, XPathConstants.NODESET);
    }

    private static XPath xpath() {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NAMESPACES.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
            }

            @Override
            public String getPrefix(String uri) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                throw new UnsupportedOperationException();
            }
        });
        return xpath;
    }
}
