package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rejects spool of a partition: what a commit returns is exactly what a restart finds, whether or not the
 * chunk added rejects, and whatever was written after the last commit is gone after a crash.
 */
class RejectSpoolTest {
    private static Reject reject(long line) {
        return new Reject("arrests.csv", line, "age", "x" + line, "type", "'x" + line + "' is not a whole number",
                false);
    }

    private static List<Long> lines(Path spool, long length) {
        List<Long> lines = new ArrayList<>();
        RejectSpool.read(spool, length, r -> lines.add(r.line()));
        return lines;
    }

    @Test
    void aCommitWithoutNewRejectsKeepsTheCommittedLength(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("partition.rejects.csv");
        long first;
        long second;
        try (RejectSpool spool = new RejectSpool(path, 0, 0)) {
            assertThat(spool.commit()).isZero();
            spool.add(reject(2));
            spool.add(reject(5));
            first = spool.commit();
            second = spool.commit(); // a chunk of good records only
            assertThat(spool.count()).isEqualTo(2);
        }
        assertThat(first).isPositive().isEqualTo(second).isEqualTo(Files.size(path));
        assertThat(lines(path, second)).containsExactly(2L, 5L);
    }

    @Test
    void aRestartCutsTheSpoolBackToItsLastCommit(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("partition.rejects.csv");
        long committed;
        try (RejectSpool spool = new RejectSpool(path, 0, 0)) {
            spool.add(reject(2));
            committed = spool.commit();
            spool.add(reject(9)); // written, never committed: the process dies before the chunk's transaction
        }
        assertThat(Files.size(path)).isGreaterThan(committed);

        try (RejectSpool restarted = new RejectSpool(path, committed, 1)) {
            assertThat(Files.size(path)).isEqualTo(committed);
            assertThat(restarted.commit()).as("nothing new: the committed length again").isEqualTo(committed);
            restarted.add(reject(12));
            long now = restarted.commit();
            assertThat(restarted.count()).isEqualTo(2);
            assertThat(lines(path, now)).containsExactly(2L, 12L);
        }
    }
}
