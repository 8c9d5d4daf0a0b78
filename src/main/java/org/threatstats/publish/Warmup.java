package org.threatstats.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threatstats.publish.excel.ExcelRenderer;
import org.threatstats.publish.ods.OdsRenderer;
import org.threatstats.publish.pdf.PdfRenderer;
import org.threatstats.validation.DatasetQuality;

/**
 * Renders a tiny report into nothing, so the renderers' classes (POI's schemas, OpenPDF, JFreeChart, the fonts)
 * are loaded and compiled while a run starts up, instead of after its last record: on a cold JVM the first
 * workbook alone takes over a second. Called on a spare thread; a failure here only costs the head start.
 */
public final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    private Warmup() {
    }

    public static void renderers() {
        long start = System.nanoTime();
        try {
            Report report = sample();
            new ExcelRenderer().render(report, OutputStream.nullOutputStream());
            new OdsRenderer().render(report, OutputStream.nullOutputStream());
            new PdfRenderer().render(report, OutputStream.nullOutputStream());
            LOG.debug("renderers warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.debug("warming up the renderers failed: {}", e.toString());
        }
    }

    private static Report sample() {
        List<Column> columns = List.of(new Column("period", "Year ending", Cell.LABEL),
                new Column("count", "Records (number)", Cell.COUNT), new Column("share", "Share (%)", Cell.PERCENT));
        List<List<Cell>> rows = List.of(List.of(Cell.label("March 2024"), Cell.count(1200), Cell.percent(40.5)),
                List.of(Cell.label("March 2025"), Cell.count(1300).withRevised(true),
                        Cell.shorthand("[x]", Cell.PERCENT)));
        Chart bar = new Chart("bar", "Records", "Records (number)", List.of("2024", "2025"), List.of(1200.0, 1300.0));
        Chart line = new Chart("line", "Records", "Records (number)", List.of("2024", "2025"),
                List.of(1200.0, 1300.0));
        ReportTable one = new ReportTable("one", 1, "Records", "d", columns, rows, List.of("a", "b"), List.of(1),
                List.of("[x]", "[r]"), "warm-up", bar);
        ReportTable two = new ReportTable("two", 2, "Records", "d", columns, rows, List.of("a", "b"), List.of(),
                List.of(), "warm-up", line);
        DatasetQuality quality = new DatasetQuality("d", "d.csv", true, "0".repeat(64), 1, 1, 1, 0, 0, 0, 0, 0, 0, "",
                0, 0, Map.of());
        return new Report("warm-up", "Warm-up", "Warm-up", "OFFICIAL", null, "summary", "source", "contact", null,
                List.of("k"), "2025-03", "year ending 31 March 2025", "year ending March 2025", "2026-01-01", 2,
                List.of("A headline."), List.of(one, two), List.of("A note."), List.of(quality),
                List.of(new Report.RevisionEntry("Table 1", "March 2025", "Records (number)", "1,200", "1,300")),
                List.of(new Report.SetAside("d.csv", 2, "c", "=x", "why")), "rule", "0");
    }
}
