package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Counting;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/** A second, different report is a second YAML file: no Java changes. */
class SecondJobTest {
    static final String JOB = """
            title: Prevent referrals
            organisation: Example Unit
            marking: OFFICIAL-SENSITIVE
            geography: England and Wales
            period: {year-ending: September, years-shown: 3, series-years: 4}
            datasets:
              - name: referrals
                file: referrals.csv
                date-column: referred_on
                columns:
                  - {name: referral, type: text, unique: true, pattern: "R[0-9]+"}
                  - {name: referred_on, type: date}
                  - {name: region, type: category, values: [North, Midlands, South, Wales]}
                  - {name: concern, type: category, values: [Islamist, Extreme right-wing, Mixed or unclear]}
                  - {name: score, type: decimal, required: false, min: 0, max: 10}
            tables:
              - {id: referrals, kind: series, title: Referrals to Prevent, dataset: referrals, measure: Referrals,
                 chart: line}
              - {id: by-region, title: Referrals by region, dataset: referrals, by: region, measure: Referrals,
                 chart: bar}
              - {id: by-concern, title: Referrals by type of concern, dataset: referrals, by: concern,
                 measure: Referrals, chart: share}
            headlines:
              - {dataset: referrals, text: "There were {count} referrals in the {period}, {change-on-previous}."}
            """;

    @Test
    void runsFromItsOwnDefinitionAndCountsItsOwnCategories(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("jobs"));
        Files.createDirectories(dir.resolve("input"));
        Files.writeString(dir.resolve("jobs/prevent-referrals.yml"), JOB);
        StringBuilder csv = new StringBuilder("referral,referred_on,region,concern,score\n");
        Random random = new Random(3);
        String[] regions = {"North", "Midlands", "South", "Wales"};
        String[] concerns = {"Islamist", "Extreme right-wing", "Mixed or unclear"};
        for (int i = 0; i < 800; i++) {
            csv.append("R").append(i).append(',')
                    .append(java.time.LocalDate.of(2021, 10, 1).plusDays(random.nextInt(365 * 3 + 120))).append(',')
                    .append(regions[random.nextInt(4)]).append(',').append(concerns[random.nextInt(3)]).append(',')
                    .append(random.nextInt(5) == 0 ? "" : Double.toString(random.nextInt(100) / 10.0)).append('\n');
        }
        Path file = dir.resolve("input/referrals.csv");
        Files.writeString(file, csv);

        Runs.Result result = Runs.run(dir, "prevent-referrals");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        // the data reach January 2025, so the latest year ending September is 2024
        assertThat(result.out()).contains("prevent-referrals 2024-09: published revision 1");

        List<Map<String, String>> records = Counting.records(file);
        Map<Integer, Map<String, Long>> counts = Counting.count(records, r -> {
            var date = java.time.LocalDate.parse(r.get("referred_on"));
            return date.getMonthValue() > 9 ? date.getYear() + 1 : date.getYear();
        }, r -> r.get("region"));
        XSSFWorkbook workbook = Published.workbook(Published.file(Published.latest(dir.resolve("output"),
                "prevent-referrals", "2024-09"), ".xlsx"));
        Map<String, Map<String, String>> byRegion = Published.breakdown(workbook, "Referrals by region");
        assertThat(byRegion).hasSize(3 * 5);
        for (int y = 2022; y <= 2024; y++) {
            for (String region : regions) {
                assertThat(byRegion.get("September " + y + "|" + region).get("count"))
                        .isEqualTo(Counting.number(counts.get(y).getOrDefault(region, 0L)));
            }
        }
        String pdf = Published.pdfText(Published.file(Published.latest(dir.resolve("output"), "prevent-referrals",
                "2024-09"), ".pdf"));
        long total2024 = counts.get(2024).values().stream().mapToLong(Long::longValue).sum();
        assertThat(pdf.replaceAll("\\s+", " ")).contains("There were " + Counting.number(total2024)
                + " referrals in the year ending 30 September 2024").contains("OFFICIAL-SENSITIVE");
    }
}
