package org.threatstats.pipeline;

import java.util.List;

/**
 * How a run ended, for the command line and the nightly summary.
 *
 * @param status   COMPLETED, UP-TO-DATE, REJECTED, FAILED or RUNNING
 * @param exitCode 0 completed or nothing to do, 1 failed, 2 input rejected, 3 already running
 * @param message  one sentence for the operator
 * @param details  further lines (the first rejects, with how many more)
 */
public record RunOutcome(String job, String period, String status, int exitCode, String message,
        List<String> details, long runId, int revision, long recordsRead, long recordsRejected, List<String> files,
        boolean recovered) {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int REJECTED = 2;
    public static final int RUNNING = 3;
    public static final int USAGE = 64;
}
