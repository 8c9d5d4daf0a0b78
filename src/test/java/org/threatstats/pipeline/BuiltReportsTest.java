package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.threatstats.publish.Cell;
import org.threatstats.publish.Chart;
import org.threatstats.publish.Column;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportTable;
import org.threatstats.validation.DatasetQuality;

/**
 * The publish step renders the report the measures step built when both ran in one process, and the report read
 * back from its JSON after a restart: the two must be the same report, or a restarted run would publish other
 * bytes. Doubles of every kind (shares with long expansions, -0.0, the extremes), nulls, unordered maps and text
 * that needs escaping survive the JSON exactly.
 */
class BuiltReportsTest {

    @Test
    void theReportReadBackFromItsJsonIsTheReportBuilt() {
        Random random = new Random(5);
        List<Double> doubles = new ArrayList<>(Arrays.asList(43 * 100.0 / 232, 0.1 + 0.2, -0.0, 0.0, 1e-300,
                Double.MIN_VALUE, Double.MAX_VALUE, 100.0, null, 2.0 / 3));
        for (int i = 0; i < 200; i++) {
            doubles.add(random.nextDouble() * Math.pow(10, random.nextInt(12)));
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (Double d : doubles) {
            rows.add(List.of(Cell.label("Row \"" + rows.size() + "\", ä ✓ \n\t"),
                    d == null ? Cell.shorthand("[x]", Cell.PERCENT) : Cell.percent(d),
                    Cell.count(random.nextLong()).withRevised(random.nextBoolean())));
        }
        ReportTable table = new ReportTable("t", 1, "Shares", "arrests",
                List.of(new Column("a", "A", Cell.LABEL), new Column("b", "B", Cell.PERCENT),
                        new Column("c", "C", Cell.COUNT)),
                rows, rows.stream().map(r -> "k" + r.hashCode()).toList(), List.of(1, 2), List.of("[x]"), "Source",
                new Chart("bar", "Shares", "Per cent", doubles.stream().map(String::valueOf).toList(), doubles));
        Map<String, Long> reasons = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            reasons.put("column " + random.nextInt(1000) + ": rule", random.nextLong());
        }
        DatasetQuality quality = new DatasetQuality("arrests", "arrests.csv", true, "ab".repeat(32), 1L << 40, 10,
                9, 1, 1, 0, 0, 0, 0, null, 0, -1, reasons);
        Report report = new Report("job", "Title", "Org", "OFFICIAL", "GB", "Summary", null, "c@example.org",
                "June", List.of("k"), "2025-03", "year ending 31 March 2025", "March 2025", "2025-06-12", 3,
                List.of("One in five."), List.of(table), List.of(), List.of(quality),
                List.of(new Report.RevisionEntry("Table 1", "Total", "Arrests", "2,300", "2,310")), null,
                "cd".repeat(32));

        String json = new BuiltReports().write(report);
        Report read = new BuiltReports().read(json);
        assertThat(read).isEqualTo(report);
        assertThat(read.toString()).as("what the PDF's identifier is made from").isEqualTo(report.toString());
        assertThat(Json.write(read)).isEqualTo(json);
        BuiltReports here = new BuiltReports();
        assertThat(here.read(here.write(report))).as("this process's own report").isSameAs(report);
    }
}
