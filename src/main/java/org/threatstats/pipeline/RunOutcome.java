package org.threatstats.pipeline;

import java.util.List;
import java.util.Map;

/**
 * How a run ended, for the command line and the nightly summary.
 *
 * @param status   COMPLETED, UP-TO-DATE, REJECTED, FAILED or RUNNING
 * @param exitCode 0 completed or nothing to do, 1 failed, 2 input rejected, 3 already running
 * @param message  one sentence for the operator
 * @param details  further lines (the first rejects, with how many more)
 * @param recordsByFile records read from each input, by file name (empty when nothing was read)
 */
public record RunOutcome(String job, String period, String status, int exitCode, String message,
        List<String> details, long runId, int revision, long recordsRead, long recordsRejected, List<String> files,
        boolean recovered, Map<String, Long> recordsByFile) {

    public RunOutcome(String job, String period, String status, int exitCode, String message, List<String> details,
            long runId, int revision, long recordsRead, long recordsRejected, List<String> files, boolean recovered) {
        this(job, period, status, exitCode, message, details, runId, revision, recordsRead, recordsRejected, files,
                recovered, Map.of());
    }

    RunOutcome withRecordsByFile(Map<String, Long> counts) {
        return new RunOutcome(job, period, status, exitCode, message, details, runId, revision, recordsRead,
                recordsRejected, files, recovered, counts);
    }

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int REJECTED = 2;
    public static final int RUNNING = 3;
    public static final int USAGE = 64;
}
