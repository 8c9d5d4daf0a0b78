package org.threatstats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * An output folder changed by hand (issue "faults while publishing", item 3): a {@code latest} that is no longer
 * a link, a revision folder deleted, a file that no longer matches its manifest. Each gets a sentence that says
 * what and what to do, from {@code run} and from {@code status}; nothing published is written over.
 */
class TamperedOutputTest {
    private static final String CORRECTION = "X-NEW,2025-03-30,30,Male,Islamist,Charged\n";

    @TempDir
    Path dir;

    private static Runs.Result status(Baseline b) {
        return Runs.cli("status", "--jobs-dir", b.workspace().resolve("jobs").toString(), "--output-dir",
                b.workspace().resolve("output").toString());
    }

    private static void correct(Baseline b) throws Exception {
        Files.writeString(b.input("arrests.csv"), CORRECTION, StandardOpenOption.APPEND);
    }

    private static String oneLine(Runs.Result result) {
        assertThat(result.err()).as(result.toString()).doesNotContain("\tat ");
        return result.err().lines().filter(l -> l.startsWith("annual-threat-report ")).findFirst()
                .orElseThrow(() -> new AssertionError(result.toString()));
    }

    @Test
    void aLatestThatIsAFolderIsNeverWrittenOverAndMovingItAsideIsTheWayForward() throws Exception {
        Baseline b = Baseline.in(dir);
        Path period = b.reports().resolve("2025-03");
        Path latest = period.resolve("latest");
        // copied by hand: the link replaced by a folder holding the revision's files
        Files.delete(latest);
        Runs.copyTree(period.resolve("revision-1"), latest);
        Map<String, String> before = Published.hashes(b.reports());

        Runs.Result upToDate = b.run();
        assertThat(upToDate.exitCode()).as(upToDate.toString()).isEqualTo(1);
        assertThat(oneLine(upToDate)).contains(latest + " is a folder, not the symbolic link threatstats keeps there")
                .contains("nothing was written: move it out of " + period + " and run the same command again");

        correct(b);
        Runs.Result corrected = b.run();
        assertThat(corrected.exitCode()).as(corrected.toString()).isEqualTo(1);
        assertThat(oneLine(corrected)).contains(latest + " is a folder, not the symbolic link")
                .contains("nothing was published: move it out of " + period + " and run the same command again");
        assertThat(Published.hashes(b.reports())).isEqualTo(before);
        assertThat(period.resolve("revision-2")).doesNotExist();

        Runs.Result status = status(b);
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("OUTPUT CHANGED BY HAND: " + latest + " is a folder")
                .contains("needs attention");

        Files.move(latest, dir.resolve("latest-copied-by-hand"));
        Runs.Result again = b.run();
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("published revision 2");
        assertThat(Files.readSymbolicLink(latest).toString()).isEqualTo("revision-2");
        assertThat(Published.hashes(period.resolve("revision-1"))).isEqualTo(Published.hashes(
                dir.resolve("latest-copied-by-hand")));
        assertThat(status(b).exitCode()).as(status(b).toString()).isZero();
    }

    @Test
    void aPublishedFileThatNoLongerMatchesItsManifestIsReportedAndNotWrittenOver() throws Exception {
        Baseline b = Baseline.in(dir);
        Path revision = b.reports().resolve("2025-03/revision-1");
        Path pdf = Published.file(revision, ".pdf");
        Files.write(pdf, new byte[] {'\n'}, StandardOpenOption.APPEND);
        Map<String, String> before = Published.hashes(b.reports());

        Runs.Result status = status(b);
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("OUTPUT CHANGED BY HAND: " + pdf + " does not match its manifest");

        Runs.Result upToDate = b.run();
        assertThat(upToDate.exitCode()).as(upToDate.toString()).isEqualTo(1);
        assertThat(oneLine(upToDate)).contains(pdf + " does not match its manifest (it was changed after it was "
                + "published); nothing was written: put the revision's files back from a copy, or run the same "
                + "command with --force to publish these inputs as revision 2");
        assertThat(Published.hashes(b.reports())).isEqualTo(before);
    }

    @Test
    void aChangedFiguresFileStopsTheNextRevisionThatComparesWithIt() throws Exception {
        Baseline b = Baseline.in(dir);
        Path figures = b.reports().resolve("2025-03/revision-1/figures.csv");
        Files.writeString(figures, Files.readString(figures).replaceFirst(",232,", ",233,"));
        Map<String, String> before = Published.hashes(b.reports());
        correct(b);

        Runs.Result corrected = b.run();
        assertThat(corrected.exitCode()).as(corrected.toString()).isEqualTo(1);
        assertThat(oneLine(corrected)).contains(figures + " does not match its manifest").contains("nothing was "
                + "published: this run compares with it, so put the revision's figures.csv back from a copy");
        assertThat(Published.hashes(b.reports())).isEqualTo(before);
        assertThat(b.reports().resolve("2025-03/revision-2")).doesNotExist();
        assertThat(status(b).out()).contains(figures + " does not match its manifest");
    }

    @Test
    void aDeletedRevisionFolderOrLatestLinkIsNamed() throws Exception {
        Baseline b = Baseline.in(dir);
        Path period = b.reports().resolve("2025-03");
        correct(b);
        assertThat(b.run().exitCode()).isZero();
        // the first revision deleted by hand: the run's own revision stands, status says what is gone
        Runs.copyTree(period.resolve("revision-1"), dir.resolve("kept"));
        org.threatstats.io.AtomicFiles.deleteTree(period.resolve("revision-1"));
        Map<String, String> before = Published.hashes(b.reports());
        Runs.Result upToDate = b.run();
        assertThat(upToDate.exitCode()).as(upToDate.toString()).isZero();
        assertThat(upToDate.out()).contains("up to date");
        Runs.Result status = status(b);
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("OUTPUT CHANGED BY HAND: " + period.resolve("revision-1")
                + " is missing (deleted by hand?)");
        assertThat(Published.hashes(b.reports())).isEqualTo(before);

        // the latest link deleted: putting it back overwrites nothing, so the run does, and says so
        Files.delete(period.resolve("latest"));
        assertThat(status(b).out()).contains(period.resolve("latest") + " is missing");
        Runs.Result relinked = b.run();
        assertThat(relinked.exitCode()).as(relinked.toString()).isZero();
        assertThat(relinked.out()).contains("up to date").contains("put back the missing 'latest' link");
        assertThat(Files.readSymbolicLink(period.resolve("latest")).toString()).isEqualTo("revision-2");

        // the revision these inputs made deleted: not "up to date", and not published again unasked
        org.threatstats.io.AtomicFiles.deleteTree(period.resolve("revision-2"));
        Map<String, String> gone = Published.hashes(b.reports());
        Runs.Result missing = b.run();
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(oneLine(missing)).contains("revision 2 of the").contains("is missing from " + period)
                .contains("run the same command with --force to publish these inputs as revision 3");
        assertThat(Published.hashes(b.reports())).isEqualTo(gone);
        assertThat(status(b).out()).contains(period.resolve("latest") + " points at revision-2, which is missing");
    }
}
