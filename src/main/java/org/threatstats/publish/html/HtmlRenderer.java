package org.threatstats.publish.html;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.threatstats.publish.Cell;
import org.threatstats.publish.Column;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportSheets;
import org.threatstats.publish.ReportTable;
import org.threatstats.validation.DatasetQuality;

/**
 * Renders a {@link Report} as one self-contained HTML file (inline CSS and SVG, no script, nothing fetched), for a
 * public website: the marking at top and bottom, a skip link, one {@code h1}, contents, the headlines as a list,
 * each table as a real table with its caption, header cells and shorthand explained, each chart as an SVG image
 * with a title and a description of every figure on it. The template ({@code report.html}) escapes every text:
 * titles, notes and labels from the job file are never markup. Nothing is computed here that the model does
 * not say: figures are written with {@link Cell#display()}, so markers such as [r] appear as in the workbook.
 */
public final class HtmlRenderer {
    private static final TemplateEngine ENGINE = engine();

    private static TemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(HtmlRenderer.class.getClassLoader());
        resolver.setPrefix("org/threatstats/publish/html/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    /**
     * A table as the template writes it: {@code heading} is its section's heading and its caption. {@code chart}
     * is null when the table has none.
     */
    public record TableView(String anchor, String heading, List<ColumnView> columns,
            List<List<String>> rows, String notesLine, String shorthandLine, String source, SvgChart chart,
            String chartTitle, String chartDescription) {
    }

    public record ColumnView(String header, boolean numeric) {
    }

    /** A note with its anchor, so a table's [note N] can point at it. */
    public record NoteView(String anchor, String label, String text) {
    }

    public void render(Report report, OutputStream out) throws IOException {
        Context context = new Context(Locale.UK);
        context.setVariable("r", report);
        context.setVariable("documentTitle", ReportSheets.coverTitle(report));
        context.setVariable("subtitle", (report.geography() == null ? "" : report.geography() + ", ")
                + report.periodLabel());
        List<String> coverLines = ReportSheets.coverLines(report);
        context.setVariable("coverLines", coverLines.subList(report.summary() == null ? 0 : 1, coverLines.size()));
        List<TableView> tables = new ArrayList<>();
        for (ReportTable t : report.tables()) {
            tables.add(view(t, "table-" + t.number(), notesLine(t)));
        }
        context.setVariable("tables", tables);
        List<ReportTable> all = ReportSheets.allTables(report);
        ReportTable quality = all.get(report.tables().size());
        context.setVariable("quality", view(quality, "table-" + quality.number(), null));
        context.setVariable("qualityLines", qualityLines(report));
        ReportTable setAside = all.stream().filter(t -> t.id().equals("set-aside")).findFirst().orElse(null);
        context.setVariable("setAside", setAside == null ? null : view(setAside, "table-" + setAside.number(), null));
        ReportTable revisions = all.stream().filter(t -> t.id().equals("revisions")).findFirst().orElse(null);
        context.setVariable("revisions", revisions == null ? null
                : view(revisions, "table-" + revisions.number(), null));
        context.setVariable("revisionsLine", ReportSheets.revisionsLine(report));
        List<NoteView> notes = new ArrayList<>();
        List<String> texts = ReportSheets.notes(report);
        for (int i = 0; i < texts.size(); i++) {
            notes.add(new NoteView("note-" + (i + 1), "[note " + (i + 1) + "]", texts.get(i)));
        }
        context.setVariable("notes", notes);
        context.setVariable("shorthandKey", ReportSheets.SHORTHAND.keySet().stream().sorted()
                .map(ReportSheets.SHORTHAND::get).toList());
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        ENGINE.process("report", context, writer);
        writer.flush();
    }

    private static String notesLine(ReportTable t) {
        if (t.notes().isEmpty()) {
            return "This table has no notes.";
        }
        return (t.notes().size() == 1 ? "The note cited in the title is" : "The notes cited in the title are")
                + " in the notes section.";
    }

    private static TableView view(ReportTable t, String anchor, String notesLine) {
        List<ColumnView> columns = new ArrayList<>();
        for (Column c : t.columns()) {
            columns.add(new ColumnView(c.header(), c.numeric()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<Cell> row : t.rows()) {
            rows.add(row.stream().map(Cell::display).toList());
        }
        return new TableView(anchor, t.numberedTitle(), columns, rows, notesLine,
                ReportSheets.shorthandLine(t.shorthand()), t.source(),
                t.chart() == null ? null : SvgChart.of(t.chart()), t.chart() == null ? null : t.chart().title(),
                t.chart() == null ? null : t.chart().description());
    }

    /** What the data-quality section says of each input, as the PDF says it. */
    private static List<String> qualityLines(Report report) {
        List<String> lines = new ArrayList<>();
        for (DatasetQuality q : report.quality()) {
            if (!q.present()) {
                lines.add(q.file() + " was not supplied: its tables show [x] (not available).");
                continue;
            }
            StringBuilder s = new StringBuilder(q.file() + ": " + Cell.grouped(q.records()) + " records read, "
                    + Cell.grouped(q.accepted()) + " used");
            if (q.rejectedRecords() > 0) {
                s.append(", ").append(Cell.grouped(q.rejectedRecords())).append(" set aside");
            }
            if (q.trimmed() > 0) {
                s.append("; ").append(Cell.grouped(q.trimmed())).append(" values had spaces around them, trimmed");
            }
            if (q.outside() > 0) {
                s.append("; ").append(Cell.grouped(q.outside())).append(" rows were for years ending in another "
                        + "month, so for no period of this report");
            }
            if (q.blankLines() > 0) {
                s.append("; ").append(Cell.grouped(q.blankLines())).append(" blank lines skipped");
            }
            lines.add(s + ".");
        }
        return lines;
    }
}
