package org.threatstats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Baseline;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * A damaged job repository (issue "faults while publishing", item 4): a database file cut short, overwritten or
 * emptied gives exit 1 and one sentence naming the file, saying that nothing published was changed and how to go
 * on; moving the repository aside is one way on, and the revision numbers continue from the folders.
 */
class DamagedRepositoryTest {
    private static final String CORRECTION = "X-NEW,2025-03-30,30,Male,Islamist,Charged\n";

    @TempDir
    Path dir;

    private interface Damage {
        void to(Path script) throws Exception;
    }

    private void failsInOneSentence(String name, Damage damage) throws Exception {
        Baseline b = Baseline.in(dir.resolve(name));
        Path db = b.workspace().resolve("output/.repository/db");
        Path script = db.resolve("threatstats.script");
        damage.to(script);
        Files.writeString(b.input("arrests.csv"), CORRECTION, StandardOpenOption.APPEND);
        Map<String, String> before = Published.hashes(b.reports());

        Runs.Result run = b.run();

        assertThat(run.exitCode()).as(name + ": " + run).isEqualTo(1);
        assertThat(run.err()).as(name).doesNotContain("\tat ").contains("the job repository " + script
                + " is damaged (").contains("); nothing published was changed: restore " + db + " from a backup, "
                + "or move it aside to start a new repository, whose revision numbers continue from the output "
                + "folder's");
        assertThat(Published.hashes(b.reports())).as(name + ": SHA-256 of every published file").isEqualTo(before);
        assertThat(b.reports().resolve("2025-03/revision-2")).doesNotExist();

        Runs.Result history = Runs.cli("history", "--output-dir", b.workspace().resolve("output").toString());
        assertThat(history.exitCode()).as(history.toString()).isEqualTo(1);
        assertThat(history.err()).startsWith("threatstats: ").contains(script + " is damaged")
                .doesNotContain("\tat ");
        assertThat(history.err().lines().toList()).hasSize(1);

        // the way on the sentence gives: a new repository, whose numbers continue from the folders
        Files.move(db, dir.resolve(name + "-damaged-db"));
        // in a process of its own, as every run is: HSQLDB keeps a database it could not log in to open in the JVM
        org.threatstats.support.Child fresh = org.threatstats.support.Child.start(b.workspace(), "run",
                "annual-threat-report", "--published-on", "2026-11-27");
        assertThat(fresh.waitFor()).as(fresh.output()).isZero();
        assertThat(fresh.output()).contains("published revision 2");
        before.forEach((file, sha) -> assertThat(Published.hashes(b.reports()).get(file)).as(file).isEqualTo(sha));
    }

    @Test
    void aScriptCutShort() throws Exception {
        failsInOneSentence("cut", script -> {
            try (var channel = java.nio.channels.FileChannel.open(script, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() * 2 / 3);
            }
        });
    }

    @Test
    void aScriptOverwrittenWithNoise() throws Exception {
        failsInOneSentence("noise", script -> {
            byte[] noise = new byte[3000];
            new Random(18).nextBytes(noise);
            Files.write(script, noise);
        });
    }

    @Test
    void anEmptiedScript() throws Exception {
        failsInOneSentence("empty", script -> Files.write(script, new byte[0]));
    }
}
