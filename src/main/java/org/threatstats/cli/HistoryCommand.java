package org.threatstats.cli;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.repository.JobRepository;
import org.threatstats.history.OutputLock;
import org.threatstats.pipeline.RunOutcome;
import org.threatstats.pipeline.RunService;

/** {@code history [job]}: one line per run, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Lists the runs in the job repository: run id, job, period, status, start and end, records "
                + "read and rejected, input fingerprints, revision and files written.")
final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..1", paramLabel = "JOB", description = "Only this job's runs.")
    String job;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (OutputLock lock = OutputLock.acquire(common.output(), "history");
                Repository repository = Repository.open(common.output(), common.verbose)) {
            JobRepository jobs = repository.get(JobRepository.class);
            List<String> names = new ArrayList<>(job != null ? List.of(job) : jobs.getJobNames());
            Collections.sort(names);
            int shown = 0;
            for (String name : names) {
                List<JobInstance> instances = new ArrayList<>(jobs.getJobInstances(name, 0, Integer.MAX_VALUE));
                instances.sort(Comparator.comparingLong(JobInstance::getInstanceId));
                for (JobInstance instance : instances) {
                    out.println(line(jobs, instance));
                    shown++;
                }
            }
            if (shown == 0) {
                out.println("no runs recorded in " + common.output());
            }
            return 0;
        } catch (OutputLock.HeldException e) {
            spec.commandLine().getErr().println("threatstats: " + e.getMessage());
            return RunOutcome.RUNNING;
        }
    }

    static String line(JobRepository jobs, JobInstance instance) {
        List<JobExecution> executions = new ArrayList<>(jobs.getJobExecutions(instance));
        executions.sort(Comparator.comparingLong(JobExecution::getId));
        JobExecution last = jobs.getLastJobExecution(instance);
        RunOutcome outcome = RunService.outcome(last);
        LocalDateTime start = executions.get(0).getStartTime();
        LocalDateTime end = last.getEndTime();
        List<String> inputs = new ArrayList<>();
        for (JobParameter<?> p : last.getJobParameters().getIdentifyingParameters()) {
            if (p.name().startsWith("input.") && p.name().endsWith(".sha256")) {
                String sha = String.valueOf(p.value());
                inputs.add(p.name().substring(6, p.name().length() - 7) + "=" + (sha.length() > 12
                        ? sha.substring(0, 12) : sha));
            }
        }
        Collections.sort(inputs);
        String status = outcome.status();
        StringBuilder s = new StringBuilder();
        s.append(String.format("run %-4d %-24s %-7s %-10s %s -> %s  read %,d  rejected %,d  inputs %s",
                instance.getInstanceId(), instance.getJobName(), outcome.period(), status,
                start == null ? "-" : TIME.format(start), end == null ? "(running)" : TIME.format(end),
                outcome.recordsRead(), outcome.recordsRejected(), String.join(" ", inputs)));
        if (outcome.revision() > 0 && "COMPLETED".equals(status)) {
            s.append("  revision ").append(outcome.revision()).append(": ").append(String.join(", ", outcome.files()));
        }
        if (executions.size() > 1) {
            s.append("  (").append(executions.size()).append(" attempts)");
        }
        if (!"COMPLETED".equals(status) && !"UP-TO-DATE".equals(status)) {
            s.append("  why: ").append(outcome.message());
        }
        return s.toString();
    }
}
