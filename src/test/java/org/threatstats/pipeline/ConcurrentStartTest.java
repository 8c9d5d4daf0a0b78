package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.RunOwners;
import org.threatstats.support.Runs;

/**
 * Two hosts sharing a PostgreSQL repository may create the same run at the same moment. PostgreSQL's serializable
 * isolation then sometimes cancels one creation ("could not serialize access ... might succeed if retried")
 * instead of failing it on the unique key: that host must say the run is already running (exit 3), as it does
 * when the unique key stops it, not that it failed. NightlyTest's two-host test met this once;
 * here the database's answer is given directly.
 */
class ConcurrentStartTest {
    @Test
    void aRunWhoseCreationTheDatabaseCancelsIsAlreadyRunning(@TempDir Path dir) throws Exception {
        Path ws = Runs.workspace(dir);
        JobDefinition definition = new JobDefinitionLoader(ws.resolve("jobs")).load("annual-threat-report");
        RunRequest request = new RunRequest(definition.name(), null, ws.resolve("input").toAbsolutePath(),
                ws.resolve("output"), ws.resolve("jobs"), LocalDate.of(2026, 11, 27), false, true);
        RunContext run = RunService.prepare(definition, request, RunContext.Tuning.defaults(), dir.resolve("work"),
                Progress.silent());
        JobOperator operator = mock(JobOperator.class);
        when(operator.start(any(Job.class), any(JobParameters.class))).thenThrow(
                new PessimisticLockingFailureException("ERROR: could not serialize access due to read/write "
                        + "dependencies among transactions"));
        RunOwners owners = mock(RunOwners.class);
        when(owners.listener()).thenReturn(new JobExecutionListener() {
        });
        RunService service = new RunService(mock(JobRepository.class), operator,
                new JobFactory(mock(PlatformTransactionManager.class)), owners);

        RunOutcome outcome = service.run(run);

        assertThat(outcome.exitCode()).isEqualTo(RunOutcome.RUNNING);
        assertThat(outcome.message()).startsWith("already running (another process is starting it)");
    }
}
