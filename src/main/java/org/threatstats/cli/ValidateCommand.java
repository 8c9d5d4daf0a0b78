package org.threatstats.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;
import org.threatstats.history.OutputLock;
import org.threatstats.io.AtomicFiles;
import org.threatstats.pipeline.JobFactory;
import org.threatstats.pipeline.Progress;
import org.threatstats.pipeline.RunOutcome;
import org.threatstats.pipeline.RunPlan;
import org.threatstats.pipeline.RunRequest;
import org.threatstats.pipeline.RunService;

/**
 * {@code validate <job>}: the same checks as a run, with the same rejects report, but nothing is published and
 * nothing is added to the history (the job runs against an in-memory repository, and its spools go to a temporary
 * folder).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a job's inputs and writes the rejects report, without publishing anything.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "JOB", description = "The job: the name of a file in the jobs folder.")
    String job;

    @Option(names = "--year-ending", paramLabel = "YYYY-MM", description = "The period's last month.")
    String yearEnding;

    @Mixin
    FolderOptions.Inputs inputs;

    @Mixin
    FolderOptions.Jobs jobs;

    @Override
    public Integer call() throws Exception {
        YearMonth period = RunCommand.parsePeriod(spec, yearEnding);
        JobDefinition definition = new JobDefinitionLoader(jobs.dir).load(job);
        Path output = common.output();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("threatstats-validate-");
        try (OutputLock lock = OutputLock.acquire(output, "validate " + job);
                Repository context = Repository.open(output, common.verbose)) {
            RunRequest request = new RunRequest(job, period, inputs.dir.toAbsolutePath().normalize(), output, jobs.dir,
                    work, LocalDate.now(), LocalDate.now(), false, false);
            RunPlan plan = RunPlan.prepare(definition, request);
            context.get(Progress.class).to(err);
            ResourcelessJobRepository repository = new ResourcelessJobRepository();
            TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
            operator.setJobRepository(repository);
            operator.setJobRegistry(new MapJobRegistry());
            operator.afterPropertiesSet();
            JobExecution execution = operator.start(context.get(JobFactory.class).build(plan, repository,
                    new ResourcelessTransactionManager(), operator), RunService.identity(plan));
            RunOutcome outcome = RunService.outcome(execution);
            if (outcome.exitCode() == RunOutcome.OK) {
                java.util.List<String> each = new java.util.ArrayList<>();
                outcome.recordsByFile().forEach((file, n) -> each.add(String.format("%s %,d record%s", file, n,
                        n == 1 ? "" : "s")));
                out.printf("%s %s: the inputs are valid (%s; %,d set aside within max-rejects)%n", job,
                        outcome.period(), String.join(", ", each), outcome.recordsRejected());
            } else {
                JobRunner.print(outcome, output, 0, out, err);
            }
            return outcome.exitCode();
        } catch (OutputLock.HeldException e) {
            err.println("threatstats: " + job + ": already running: " + e.getMessage());
            return RunOutcome.RUNNING;
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }
}
