package org.threatstats.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;

/** The board pack as a screen reader and veraPDF (PDF/UA-1) see it: a structure tree over every page. */
class TaggedPdfTest {
    @TempDir
    static Path dir;

    static Path pdf;

    @BeforeAll
    static void publish() {
        Path ws = Runs.workspace(dir);
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        pdf = Published.file(Published.latest(ws.resolve("output"), "annual-threat-report", "2025-03"), ".pdf");
    }

    /** The PDF/UA-1 rules veraPDF finds broken, as "clause-test: message (count)". */
    static List<String> failedRules(Path file) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        List<String> failed = new ArrayList<>();
        try (PDFAParser parser = Foundries.defaultInstance().createParser(file.toFile(), PDFAFlavour.PDFUA_1);
                InputStream xml = ValidationProfile.class.getResourceAsStream("/org/verapdf/pdfa/validation/PDFUA-1.xml");
                PDFAValidator validator = Foundries.defaultInstance().createValidator(Profiles.profileFromXml(xml),
                        false)) {
            ValidationResult result = validator.validate(parser);
            TreeSet<String> rules = new TreeSet<>();
            for (TestAssertion a : result.getTestAssertions()) {
                if (a.getStatus() == TestAssertion.Status.FAILED) {
                    rules.add(a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage());
                }
            }
            failed.addAll(rules);
        }
        return failed;
    }

    @Test
    void veraPdfFindsNoBrokenPdfUaRule() throws Exception {
        assertThat(failedRules(pdf)).isEmpty();
    }

    @Test
    void theStructureHasHeadingsListsTablesWithHeaderCellsAndFiguresWithAlternativeText() throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getDocumentCatalog().getMarkInfo().isMarked()).isTrue();
            assertThat(doc.getDocumentCatalog().getLanguage()).isEqualTo("en-GB");
            assertThat(doc.getDocumentCatalog().getViewerPreferences().displayDocTitle()).isTrue();
            List<PDStructureElement> all = new ArrayList<>();
            collect(doc.getDocumentCatalog().getStructureTreeRoot(), all);
            List<String> types = all.stream().map(PDStructureElement::getStructureType).toList();
            assertThat(types).contains("Document", "H1", "H2", "H3", "P", "L", "LI", "LBody", "Table", "TR", "TH",
                    "TD", "Figure");
            assertThat(types.stream().filter("H1"::equals).count()).isEqualTo(1);
            List<PDStructureElement> figures = all.stream().filter(e -> "Figure".equals(e.getStructureType()))
                    .toList();
            assertThat(figures).hasSize(6).allSatisfy(f -> assertThat(f.getAlternateDescription())
                    .containsPattern("^(Line|Bar) chart of").doesNotContain("null").contains("The table gives the same figures"));
            assertThat(figures.get(1).getAlternateDescription()).contains("17 and under: 43");
        }
        Process info = new ProcessBuilder("pdfinfo", pdf.toString()).redirectErrorStream(true).start();
        assertThat(new String(info.getInputStream().readAllBytes())).containsPattern("Tagged:\\s+yes");
    }

    /** The check can fail: a chart whose figure has lost its alternative text breaks PDF/UA's rule 7.3. */
    @Test
    void veraPdfFailsAFigureWithoutAlternativeText() throws Exception {
        Path broken = dir.resolve("no-alt.pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            List<PDStructureElement> all = new ArrayList<>();
            collect(doc.getDocumentCatalog().getStructureTreeRoot(), all);
            all.stream().filter(e -> "Figure".equals(e.getStructureType())).findFirst().orElseThrow()
                    .setAlternateDescription(null);
            doc.save(broken.toFile());
        }
        assertThat(failedRules(broken)).anyMatch(rule -> rule.startsWith("7.3-"));
    }

    /** A title, note and label holding markup, quotes and 2,000 characters: text, wrapped, and still PDF/UA. */
    @Test
    void badInputStaysTextAndPdfUa() throws Exception {
        Path ws = Runs.workspace(dir.resolve("bad"));
        Path job = ws.resolve("jobs/annual-threat-report.yml");
        String nasty = "<script>alert(\\\"x\\\")</script> & 'quoted' ";
        String yaml = Files.readString(job).replaceFirst("(?m)^title: .*$",
                Matcher.quoteReplacement("title: \"" + nasty + "W".repeat(2000) + "\""));
        Files.writeString(job, yaml);
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        Path bad = Published.file(Published.latest(ws.resolve("output"), "annual-threat-report", "2025-03"), ".pdf");
        assertThat(failedRules(bad)).isEmpty();
        String text = Published.pdfText(bad);
        assertThat(text).contains("<script>alert(\"x\")</script> & 'quoted'");
        try (PDDocument doc = Loader.loadPDF(bad.toFile())) {
            assertThat(doc.getDocumentInformation().getTitle()).startsWith("<script>");
        }
    }

    private static void collect(PDStructureNode node, List<PDStructureElement> into) {
        for (Object kid : node.getKids()) {
            if (kid instanceof PDStructureElement e) {
                into.add(e);
                collect(e, into);
            }
        }
    }
}
