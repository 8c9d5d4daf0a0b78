package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/** The board pack as a reader and an accessibility checker see it. */
class PdfBoardPackTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(\\.\\d)?");

    @TempDir
    static Path dir;

    static PDDocument pdf;
    static XSSFWorkbook workbook;

    @BeforeAll
    static void publish() throws IOException {
        Path ws = Runs.workspace(dir);
        // on a machine set to Turkish, where the JDK's own number formatting writes 2.823 for 2,823 and lower-casing
        // "Ideology" gives a dotless i
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        } finally {
            Locale.setDefault(before);
        }
        Path latest = Published.latest(ws.resolve("output"), "annual-threat-report", "2025-03");
        pdf = Loader.loadPDF(Published.file(latest, ".pdf").toFile());
        workbook = Published.workbook(Published.file(latest, ".xlsx"));
    }

    @AfterAll
    static void close() throws IOException {
        pdf.close();
    }

    static String page(int number) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(number);
        stripper.setEndPage(number);
        return stripper.getText(pdf).replace('\u00A0', ' ');
    }

    @Test
    void figuresAreWrittenInEnglishWhateverTheMachinesLanguage() throws IOException {
        String text = new PDFTextStripper().getText(pdf).replace('\u00A0', ' ');
        assertThat(text).contains("arrests.csv: 2,823 records read, 2,823 used.")
                .contains("year ending 31 March 2025").contains("Arrests by ideology, year ending March 2025");
    }

    @Test
    void metadataNameTheDocumentAndItsLanguage() {
        var info = pdf.getDocumentInformation();
        assertThat(info.getTitle()).startsWith("Arrests for terrorism-related activity").contains("year ending March 2025");
        assertThat(info.getAuthor()).isEqualTo("Threat Statistics Unit");
        assertThat(info.getCreationDate().get(java.util.Calendar.YEAR)).isEqualTo(2026);
        assertThat(pdf.getDocumentCatalog().getLanguage()).isEqualTo("en-GB");
        assertThat(pdf.getDocumentCatalog().getViewerPreferences().displayDocTitle()).isTrue();
    }

    @Test
    void everyPageHasTheMarkingTopAndBottomAndPageXOfY() throws IOException {
        int pages = pdf.getNumberOfPages();
        assertThat(pages).isGreaterThan(10);
        for (int p = 1; p <= pages; p++) {
            String text = page(p);
            assertThat(text.split("OFFICIAL", -1).length - 1).as("page %d: marking at top and bottom", p)
                    .isGreaterThanOrEqualTo(2);
            assertThat(text).as("page %d", p).contains("Page " + p + " of " + pages);
            var box = pdf.getPage(p - 1).getMediaBox();
            assertThat(Math.min(box.getWidth(), box.getHeight())).isCloseTo(595f, org.assertj.core.data.Offset.offset(1f));
        }
    }

    @Test
    void everySectionHasABookmarkAndTheContentsGivesItsPage() throws IOException {
        List<String> titles = new ArrayList<>();
        for (PDOutlineItem item : pdf.getDocumentCatalog().getDocumentOutline().children()) {
            titles.add(item.getTitle());
        }
        assertThat(titles.get(0)).isEqualTo("Contents");
        assertThat(titles.get(1)).isEqualTo("Headlines");
        for (int t = 1; t <= 7; t++) {
            assertThat(titles.get(t + 1)).startsWith("Table " + t + ": ");
        }
        assertThat(titles.get(titles.size() - 1)).isEqualTo("Data quality and method");
        String contents = page(2).replaceAll("\\s+", " ");
        for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
            String first = page(p).replaceAll("\\s+", " ");
            if (first.contains("Table 3: Arrests for terrorism-related activity by sex") && p > 2) {
                assertThat(contents).containsPattern("Table 3: Arrests[^:]*by sex[^:]*March 2025 " + p + " ");
                return;
            }
        }
        throw new AssertionError("no page with table 3");
    }

    @Test
    void everyFontIsEmbedded() throws IOException {
        int fonts = 0;
        for (PDPage page : pdf.getPages()) {
            for (PDFont font : fonts(page.getResources())) {
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                assertThat(font.getName()).contains("DejaVuSans");
                fonts++;
            }
        }
        assertThat(fonts).isPositive();
    }

    @Test
    void eachChartShowsExactlyTheFiguresOfItsTable() throws IOException {
        int charts = 0;
        for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
            PDPage page = pdf.getPage(p - 1);
            for (COSName name : page.getResources().getXObjectNames()) {
                if (!(page.getResources().getXObject(name) instanceof PDFormXObject form)
                        || text(form).strip().matches("(Page \\d+ of )?\\d+")) {
                    continue; // not a chart: a page number, written once it was known
                }
                Matcher table = Pattern.compile("Table (\\d+): ").matcher(page(p));
                assertThat(table.find()).as("the chart on page %d sits with its table", p).isTrue();
                String sheet = "Table_" + table.group(1);
                checkChart(text(form), Published.table(workbook, sheet), sheet);
                charts++;
            }
        }
        assertThat(charts).as("series, age, sex, ideology, outcome and state actor charts").isEqualTo(6);
    }

    /** The figures the table gives for its chart are on the chart, and everything else on it is an axis scale. */
    private static void checkChart(String chart, List<List<String>> table, String sheet) {
        List<String> header = table.get(0);
        List<String> expected = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean share = chart.contains("Share (%)");
        // a breakdown runs years across: the chart shows the latest year's column (or its share)
        int latest = -1;
        for (int c = 0; c < header.size(); c++) {
            if (share ? header.get(c).startsWith("Share") : header.get(c).startsWith("Year ending ")) {
                latest = c;
            }
        }
        for (List<String> shown : table.subList(1, table.size())) {
            // a chart draws the figures, not their markers ([p] provisional, [r] revised)
            List<String> row = shown.stream().map(v -> v.replace(" [p]", "").replace(" [r]", "")).toList();
            if (header.get(0).equals("Year ending")) { // the series: every year, on the axis as "YE Mar 16"
                expected.add(row.get(1));
                categories.add("YE " + row.get(0).substring(0, 3) + " " + row.get(0).substring(row.get(0).length() - 2));
            } else if (!row.get(0).equals("Total")) {
                expected.add(row.get(latest));
                labels.add(row.get(0));
            }
        }
        List<String> numbers = new ArrayList<>();
        // the chart's title names its period ("..., year ending March 2016 to year ending March 2025")
        String body = String.join("\n", chart.lines().filter(l -> !l.contains("year ending")).toList())
                .replaceAll("YE (\\w{3})\\s+(\\d{2})", "YE $1 $2");
        for (String c : categories) {
            assertThat(body).as("%s: axis label %s", sheet, c).contains(c);
            body = body.replace(c, " ");
        }
        for (String label : labels) {
            assertThat(body).as("%s: category %s", sheet, label).contains(label.split(" ")[0]);
            body = body.replace(label, " ");
        }
        Matcher m = NUMBER.matcher(body);
        while (m.find()) {
            numbers.add(m.group());
        }
        for (String e : expected) {
            if (!e.startsWith("[")) {
                assertThat(numbers.remove(e)).as("%s: value %s on the chart %s", sheet, e, chart).isTrue();
            }
        }
        List<Double> ticks = numbers.stream().map(s -> Double.parseDouble(s.replace(",", ""))).distinct().sorted()
                .toList();
        assertThat(ticks.get(0)).as("%s: the axis starts at zero; left over: %s", sheet, numbers).isZero();
        for (int i = 2; i < ticks.size(); i++) {
            assertThat(ticks.get(i) - ticks.get(i - 1)).as("%s: only an evenly spaced axis is left: %s", sheet, ticks)
                    .isCloseTo(ticks.get(1) - ticks.get(0), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** The text drawn by a form XObject (a chart), on a page of its own. */
    private static String text(PDFormXObject form) throws IOException {
        try (PDDocument single = new PDDocument()) {
            PDRectangle box = form.getBBox();
            PDPage page = new PDPage(new PDRectangle(box.getWidth(), box.getHeight()));
            single.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(single, page)) {
                content.drawForm(form);
            }
            return new PDFTextStripper().getText(single);
        }
    }

    private static List<PDFont> fonts(PDResources resources) throws IOException {
        List<PDFont> fonts = new ArrayList<>();
        if (resources == null) {
            return fonts;
        }
        for (COSName name : resources.getFontNames()) {
            fonts.add(resources.getFont(name));
        }
        for (COSName name : resources.getXObjectNames()) {
            if (resources.getXObject(name) instanceof PDFormXObject form) {
                fonts.addAll(fonts(form.getResources()));
            }
        }
        return fonts;
    }

}
