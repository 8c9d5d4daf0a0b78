package org.threatstats.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * What the analyst asked for on the command line.
 *
 * @param yearEnding the period's last month, or null for the latest the data reach
 * @param workRoot   where unfinished runs keep their spools and reports (beside the job repository for real runs)
 * @param runDate    the day the run is made: no record may be dated after it
 * @param force      publish a new revision even when the inputs are unchanged
 * @param publish    false for {@code validate}: check the inputs and write the rejects report only
 */
public record RunRequest(String job, YearMonth yearEnding, Path inputDir, Path outputDir, Path jobsDir,
        Path workRoot, LocalDate runDate, LocalDate publishedOn, boolean force, boolean publish) {
}
