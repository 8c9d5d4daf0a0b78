package org.threatstats.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * What the analyst asked for on the command line.
 *
 * @param yearEnding the period's last month, or null for the latest the data reach
 * @param workRoot   where unfinished runs keep their spools and reports (beside the job repository for real runs)
 * @param force      publish a new revision even when the inputs are unchanged
 * @param publish    false for {@code validate}: check the inputs and write the rejects report only
 */
public record RunRequest(String job, YearMonth yearEnding, Path inputDir, Path outputDir, Path jobsDir,
        Path workRoot, LocalDate publishedOn, boolean force, boolean publish) {
}
