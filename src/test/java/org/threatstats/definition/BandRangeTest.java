package org.threatstats.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threatstats.definition.Refusal.refused;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 1.2: a band with 'min' above 'max' holds no value, so today every record in its range was
 * rejected as bad data, instead of the job being refused.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BandRangeTest {
    @TempDir
    Path dir;

    @Test
    void aBandWhoseMinIsAboveItsMaxIsRefused() throws Exception {
        assertThat(refused(dir, "{label: 18 to 20, min: 18, max: 20}", "{label: 18 to 20, min: 20, max: 18}"))
                .isEqualTo("datasets[0].bands[0].bands[1]: 'min' 20 is above 'max' 18, so no age could fall in "
                        + "band '18 to 20'");
    }
}
