package org.threatstats.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threatstats.definition.Refusal.refused;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 1.1: band labels that would share one row of a table. Figures are kept by label, so today one
 * band's count replaced another's ("18 to 20" printed twice, the 21 to 24 count lost).
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BandLabelsTest {
    @TempDir
    Path dir;

    @Test
    void twoBandsWithTheSameLabelAreRefused() throws Exception {
        assertThat(refused(dir, "{label: 21 to 24, min: 21, max: 24}", "{label: 18 to 20, min: 21, max: 24}"))
                .isEqualTo("datasets[0].bands[0]: bands[1] and bands[2] are both labelled '18 to 20', so one's "
                        + "count would replace the other's: give each band a label of its own");
    }

    @Test
    void labelsThatDifferOnlyInCapitalsOrSpacesAreRefused() throws Exception {
        assertThat(refused(dir, "{label: 21 to 24, min: 21, max: 24}", "{label: 18  To 20, min: 21, max: 24}"))
                .isEqualTo("datasets[0].bands[0]: bands[1] and bands[2] are both labelled '18 to 20', so one's "
                        + "count would replace the other's: give each band a label of its own");
    }

    @Test
    void aBandLabelledLikeTheMissingLabelIsRefused() throws Exception {
        assertThat(refused(dir, "{label: 18 to 20, min: 18, max: 20}", "{label: Not stated, min: 18, max: 20}"))
                .isEqualTo("datasets[0].bands[0]: bands[1] is labelled 'Not stated', which is also the 'missing' "
                        + "label (records with no age), so the two counts would be mixed: give one of them "
                        + "another label");
    }

    @Test
    void aBandLabelledLikeTheDefaultMissingLabelIsRefused() throws Exception {
        assertThat(refused(dir, "missing: Not stated\n        bands:\n          - {label: 17 and under, max: 17}\n"
                + "          - {label: 18 to 20, min: 18, max: 20}", "bands:\n          - {label: 17 and under, max: 17}\n"
                + "          - {label: Not stated, min: 18, max: 20}"))
                .isEqualTo("datasets[0].bands[0]: bands[1] is labelled 'Not stated', which is also the default "
                        + "'missing' label (records with no age), so the two counts would be mixed: give one of "
                        + "them another label");
    }

    /**
     * A table shows its own Total row (and a cross table its own Total column): a band or category value called
     * Total would be a second one. Band labels equal to values of another category cannot collide: each table,
     * headline and chart keeps its categories apart.
     */
    @Test
    void aValueLabelledTotalBesideTheTablesOwnTotalRowIsRefused() throws Exception {
        assertThat(refused(dir, "{label: 30 and over, min: 30}", "{label: Total, min: 30}"))
                .isEqualTo("tables[1]: 'age_band' has a value 'Total', which the table would show as well as its "
                        + "own Total row: give that band or value another label");
    }
}
