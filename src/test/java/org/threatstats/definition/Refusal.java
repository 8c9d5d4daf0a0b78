package org.threatstats.definition;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.threatstats.support.Baseline;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * Runs the shipped job, edited, in a workspace where the sample report was published once, and checks that the
 * edit is refused when the job is loaded: exit 64, one line on stderr naming the file, nothing printed as
 * published, and nothing under the job's output folder added, removed or changed.
 */
final class Refusal {
    static final String JOB = "jobs/annual-threat-report.yml";

    private Refusal() {
    }

    /** Replaces {@code from} (which must occur exactly once) by {@code to}; the sentence after the file name. */
    static String refused(Path dir, String from, String to) throws Exception {
        Baseline b = Baseline.in(dir);
        Path yml = b.workspace().resolve(JOB);
        String job = Files.readString(yml, UTF_8);
        assertThat(job.indexOf(from)).as("'%s' once in the shipped job", from).isNotNegative()
                .isEqualTo(job.lastIndexOf(from));
        Files.writeString(yml, job.replace(from, to), UTF_8);
        List<String> tree = Published.tree(b.reports());
        Map<String, String> hashes = Published.hashes(b.reports());
        Runs.Result result = b.run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(64);
        assertThat(Published.tree(b.reports())).as("files under the job's output folder").isEqualTo(tree);
        assertThat(Published.hashes(b.reports())).as("bytes of the published files").isEqualTo(hashes);
        assertThat(result.out()).as(result.toString()).isEmpty();
        String err = result.err().strip();
        String prefix = "threatstats: annual-threat-report: bad job definition: " + yml + ": ";
        assertThat(err).as("one sentence naming the file").doesNotContain("\n").doesNotContain("Exception")
                .startsWith(prefix);
        return err.substring(prefix.length());
    }
}
