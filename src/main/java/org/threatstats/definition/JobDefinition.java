package org.threatstats.definition;

import java.util.List;
import java.util.Optional;

/**
 * A report, as an analyst describes it in {@code jobs/<name>.yml}. Nothing about a particular report lives in
 * Java: a new report is a new file.
 *
 * @param fingerprint SHA-256 of the job file's bytes: a changed definition is a different run
 */
public record JobDefinition(String name, String title, String organisation, String marking, String geography,
        String summary, String source, String contact, String nextUpdate, PeriodRule period, String schedule,
        List<DatasetDefinition> datasets, List<TableDefinition> tables, List<HeadlineDefinition> headlines,
        List<String> notes, DisclosureRule disclosure, List<String> keywords, String fingerprint) {

    /** The month of {@code next-update} when it names one ("June 2026"), else null. */
    public java.time.YearMonth nextUpdateMonth() {
        if (nextUpdate == null) {
            return null;
        }
        try {
            return java.time.YearMonth.parse(nextUpdate.trim(), java.time.format.DateTimeFormatter.ofPattern(
                    "MMMM uuuu", java.util.Locale.UK));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * When the next report comes out: {@code next-update} if the job file gives it, else the first month after
     * the publication date in which the job publishes ({@code period.published}), "March 2027".
     */
    public String nextUpdate(java.time.LocalDate publishedOn) {
        if (nextUpdate != null) {
            return nextUpdate;
        }
        java.time.YearMonth month = java.time.YearMonth.from(publishedOn).plusMonths(1);
        while (!period.publishedFor(month.getMonth())) {
            month = month.plusMonths(1);
        }
        return month.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.UK) + " "
                + month.getYear();
    }

    public Optional<DatasetDefinition> dataset(String datasetName) {
        return datasets.stream().filter(d -> d.name().equals(datasetName)).findFirst();
    }
}
