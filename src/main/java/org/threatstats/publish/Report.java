package org.threatstats.publish;

import java.util.List;
import org.threatstats.validation.DatasetQuality;

/**
 * Everything a reader sees, format-neutral: the workbook, the ODS workbook and the PDF are all rendered from one
 * Report, so a figure cannot differ between them.
 *
 * @param period         the period's last month, "2025-03"
 * @param periodLabel    "year ending 31 March 2025"
 * @param publishedOn    ISO date, the only date printed
 * @param revisions      figures that differ from the period's first publication
 * @param disclosureRule the suppression rule in words, or null when none applies
 * @param definitionSha256 SHA-256 of the job file the report was made with
 */
public record Report(String job, String title, String organisation, String marking, String geography,
        String summary, String source, String contact, String nextUpdate, List<String> keywords, String period,
        String periodLabel, String periodShort, String publishedOn, int revision, List<String> headlines,
        List<ReportTable> tables, List<String> notes, List<DatasetQuality> quality, List<RevisionEntry> revisions,
        String disclosureRule, String definitionSha256) {

    public boolean containsRevisions() {
        return !revisions.isEmpty();
    }

    /**
     * A figure that changed since the period was first published.
     *
     * @param period the period the figure is for ("2024-03")
     * @param format the figure's {@link Cell} format, so the revisions table can store numbers as numbers
     */
    public record RevisionEntry(String table, String row, String column, String period, String format,
            String previous, String current) {
    }

}
