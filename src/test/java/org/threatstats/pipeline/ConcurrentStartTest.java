package org.threatstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.pipeline.RunOwners;
import org.threatstats.support.Runs;

/**
 * Two hosts sharing a PostgreSQL repository may create runs at the same moment. PostgreSQL's serializable isolation
 * then sometimes cancels one host's creation ("could not serialize access ... might succeed if retried"), whether
 * the two runs are the same or not. The host tries again: it then finds the other host's run (exit 3, already
 * running) or creates its own. NightlyTest's two-host test met the cancellation once; here the repository's
 * answers are given directly.
 */
class ConcurrentStartTest {
    private static final PessimisticLockingFailureException CANCELLED = new PessimisticLockingFailureException(
            "ERROR: could not serialize access due to read/write dependencies among transactions");

    @TempDir
    Path dir;

    private RunPlan run;
    private JobRepository repository;
    private JobOperator operator;
    private RunOwners owners;
    private RunService service;

    @BeforeEach
    void setUp() {
        Path ws = Runs.workspace(dir);
        JobDefinition definition = new JobDefinitionLoader(ws.resolve("jobs")).load("annual-threat-report");
        RunRequest request = new RunRequest(definition.name(), null, ws.resolve("input").toAbsolutePath(),
                ws.resolve("output"), ws.resolve("jobs"), dir.resolve("work"), LocalDate.now(), LocalDate.of(2026, 11, 27), false,
                true);
        run = RunPlan.prepare(definition, request);
        repository = mock(JobRepository.class);
        operator = mock(JobOperator.class);
        owners = mock(RunOwners.class);
        when(owners.listener()).thenReturn(new JobExecutionListener() {
        });
        JobFactory factory = mock(JobFactory.class);
        // the job the factory builds: it tells its listeners it began, as a real one does
        when(factory.build(any(), any(), any(), any(), any(JobExecutionListener[].class))).thenAnswer(call -> {
            List<JobExecutionListener> listeners = new ArrayList<>();
            for (int i = 4; i < call.getArguments().length; i++) {
                Object argument = call.getArgument(i);
                if (argument instanceof JobExecutionListener[] many) {
                    listeners.addAll(List.of(many));
                } else if (argument instanceof JobExecutionListener one) {
                    listeners.add(one);
                }
            }
            return new Job() {
                @Override
                public String getName() {
                    return "annual-threat-report";
                }

                @Override
                public void execute(JobExecution execution) {
                    listeners.forEach(l -> l.beforeJob(execution));
                }
            };
        });
        service = new RunService(repository, operator, factory, owners, mock(PlatformTransactionManager.class),
                mock(RunPlans.class));
    }

    @Test
    void cancelledWhileAnotherHostCreatedTheSameRunThisOneIsAlreadyRunning() throws Exception {
        JobInstance theirs = new JobInstance(7L, "annual-threat-report");
        JobExecution running = new JobExecution(8L, theirs, RunService.identity(run));
        running.setStatus(BatchStatus.STARTED);
        when(repository.getJobInstance(any(String.class), any(JobParameters.class))).thenReturn(null, theirs);
        when(repository.getLastJobExecution(theirs)).thenReturn(running);
        when(owners.whyDead(running)).thenReturn(null);
        when(owners.describe(running)).thenReturn("host-b, process 42");
        when(operator.start(any(Job.class), any(JobParameters.class))).thenThrow(CANCELLED);

        RunOutcome outcome = service.run(run);

        assertThat(outcome.exitCode()).isEqualTo(RunOutcome.RUNNING);
        assertThat(outcome.message()).startsWith("already running (host-b, process 42)");
        verify(operator, times(1)).start(any(Job.class), any(JobParameters.class));
    }

    @Test
    void cancelledWhileAnotherHostCreatedAnotherRunThisOneIsCreatedOnTheNextTry() throws Exception {
        when(operator.start(any(Job.class), any(JobParameters.class))).thenThrow(CANCELLED).thenAnswer(call -> {
            JobExecution done = new JobExecution(3L, new JobInstance(2L, "annual-threat-report"),
                    call.getArgument(1));
            done.setStatus(BatchStatus.COMPLETED);
            done.setExitStatus(ExitStatus.COMPLETED);
            return done;
        });

        RunOutcome outcome = service.run(run);

        assertThat(outcome.exitCode()).isZero();
        verify(operator, times(2)).start(any(Job.class), any(JobParameters.class));
    }

    @Test
    void cancelledEveryTimeTheCommandFails() throws Exception {
        when(operator.start(any(Job.class), any(JobParameters.class))).thenThrow(CANCELLED);

        assertThatThrownBy(() -> service.run(run)).isSameAs(CANCELLED);
        verify(operator, times(RunService.START_ATTEMPTS)).start(any(Job.class), any(JobParameters.class));
    }

    @Test
    void theSameFailureOnceTheJobHasBegunIsNotTriedAgain() throws Exception {
        when(operator.start(any(Job.class), any(JobParameters.class))).thenAnswer(call -> {
            Job job = call.getArgument(0);
            // the job begins (its listeners hear it), then its repository update fails
            job.execute(new JobExecution(3L, new JobInstance(2L, "annual-threat-report"), call.getArgument(1)));
            throw CANCELLED;
        });

        assertThatThrownBy(() -> service.run(run)).isSameAs(CANCELLED);
        verify(operator, times(1)).start(any(Job.class), any(JobParameters.class));
    }
}
