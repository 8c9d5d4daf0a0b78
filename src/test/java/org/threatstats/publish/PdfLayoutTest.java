package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * The board pack's pages as a reader sees them (issue 15, item 4): footers that never overprint, breakdowns with
 * years across kept whole, each table's own source, caveats where illustrative figures stand, and no day parted
 * from its month at a line end. The job's title is made long, as a real one can be.
 */
class PdfLayoutTest {
    private static final String LONG_TITLE = "Arrests for terrorism-related activity and individuals investigated "
            + "for state threat activity, with outcomes, ideologies and age groups";

    @TempDir
    static Path dir;

    static PDDocument pdf;
    static String text;

    @BeforeAll
    static void publish() throws IOException {
        Path ws = Runs.workspace(dir);
        Path job = ws.resolve("jobs/annual-threat-report.yml");
        Files.writeString(job, Files.readString(job).replaceFirst("(?m)^title: .*$", "title: " + LONG_TITLE));
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        Path latest = Published.latest(ws.resolve("output"), "annual-threat-report", "2025-03");
        pdf = Loader.loadPDF(Published.file(latest, ".pdf").toFile());
        text = new PDFTextStripper().getText(pdf);
    }

    @AfterAll
    static void close() throws IOException {
        pdf.close();
    }

    /** The text of the page (after the contents) that has a table's heading. */
    private static String section(int table) throws IOException {
        for (int p = 3; p <= pdf.getNumberOfPages(); p++) {
            String page = pageText(p);
            if (page.contains("Table " + table + ": ")) {
                return page;
            }
        }
        throw new AssertionError("no page with table " + table);
    }

    @Test
    void theFootOfEveryPageStaysOnThePageAndNothingOverprints() throws IOException {
        for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
            var box = pdf.getPage(p - 1).getMediaBox();
            boolean turned = pdf.getPage(p - 1).getRotation() % 180 != 0; // a landscape page is a turned portrait
            float width = turned ? box.getHeight() : box.getWidth();
            float height = turned ? box.getWidth() : box.getHeight();
            List<TextPosition> foot = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition t) {
                    if (t.getYDirAdj() > height - 70 && !t.getUnicode().isBlank()) {
                        foot.add(t);
                    }
                }
            };
            stripper.setStartPage(p);
            stripper.setEndPage(p);
            stripper.getText(pdf);
            assertThat(foot).as("page %d has a foot", p).isNotEmpty();
            for (TextPosition t : foot) {
                assertThat(t.getXDirAdj() + t.getWidthDirAdj()).as("page %d: '%s' on the page", p, t.getUnicode())
                        .isLessThanOrEqualTo(width - 45);
                for (TextPosition u : foot) {
                    if (t == u) {
                        continue;
                    }
                    boolean sameLine = Math.abs(t.getYDirAdj() - u.getYDirAdj()) < 0.8 * t.getHeightDir();
                    float overlap = Math.min(t.getXDirAdj() + t.getWidthDirAdj(), u.getXDirAdj()
                            + u.getWidthDirAdj()) - Math.max(t.getXDirAdj(), u.getXDirAdj());
                    assertThat(sameLine && overlap > 0.5f).as("page %d: '%s' over '%s'", p, t.getUnicode(),
                            u.getUnicode()).isFalse();
                }
            }
            String page = pageText(p);
            assertThat(page).as("page %d", p).contains("Page " + p + " of " + pdf.getNumberOfPages())
                    .doesNotContainPattern("\\S(Page \\d+ of)");
        }
    }

    private static String pageText(int p) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        return stripper.getText(pdf).replace('\u00A0', ' ');
    }

    @Test
    void breakdownsRunYearsAcrossWithTheirHeaderAndTotalOnOnePage() throws IOException {
        String ages = section(2).replaceAll("\\s+", " ");
        assertThat(ages).contains("Year ending March 2021 (number)").contains("Year ending March 2025 (number)")
                .contains("17 and under 21 29 31 42 43 18.5 1 2.4").contains("Total 169 196 172 221 232 100.0 11 5.0")
                .doesNotContain("March 2021 17 and under");
        for (int p = 1; p <= pdf.getNumberOfPages(); p++) {
            String page = pageText(p);
            if (page.contains("17 and under 21")) {
                assertThat(page).as("page %d holds the whole table", p).contains("Age group")
                        .contains("17 and under 21").contains("Total 169 196 172 221 232");
            }
        }
    }

    @Test
    void aTableStartsWithTheFirstYearOfItsData() throws IOException {
        String actors = section(7);
        assertThat(actors.replaceAll("\\s+", " ")).contains("year ending March 2024 to year ending March 2025").doesNotContain("[x]")
                .doesNotContain("March 2023");
    }

    @Test
    void eachTableCitesItsOwnDatasetsSource() throws IOException {
        assertThat(section(2)).contains("Source: Home Office").doesNotContain("illustrative state threat");
        assertThat(section(7)).contains("Source: Illustrative counts, not official statistics");
    }

    @Test
    void illustrativeFiguresSayItWhereTheyStandAndAreNotCalledOfficialStatistics() {
        String flat = text.replace('\u00A0', ' ').replaceAll("\\s+", " ");
        assertThat(flat).containsPattern("432 individuals were investigated for state threat activity.*?\\)\\. These "
                + "are illustrative figures, not official statistics");
        assertThat(pdf.getDocumentInformation().getKeywords()).doesNotContain("official statistics");
    }

    @Test
    void aDayIsNeverPartedFromItsMonthAtALineEnd() {
        assertThat(text).doesNotContainPattern("(ending|on) \\d{1,2}\\s*\\R\\s*(January|February|March|April|May|June|July"
                + "|August|September|October|November|December)\\b");
        assertThat(text).contains("31\u00A0March 2025");
    }

    @Test
    void theSeriesChartLabelsItsYearsAsTheHomeOfficeDoesWithAnAxisTitle() {
        String flat = text.replaceAll("\\s+", " ");
        assertThat(flat).contains("Year ending").containsPattern("YE Mar ?16").containsPattern("YE Mar ?25");
    }
}
