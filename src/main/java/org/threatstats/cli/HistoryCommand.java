package org.threatstats.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import org.threatstats.ledger.Ledger;
import org.threatstats.io.AtomicFiles;
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
        Path output = common.output();
        while (true) {
            try (OutputLock lock = OutputLock.acquire(output, "history");
                    Repository repository = Repository.open(output, common.verbose)) {
                return list(repository, out);
            } catch (OutputLock.HeldException e) {
                String holder = OutputLock.heldBy(output);
                if (holder == null) {
                    continue; // the other process has just let go
                }
                return listWhileHeld(output, holder, out);
            }
        }
    }

    /**
     * Another process holds the output folder (a run, the scheduler): its embedded database is never opened from
     * here while it writes. The history is read from a copy of the database's files, which it leaves as they are
     * (HSQLDB's files_readonly: nothing is written back); a shared
     * (PostgreSQL) repository is read as it is.
     */
    private int listWhileHeld(Path output, String holder, PrintWriter out) throws Exception {
        boolean embedded;
        try (Repository probe = Repository.open(output, common.verbose)) {
            embedded = probe.embedded();
        }
        if (!embedded) {
            try (Repository repository = Repository.open(output, common.verbose)) {
                return list(repository, out);
            }
        }
        Path copy = Files.createTempDirectory("threatstats-history-");
        try {
            Path db = output.resolve(".repository").resolve("db");
            try (var files = Files.list(db)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            out.println("(" + holder + ": the history as of now, read from a copy)");
            try (Repository repository = Repository.open(output, common.verbose, Map.of("spring.datasource.url",
                    "jdbc:hsqldb:file:" + copy.resolve("threatstats") + ";hsqldb.files_readonly=true;"
                            + "hsqldb.lock_file=false;shutdown=true"))) {
                return list(repository, out);
            }
        } finally {
            AtomicFiles.deleteTree(copy);
        }
    }

    private int list(Repository repository, PrintWriter out) {
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
            for (Ledger.Release r : repository.get(Ledger.class).releases(common.output(), name)) {
                out.println(releaseLine(r));
                shown++;
            }
        }
        if (shown == 0) {
            out.println("no runs recorded in " + common.output());
        }
        return 0;
    }

    /** "release annual-threat-report 2025-03 revision 2: assured by ..., approved by ...; released 2026-12-03 09:30" */
    static String releaseLine(Ledger.Release r) {
        return String.format("release  %-24s %-7s revision %d: assured by %s, approved by %s, signed off %s; %s",
                r.job(), r.period(), r.revision(), r.assuredBy(), r.approvedBy(),
                ReleaseCommand.TIME.format(r.recordedAt()), r.done() ? "released " + ReleaseCommand.TIME.format(
                        r.releasedAt()) : "to be released at " + ReleaseCommand.TIME.format(r.at()));
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
        if ("UNCHANGED".equals(status)) {
            s.append("  inputs changed, no figure changed: revision ").append(outcome.revision()).append(" stands");
        } else if (!"COMPLETED".equals(status) && !"UP-TO-DATE".equals(status)) {
            s.append("  why: ").append(outcome.message());
        }
        return s.toString();
    }
}
