package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.support.Counting;
import org.threatstats.support.Runs;

/**
 * Repeated arrest IDs are found whatever shape the IDs have, in a file large enough to be read as three
 * partitions: numbered IDs (kept as bits of a bitmap), the same numbers padded to another width (different IDs),
 * numbers scattered too thinly for a bitmap, more ID forms than are kept as numbers, and IDs that are no numbers.
 * The expected rejects come from a plain map of the IDs' texts.
 */
class KeyShapesTest {
    @TempDir
    Path dir;

    @Test
    void everyRepeatIsRejectedNamingItsFirstLineAndNoOtherRecordIs() throws Exception {
        Path ws = Runs.workspace(dir);
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        ArrestsGenerator.sampleYears(3).write(300_000, generated);
        String[] lines = generated.toString(StandardCharsets.US_ASCII).split("\n");
        Random random = new Random(11);
        // line numbers of the file: lines[0] is the header (line 1), lines[i] is line i + 1
        for (int i = 1; i < lines.length; i++) {
            String id = switch (random.nextInt(40)) {
                case 0 -> String.format("Z%015d", random.nextLong(1_000_000_000_000_000L));
                case 1 -> "F" + random.nextInt(12) + "-" + String.format("%05d", random.nextInt(3000));
                case 2 -> "ref-" + Integer.toHexString(random.nextInt(5000)) + "-x";
                case 3 -> String.format("A%09d", random.nextInt(300_000)); // nine digits: not the A%010d IDs
                default -> null;
            };
            if (id != null) {
                lines[i] = id + lines[i].substring(lines[i].indexOf(','));
            }
        }
        List<int[]> copies = new ArrayList<>(List.of(new int[] {20, 290_000}, new int[] {100, 150},
                new int[] {150_000, 150_001}, new int[] {280_000, 5}));
        // scattered numbers do not repeat by chance: copy a few of them, within and across partitions
        for (int i = 1, n = 0; n < 6; i++) {
            if (lines[i].startsWith("Z")) {
                copies.add(new int[] {i, n % 2 == 0 ? i + 1 : lines.length - 1 - n});
                n++;
                i++;
            }
        }
        for (int[] copy : copies) {
            lines[copy[1]] = lines[copy[0]].substring(0, lines[copy[0]].indexOf(','))
                    + lines[copy[1]].substring(lines[copy[1]].indexOf(','));
        }
        Files.writeString(ws.resolve("input/arrests.csv"), String.join("\n", lines) + "\n");
        assertThat(Files.size(ws.resolve("input/arrests.csv"))).as("large enough to be split")
                .isGreaterThan(16L << 20);

        Map<String, Integer> first = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String id = lines[i].substring(0, lines[i].indexOf(','));
            Integer seen = first.putIfAbsent(id, i + 1);
            if (seen != null) {
                expected.add((i + 1) + " arrest_id '" + id + "' already appears on line " + seen);
            }
        }
        assertThat(expected).as("repeats of every shape").hasSizeGreaterThan(500)
                .anyMatch(e -> e.contains("'Z")).anyMatch(e -> e.contains("'F11-")).anyMatch(e -> e.contains("'ref-"))
                .anyMatch(e -> e.startsWith("290001 ") && e.endsWith(" line 21"));

        String before = System.setProperty("threatstats.partitions", "3");
        Runs.Result result;
        try {
            result = Runs.run(ws, "annual-threat-report");
        } finally {
            if (before == null) {
                System.clearProperty("threatstats.partitions");
            } else {
                System.setProperty("threatstats.partitions", before);
            }
        }
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<String> rejected = Counting.records(ws.resolve("output/annual-threat-report/2025-03/rejects.csv"))
                .stream().map(r -> r.get("line") + " " + r.get("message")).toList();
        assertThat(rejected).containsExactlyElementsOf(expected);
    }
}
