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

    public Optional<DatasetDefinition> dataset(String datasetName) {
        return datasets.stream().filter(d -> d.name().equals(datasetName)).findFirst();
    }
}
