package org.threatstats.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threatstats.definition.Refusal.refused;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 1.7: a headline 'where' that picks the row stating the total ('All states'). Those rows are
 * checked against the others and then left out of the figures, so today the headline said "0 individuals".
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StatedTotalWhereTest {
    @TempDir
    Path dir;

    @Test
    void aHeadlineWhereOnTheStatedTotalRowIsRefused() throws Exception {
        assertThat(refused(dir, "  - dataset: state-threats\n    text: >-",
                "  - dataset: state-threats\n    where: {state_actor: All states}\n    text: >-"))
                .isEqualTo("headlines[4]: 'where: {state_actor: All states}' picks the rows that state the "
                        + "total, which are not a category of the figures (they are checked, then left out): leave "
                        + "out 'where' to report the total");
    }
}
