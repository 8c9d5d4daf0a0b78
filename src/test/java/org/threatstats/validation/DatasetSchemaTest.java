package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.definition.BandDefinition;
import org.threatstats.definition.JobDefinitionLoader;

/**
 * The schema's look-ups for the hot loop (categories compared eight bytes at a time, bands from a table) must give
 * what a plain search gives, for every value and wherever the value lies in the block, the array's end included.
 */
class DatasetSchemaTest {
    private static final String JOB = """
            title: Look-ups
            organisation: Example Unit
            marking: OFFICIAL
            geography: England and Wales
            period: {year-ending: March, years-shown: 2, series-years: 2}
            datasets:
              - name: cases
                file: cases.csv
                date-column: opened
                columns:
                  - {name: opened, type: date}
                  - {name: size, type: whole-number, required: false, min: -1000, max: 100000}
                  - name: kind
                    type: category
                    values: [A, B, Alpha123, Alpha456, ABCDEFGH, ABCDEFGHI, "Sixteen bytes!!!", "Seventeen bytes!!",
                             Released on bail or under investigation, Released without charge, Not stated]
                bands:
                  - name: size_band
                    from: size
                    missing: Not stated
                    bands:
                      - {label: none, max: 0}
                      - {label: few, min: 1, max: 9}
                      - {label: some, min: 20, max: 29}
                      - {label: many, min: 30}
                  - name: size_window
                    from: size
                    missing: Not stated
                    bands:
                      - {label: inside, min: 5, max: 40}
            tables:
              - {id: by-kind, title: Cases by kind, dataset: cases, by: kind, measure: Cases}
            """;

    private static DatasetSchema schema(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(dir.resolve("jobs/look-ups.yml"), JOB);
        return new DatasetSchema(new JobDefinitionLoader(dir.resolve("jobs")).load("look-ups").dataset("cases")
                .orElseThrow(), 3);
    }

    @Test
    void categoriesAreFoundWhereverTheyLieAndNearMissesAreNot(@TempDir Path dir) throws Exception {
        DatasetSchema schema = schema(dir);
        byte[][] values = schema.allowed(2);
        Random random = new Random(11);
        for (int round = 0; round < 2000; round++) {
            int k = random.nextInt(values.length);
            byte[] value = values[k].clone();
            boolean altered = random.nextBoolean();
            if (altered) {
                value[random.nextInt(value.length)] ^= (byte) (1 + random.nextInt(0x3f));
            }
            // the value at a random place of an array, sometimes right at its end, with other bytes around it
            int before = random.nextInt(12);
            int after = random.nextInt(3) == 0 ? 0 : random.nextInt(12);
            byte[] block = new byte[before + value.length + after];
            random.nextBytes(block);
            System.arraycopy(value, 0, block, before, value.length);
            int expected = -1;
            for (int v = 0; v < values.length; v++) {
                if (java.util.Arrays.equals(values[v], value)) {
                    expected = v;
                }
            }
            assertThat(schema.category(2, block, before, before + value.length))
                    .as("'%s' at %d of %d", new String(value, StandardCharsets.ISO_8859_1), before, block.length)
                    .isEqualTo(expected);
            if (!altered) {
                assertThat(expected).isEqualTo(k);
            }
        }
    }

    @Test
    void bandsFromTheTableAreTheBandsTheDefinitionGives(@TempDir Path dir) throws Exception {
        DatasetSchema schema = schema(dir);
        for (String band : List.of("size_band", "size_window")) {
            int d = schema.dimensionIndex(band);
            List<BandDefinition.Band> bands = schema.dimensionBand(d).bands();
            for (long value = -1000; value <= 1000; value++) {
                int expected = -1;
                for (int b = 0; b < bands.size(); b++) {
                    Integer min = bands.get(b).min();
                    Integer max = bands.get(b).max();
                    if ((min == null || value >= min) && (max == null || value <= max)) {
                        expected = b;
                    }
                }
                assertThat(schema.band(d, value)).as("%s %d", band, value).isEqualTo(expected);
            }
        }
        assertThat(schema.band(schema.dimensionIndex("size_band"), 100_000)).isEqualTo(3);
        assertThat(schema.band(schema.dimensionIndex("size_band"), 15)).isEqualTo(-1);
        assertThat(schema.band(schema.dimensionIndex("size_window"), 100_000)).isEqualTo(-1);
    }
}
