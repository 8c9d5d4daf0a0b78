package org.threatstats.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threatstats.definition.Refusal.refused;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.threatstats.support.Runs;

/**
 * Issue 19, item 1.4: numbers out of their documented range are refused, never cast. Today 'threshold: 4294967298'
 * became 2 (less suppression than asked for), 'max-file-size: 16777216TB' became 0 bytes, and 'series-years:
 * 100000' ran for minutes writing a workbook of a hundred thousand years.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NumberRangesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            threshold: 2          | threshold: 4294967298   | disclosure: 'threshold' must be a whole number from 0 to 100, not 4294967298
            threshold: 2          | threshold: 2.5          | disclosure: 'threshold' must be a whole number from 0 to 100, not 2.5
            max-file-size: 4GB    | max-file-size: 16777216TB | datasets[0]: 'max-file-size' must be a size from 1B to 1024TB (such as 500MB or 4GB), not '16777216TB'
            max-file-size: 4GB    | max-file-size: 99999999999999999999999GB | datasets[0]: 'max-file-size' must be a size from 1B to 1024TB (such as 500MB or 4GB), not '99999999999999999999999GB'
            max-file-size: 4GB    | max-file-size: 0KB      | datasets[0]: 'max-file-size' must be a size from 1B to 1024TB (such as 500MB or 4GB), not '0KB'
            max-rejects: 0        | max-rejects: 99999999999999999999 | datasets[0]: 'max-rejects' must be a whole number from 0 to 1000000000, not 99999999999999999999
            series-years: 10      | series-years: 100000    | period: 'series-years' must be a whole number from 1 to 100, not 100000
            years-shown: 5        | years-shown: 4294967297 | period: 'years-shown' must be a whole number from 1 to 50, not 4294967297
            chart: line           | chart: line\\n    years: 1000 | tables[0]: 'years' must be a whole number from 1 to 100, not 1000
            'min: 21, max: 24}'   | 'min: 21, max: 2147483648}' | datasets[0].bands[0].bands[2]: 'max' must be a whole number from -1000000000 to 1000000000, not 2147483648
            'min: 10, max: 99,'   | 'min: 10, max: 99999999999999999999,' | datasets[0].columns[2]: 'max' must be a number from -1000000000000000 to 1000000000000000, not 99999999999999999999
            'min: 10, max: 99,'   | 'min: 10.5, max: 99,'   | datasets[0].columns[2]: 'min' of whole-number column 'age' must be a whole number, not 10.5
            '{label: 30 and over, min: 30}' | '{label: 30 to 99, min: 30, max: 99}\\n          - {label: 100 and over, min: 100}' | datasets[0].bands[0].bands[5]: band '100 and over' could never count anything, since column 'age' allows only 10 to 99
            """)
    void numbersOutOfRangeAreRefusedNeverCast(String from, String to, String message) throws Exception {
        assertThat(refused(dir, from, to.replace("\\n", "\n"))).isEqualTo(message);
    }

    /** The ends of every documented range are accepted, so the ranges are what the messages say. */
    @Test
    void theEndsOfEachRangeLoad() throws Exception {
        Path ws = Runs.workspace(dir);
        Path yml = ws.resolve(Refusal.JOB);
        String job = Files.readString(yml);
        Files.writeString(yml, job.replace("threshold: 2", "threshold: 100").replace("years-shown: 5",
                "years-shown: 50").replace("series-years: 10", "series-years: 100").replace("max-file-size: 4GB",
                "max-file-size: 1024TB").replace("max-rejects: 0", "max-rejects: 1000000000")
                .replace("chart: line", "chart: line\n    years: 100")
                .replace("{label: 17 and under, max: 17}", "{label: 17 and under, min: -1000000000, max: 17}")
                .replace("{label: 30 and over, min: 30}", "{label: 30 and over, min: 30, max: 1000000000}")
                .replace("{name: individuals, type: whole-number, required: true, min: 0,",
                        "{name: individuals, type: whole-number, required: true, min: 0, max: 1000000000000000,"));
        JobDefinition definition = new JobDefinitionLoader(ws.resolve("jobs")).load("annual-threat-report");
        assertThat(definition.disclosure().threshold()).isEqualTo(100);
        assertThat(definition.period().yearsShown()).isEqualTo(50);
        assertThat(definition.period().seriesYears()).isEqualTo(100);
        assertThat(definition.tables().get(0).years()).isEqualTo(100);
        assertThat(definition.datasets().get(0).maxFileSize()).isEqualTo(1L << 50);
        assertThat(definition.datasets().get(0).maxRejects()).isEqualTo(1_000_000_000L);
        Files.writeString(yml, job.replace("max-file-size: 4GB", "max-file-size: 1B"));
        assertThat(new JobDefinitionLoader(ws.resolve("jobs")).load("annual-threat-report").datasets().get(0)
                .maxFileSize()).isEqualTo(1);
    }
}
