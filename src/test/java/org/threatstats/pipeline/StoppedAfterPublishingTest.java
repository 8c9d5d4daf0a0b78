package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * SIGTERM that arrives after the publish step finished (while the run's end is recorded, or the summary written)
 * stops the job, but the revision is published: the message says so, not "stopped before it finished" (issue 19,
 * item 8).
 */
class StoppedAfterPublishingTest {

    private static JobExecution stopped() {
        JobExecution execution = new JobExecution(3L, new JobInstance(2L, "annual-threat-report"),
                new JobParametersBuilder().addString(RunPlans.PERIOD, "2025-03").toJobParameters());
        execution.setStatus(BatchStatus.STOPPED);
        return execution;
    }

    @Test
    void aStopAfterThePublicationSaysWhatWasPublished() {
        JobExecution execution = stopped();
        RunState.of(execution).putPublished(new RunState.Published(2, Map.of("report.pdf", "ab")));
        RunOutcome outcome = RunService.outcome(execution);
        assertThat(outcome.message()).startsWith("published revision 2 of the year ending March 2025 (run 2), then "
                + "stopped before the run was recorded as finished").doesNotContain("stopped before it finished");
        assertThat(outcome.revision()).isEqualTo(2);
    }

    @Test
    void aStopBeforeThePublicationStillSaysItStoppedBeforeItFinished() {
        RunOutcome outcome = RunService.outcome(stopped());
        assertThat(outcome.message()).startsWith("stopped before it finished (run 2)");
    }
}
