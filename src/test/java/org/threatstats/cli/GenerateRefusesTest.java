package org.threatstats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * No command of the tool overwrites a published file (issue "faults while publishing", item 2): {@code generate}
 * refuses an existing file without {@code --force}, any path in an output folder's tree even with it, and a
 * folder that does not exist, each with exit 64 and one sentence, every published file as it was.
 */
class GenerateRefusesTest {
    @TempDir
    Path dir;

    private static Runs.Result generate(Path out, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "generate";
        args[1] = "--records";
        args[2] = "5";
        args[3] = "--out=" + out;
        System.arraycopy(more, 0, args, 4, more.length);
        return Runs.cli(args);
    }

    private static void refused(Runs.Result result, String... words) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(64);
        assertThat(result.err().lines().toList()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith("threatstats: ").contains(words).doesNotContain("\tat ")
                .contains("nothing was written");
        assertThat(result.out()).doesNotContain("wrote");
    }

    @Test
    void noPathInAnOutputFoldersTreeIsWrittenEvenWithForce() throws Exception {
        Baseline b = Baseline.in(dir.resolve("ws"));
        Path output = b.workspace().resolve("output");
        Path revision = b.reports().resolve("2025-03/revision-1");
        Map<String, String> before = Published.hashes(output);
        assertThat(before).containsKey("annual-threat-report/2025-03/revision-1/figures.csv");
        // a copy of the published tree, without the job repository beside it (a colleague's share, say)
        Path copy = dir.resolve("copy");
        Runs.copyTree(b.reports(), copy);
        Map<String, String> copyBefore = Published.hashes(copy);
        Path link = dir.resolve("elsewhere.csv");
        Files.createSymbolicLink(link, revision.resolve("figures.csv"));
        Path[] targets = {revision.resolve("figures.csv"), b.reports().resolve("2025-03/latest/figures.csv"),
            revision.resolve("new.csv"), b.reports().resolve("2025-03/new.csv"), output.resolve("x.csv"),
            copy.resolve("2025-03/revision-1/figures.csv"), copy.resolve("2025-03/x.csv"), link};
        for (Path target : targets) {
            for (String[] force : new String[][] {{}, {"--force"}}) {
                Runs.Result result = generate(target, force);
                refused(result, target.toAbsolutePath().normalize().toString(), "where published reports are kept");
            }
        }
        assertThat(Published.hashes(output)).as("SHA-256 of every published file").isEqualTo(before);
        assertThat(Published.hashes(copy)).isEqualTo(copyBefore);
        assertThat(revision.resolve("new.csv")).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws Exception {
        Path file = dir.resolve("arrests.csv");
        Files.writeString(file, "mine\n");
        Runs.Result kept = generate(file);
        refused(kept, file.toString(), "exists", "--force");
        assertThat(Files.readString(file)).isEqualTo("mine\n");
        Runs.Result forced = generate(file, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readAllLines(file)).hasSize(6);
    }

    @Test
    void aFolderThatDoesNotExistIsABadCommandLine() {
        Runs.Result result = generate(Path.of("/nonexistent/dir/x.csv"));
        refused(result, "/nonexistent/dir", "does not exist");
        assertThat(Path.of("/nonexistent")).doesNotExist();
    }
}
