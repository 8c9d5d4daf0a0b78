package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.history.OutputLock;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/** Every exit code the command line promises, reached the way an operator would reach it. */
class ExitCodesTest {

    @Test
    void zeroWhenPublishedAndZeroAgainWhenUpToDateWithNothingWritten(@TempDir Path dir) {
        Path ws = Runs.workspace(dir);
        Runs.Result first = Runs.run(ws, "annual-threat-report");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("published revision 1");
        Path reports = ws.resolve("output/annual-threat-report");
        List<String> tree = Published.tree(reports);
        var hashes = Published.hashes(reports);
        Runs.Result again = Runs.run(ws, "annual-threat-report", "--published-on", "2026-12-01");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("up to date").contains("nothing written");
        assertThat(Published.tree(reports)).isEqualTo(tree);
        assertThat(Published.hashes(reports)).isEqualTo(hashes);
    }

    @Test
    void oneWhenTheRunFails(@TempDir Path dir) throws Exception {
        Path ws = Runs.workspace(dir);
        Files.writeString(ws.resolve("output"), "a file where the output folder should be");
        Runs.Result result = Runs.run(ws, "annual-threat-report");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("output").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void twoWhenValidationRejectsTheInput(@TempDir Path dir) throws Exception {
        Path ws = Runs.workspace(dir);
        Path csv = ws.resolve("input/arrests.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(49, lines.get(49).replaceFirst("^([^,]*,[^,]*,)[0-9]*,", "$1abc,"));
        Files.write(csv, lines);
        Runs.Result result = Runs.run(ws, "annual-threat-report");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("arrests.csv line 50, column age: 'abc' is not a whole number");
        assertThat(result.err()).contains("nothing was published");
    }

    @Test
    void threeWhenTheSameOutputFolderIsInUse(@TempDir Path dir) throws Exception {
        Path ws = Runs.workspace(dir);
        try (OutputLock held = OutputLock.acquire(ws.resolve("output").toAbsolutePath(), "another run")) {
            Runs.Result result = Runs.run(ws, "annual-threat-report");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.err()).contains("already running");
        }
    }

    @Test
    void sixtyFourForABadCommandLine(@TempDir Path dir) {
        Path ws = Runs.workspace(dir);
        assertThat(Runs.cli("run", "annual-threat-report", "--no-such-option").exitCode()).isEqualTo(64);
        assertThat(Runs.run(ws, "annual-threat-report", "--year-ending", "March 2025").exitCode()).isEqualTo(64);
        assertThat(Runs.cli("frobnicate").exitCode()).isEqualTo(64);
        Runs.Result missing = Runs.run(ws, "no-such-job");
        assertThat(missing.exitCode()).isEqualTo(64);
        assertThat(missing.err()).contains("there is no job 'no-such-job'");
        assertThat(ws.resolve("output")).as("a job that does not exist creates nothing").doesNotExist();
    }

    @Test
    void sixtyFourForABadJobDefinitionNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        Path ws = Runs.workspace(dir);
        Path yml = ws.resolve("jobs/annual-threat-report.yml");
        Files.writeString(yml, Files.readString(yml).replace("max-rejects: 0", "max-reject: 0"));
        Runs.Result result = Runs.run(ws, "annual-threat-report");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(64);
        assertThat(result.err()).contains("datasets[0]: unknown key 'max-reject'");
    }

    @Test
    void sixtyFourForDisclosureSettingsThatCannotBeHonoured(@TempDir Path dir) throws Exception {
        Path ws = Runs.workspace(dir);
        Path yml = ws.resolve("jobs/annual-threat-report.yml");
        String job = Files.readString(yml);
        Files.writeString(yml, job.replace("exempt-headline-totals: true", "exempt-headline-totals: false"));
        Runs.Result exempt = Runs.run(ws, "annual-threat-report");
        assertThat(exempt.exitCode()).isEqualTo(64);
        assertThat(exempt.err()).contains("'exempt-headline-totals: false' is not supported");
        Files.writeString(yml, job.replace("values: [Male, Female, Not stated]", "values: [Male]")
                .replace("Male,Female", "Male"));
        Runs.Result single = Runs.run(ws, "annual-threat-report");
        assertThat(single.exitCode()).isEqualTo(64);
        assertThat(single.err()).contains("a cross table needs at least two values of 'sex'");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "validate", "history", "diff", "generate")) {
            Runs.Result help = Runs.cli(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage:");
        }
    }
}
