package org.threatstats.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/** The same inputs and parameters give byte-identical workbook and PDF, whenever and wherever they are made. */
class ReproducibleTest {

    @Test
    void twoRunsIntoTwoOutputFoldersGiveIdenticalFiles(@TempDir Path a, @TempDir Path b) throws Exception {
        Path first = Runs.workspace(a);
        assertThat(Runs.run(first, "annual-threat-report").exitCode()).isZero();
        Thread.sleep(1100); // a different second on the clock
        Path second = Runs.workspace(b);
        assertThat(Runs.run(second, "annual-threat-report").exitCode()).isZero();
        Path one = Published.latest(first.resolve("output"), "annual-threat-report", "2025-03");
        Path two = Published.latest(second.resolve("output"), "annual-threat-report", "2025-03");
        for (String extension : new String[] {".xlsx", ".ods", ".pdf", ".html", "figures.csv"}) {
            assertThat(Published.sha256(Published.file(two, extension))).as(extension)
                    .isEqualTo(Published.sha256(Published.file(one, extension)));
        }
    }
}
