package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Counting;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * What suppliers' files really look like and is still fine: exit 0, and every figure exactly as from the clean
 * file (a run without --force publishes nothing, having changed no figure; with it, the new revision's figures.csv
 * equals the first one's byte for byte).
 */
class ToleratedInputTest {
    @TempDir
    Path dir;

    private Baseline baseline;

    private String sample() throws Exception {
        baseline = Baseline.in(dir);
        return Files.readString(baseline.input("arrests.csv"), StandardCharsets.UTF_8);
    }

    private void sameFigures(String csv) throws Exception {
        sameFigures(csv.getBytes(StandardCharsets.UTF_8));
    }

    private void sameFigures(byte[] csv) throws Exception {
        Files.write(baseline.input("arrests.csv"), csv);
        Runs.Result unchanged = baseline.run();
        assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
        assertThat(unchanged.out()).contains("inputs changed, no figure changed");
        Runs.Result result = baseline.run("--force");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("published revision 2");
        Path period = baseline.reports().resolve("2025-03");
        assertThat(Files.readAllBytes(period.resolve("revision-2/figures.csv")))
                .isEqualTo(Files.readAllBytes(period.resolve("revision-1/figures.csv")));
    }

    @Test
    void aByteOrderMark() throws Exception {
        byte[] text = sample().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        sameFigures(withBom);
    }

    @Test
    void windowsLineEnds() throws Exception {
        sameFigures(sample().replace("\n", "\r\n"));
    }

    @Test
    void quotedFieldsWithCommasAndDoubledQuotes() throws Exception {
        List<String> out = new ArrayList<>();
        String[] lines = sample().split("\n");
        out.add(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            // every field quoted, and the ID made to hold a comma and a doubled quote
            String[] f = lines[i].split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            List<String> quoted = new ArrayList<>();
            for (int k = 0; k < f.length; k++) {
                String value = f[k].startsWith("\"") ? f[k].substring(1, f[k].length() - 1) : f[k];
                if (k == 0) {
                    value = value + ", \"\"case\"\"";
                }
                quoted.add("\"" + value + "\"");
            }
            out.add(String.join(",", quoted));
        }
        sameFigures(String.join("\n", out) + "\n");
    }

    @Test
    void aTrailingEmptyLine() throws Exception {
        sameFigures(sample() + "\n");
    }

    @Test
    void spacesAroundCategoryValuesAreTrimmedAndCountedAsAWarning() throws Exception {
        String clean = sample();
        String csv = clean.replace(",Female,", ", Female ,");
        long trimmed = clean.split(",Female,", -1).length - 1;
        sameFigures(csv);
        Path latest = Published.latest(baseline.workspace().resolve("output"), "annual-threat-report", "2025-03");
        String pdf = Published.pdfText(Published.file(latest, ".pdf")).replaceAll("\\s+", " ");
        assertThat(pdf).contains(trimmed + " values had spaces around them, trimmed");
        var workbook = Published.workbook(Published.file(latest, ".xlsx"));
        var quality = Published.byLabels(Published.table(workbook, Published.sheetTitled(workbook,
                "Inputs and data quality")), 1);
        assertThat(quality.get("arrests.csv").get("Values with spaces trimmed (number)"))
                .isEqualTo(Counting.number(trimmed));
    }
}
