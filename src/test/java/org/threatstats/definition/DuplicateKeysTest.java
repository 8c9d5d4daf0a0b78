package org.threatstats.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threatstats.definition.Refusal.refused;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 1.3: a key given twice. YAML readers keep the last value, so today 'marking: SECRET' then
 * 'marking: OFFICIAL' published OFFICIAL.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DuplicateKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyGivenTwiceIsRefusedNamingItsLine() throws Exception {
        assertThat(refused(dir, "marking: OFFICIAL", "marking: SECRET\nmarking: OFFICIAL"))
                .isEqualTo("'marking' is given twice (the second time on line 7), and only one could apply: "
                        + "keep the one you mean");
    }

    @Test
    void aKeyGivenTwiceInsideAListIsRefusedNamingItsPlace() throws Exception {
        int line = 1 + java.nio.file.Files.readAllLines(org.threatstats.support.Runs.project().resolve(
                "jobs/annual-threat-report.yml")).stream().takeWhile(l -> !l.contains("label: Age}")).toList().size();
        assertThat(refused(dir, "min: 10, max: 99, label: Age}", "min: 10, max: 99, label: Age, min: 0}"))
                .isEqualTo("datasets[0].columns[2]: 'min' is given twice (the second time on line " + line
                        + "), and only one could apply: keep the one you mean");
    }
}
