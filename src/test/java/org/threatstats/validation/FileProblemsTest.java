package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Counting;
import org.threatstats.support.Runs;

/**
 * Whole-file problems: one sentence naming the problem, exit 2, a rejects report, and every report published
 * earlier left byte-for-byte as it was.
 */
class FileProblemsTest {
    @TempDir
    Path dir;

    private static List<String> lines(Path file) throws Exception {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private Runs.Result rejected(Baseline b) {
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("nothing was published");
        b.assertNothingLost();
        return result;
    }

    private static Map<String, String> onlyReject(Path rejects) {
        List<Map<String, String>> rows = Counting.records(rejects);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aMissingRequiredFile() throws Exception {
        Baseline b = Baseline.in(dir);
        Files.delete(b.input("arrests.csv"));
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv is missing: the job needs");
        Map<String, String> r = onlyReject(b.rejects());
        assertThat(r).containsEntry("file", "arrests.csv").containsEntry("rule", "file").containsEntry("line", "");
    }

    @Test
    void anEmptyFile() throws Exception {
        Baseline b = Baseline.in(dir);
        Files.write(b.input("arrests.csv"), new byte[0]);
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv is empty: it has no header and no records");
        assertThat(onlyReject(b.rejects())).containsEntry("rule", "empty");
    }

    @Test
    void aHeaderWithNoRecords() throws Exception {
        Baseline b = Baseline.in(dir);
        Files.writeString(b.input("arrests.csv"), "arrest_id,arrest_date,age,sex,ideology,outcome\n");
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv has a header but no records");
    }

    @Test
    void aWrongHeaderNamesEveryMissingExtraMisspeltAndReorderedColumn() throws Exception {
        Baseline b = Baseline.in(dir);
        List<String> lines = lines(b.input("arrests.csv"));
        lines.set(0, "arrest_id,arrest_date,Age,gender,ideology,outcome,notes");
        Files.write(b.input("arrests.csv"), lines);
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv line 1: has the wrong header")
                .contains("'Age' should be 'age'").contains("missing column 'sex'")
                .contains("unexpected columns 'gender', 'notes'");
        Map<String, String> r = onlyReject(b.rejects());
        assertThat(r).containsEntry("line", "1").containsEntry("rule", "header");

        lines.set(0, "arrest_id,age,arrest_date,sex,ideology,outcome");
        Files.write(b.input("arrests.csv"), lines);
        assertThat(rejected(b).err()).contains("the columns are in the wrong order");
    }

    @Test
    void bytesThatAreNotUtf8AreNamedByLine() throws Exception {
        Baseline b = Baseline.in(dir);
        byte[] bytes = Files.readAllBytes(b.input("arrests.csv"));
        String text = new String(bytes, StandardCharsets.UTF_8);
        int line12 = nthLineStart(text, 12);
        int comma = text.indexOf(",Male,", line12);
        bytes[comma + 2] = (byte) 0xE1; // "M\xE1le": Latin-1, not UTF-8
        Files.write(b.input("arrests.csv"), bytes);
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv line 12, column sex: the value has bytes that are not UTF-8");
        assertThat(onlyReject(b.rejects())).containsEntry("line", "12").containsEntry("column", "sex")
                .containsEntry("rule", "structure");
    }

    @Test
    void rowsWithTooFewOrTooManyFields() throws Exception {
        Baseline b = Baseline.in(dir);
        List<String> lines = lines(b.input("arrests.csv"));
        lines.set(29, lines.get(29).substring(0, lines.get(29).lastIndexOf(',')));
        lines.set(99, lines.get(99) + ",extra");
        Files.write(b.input("arrests.csv"), lines);
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv line 30: the record has 5 fields but the header has 6");
        assertThat(result.err()).contains("all 2 listed in");
        List<Map<String, String>> rows = Counting.records(b.rejects());
        assertThat(rows).extracting(r -> r.get("line")).containsExactly("30", "100");
        assertThat(rows.get(1).get("message")).contains("7 fields but the header has 6");
    }

    @Test
    void anUnterminatedQuote() throws Exception {
        Baseline b = Baseline.in(dir);
        List<String> lines = lines(b.input("arrests.csv"));
        lines.set(2000, lines.get(2000).replace(",Male,", ",\"Male,"));
        Files.write(b.input("arrests.csv"), lines);
        Runs.Result result = rejected(b);
        // the next quote in the file closes it, a few lines on
        assertThat(result.err()).containsPattern("arrests.csv line 2001, column sex: a quoted value starts here and "
                + "does not close on this line: it runs on to line 20\\d\\d");
        assertThat(Counting.records(b.rejects()).get(0)).containsEntry("line", "2001");
    }

    @Test
    void aQuoteThatIsNeverClosed() throws Exception {
        Baseline b = Baseline.in(dir);
        List<String> lines = lines(b.input("arrests.csv"));
        int last = lines.size() - 1;
        lines.set(last, lines.get(last).replace(",Male,", ",\"Male,").replace(",Female,", ",\"Female,"));
        Files.write(b.input("arrests.csv"), lines);
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv line " + (last + 1) + ", column sex: a quoted value starts here "
                + "and is never closed");
    }

    @Test
    void aFileOverTheSizeLimit() throws Exception {
        Baseline b = Baseline.in(dir);
        Path job = b.workspace().resolve("jobs/annual-threat-report.yml");
        Files.writeString(job, Files.readString(job).replace("max-file-size: 4GB", "max-file-size: 100KB"));
        Runs.Result result = rejected(b);
        assertThat(result.err()).contains("arrests.csv is " + Files.size(b.input("arrests.csv"))
                + " bytes, over the limit of 102400 bytes set by max-file-size");
        assertThat(onlyReject(b.rejects())).containsEntry("rule", "size");
    }

    static int nthLineStart(String text, int line) {
        int at = 0;
        for (int i = 1; i < line; i++) {
            at = text.indexOf('\n', at) + 1;
        }
        return at;
    }
}
