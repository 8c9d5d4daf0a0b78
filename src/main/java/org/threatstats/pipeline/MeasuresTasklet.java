package org.threatstats.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.threatstats.aggregate.Cube;
import org.threatstats.history.Manifest;
import org.threatstats.history.Publications;
import org.threatstats.history.Tampering;
import org.threatstats.io.Problem;
import org.threatstats.io.AtomicFiles;
import org.threatstats.io.Hashes;
import org.threatstats.io.Json;
import org.threatstats.ledger.Ledger;
import org.threatstats.publish.Report;
import org.threatstats.publish.ReportBuilder;

/**
 * The measures stage: from the verdict's cubes to the format-neutral report (shares, changes, disclosure control,
 * [r] against the last publication of the job that showed each figure, as the ledger knows them, headlines), written as a file in the run's work folder, so
 * that a restart after a crash while rendering renders the very same report. A run whose sources made the latest
 * revision already publishes nothing.
 */
final class MeasuresTasklet implements Tasklet {
    static final String STEP = "measures";
    static final String REPORT_FILE = "report.json";

    private final RunPlans plans;
    private final JobRepository repository;
    private final Ledger ledger;

    MeasuresTasklet(RunPlans plans, JobRepository repository, Ledger ledger) {
        this.plans = plans;
        this.repository = repository;
        this.ledger = ledger;
    }

    /**
     * A period folder changed by hand is not published into: a {@code latest} that is not a link would be written
     * over, and the figures this run compares with (the first and the latest revision's) would be wrong.
     */
    private static void refuseTampered(Publications publications, List<Integer> revisions) {
        Tampering tampering = new Tampering(publications);
        tampering.refuseForeignLatest();
        if (revisions.isEmpty()) {
            return;
        }
        for (int revision : new java.util.TreeSet<>(List.of(revisions.get(0), revisions.get(revisions.size() - 1)))) {
            tampering.figuresChanged(revision).ifPresent(what -> {
                throw new Problem(what + "; nothing was published: this run compares with it, so put the revision's "
                        + "figures.csv back from a copy and run the same command again");
            });
        }
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        RunPlan run = plans.of(job);
        RunState state = RunState.of(job);
        RunState.Verdict verdict = state.verdict().orElseThrow();
        YearMonth period = YearMonth.parse(verdict.period());
        Map<String, Cube> cubes = new HashMap<>();
        verdict.cubes().forEach((dataset, cube) -> cubes.put(dataset, Cube.decode(cube)));
        Publications publications = new Publications(run.outputDir(), run.definition().name(), period.toString());
        long instance = job.getJobInstance().getInstanceId();
        Optional<Manifest> latest = publications.latest();
        refuseTampered(publications, publications.revisions());
        int revision = Revisions.nextFree(repository, plans, publications, run.outputDir(), run.definition().name(),
                period.toString());
        boolean already = false;
        if (latest.isPresent() && latest.get().publishedBy(state.runKey())) {
            // this run already published before it could record so (a crash right after the rename)
            revision = latest.get().revision();
            already = true;
        } else if (latest.isPresent() && !run.request().force()
                && latest.get().sameSources(run.definition().fingerprint(), run.inputShas())) {
            state.putReport(new RunState.Report(latest.get().revision(), null, null, true, false));
            repository.updateExecutionContext(job);
            contribution.setExitStatus(new ExitStatus(JobFactory.UP_TO_DATE, "revision " + latest.get().revision()
                    + " was made from the same inputs"));
            return RepeatStatus.FINISHED;
        }
        // every publication the folder holds is in the ledger before it is compared with
        ledger.catchUp(run.outputDir(), run.definition().name());
        Map<String, ReportBuilder.Previous> previous = ledger.previous(run.outputDir(), run.definition().name(),
                period.toString(), revision);
        Report report = new ReportBuilder(run.definition(), run.schemas(), cubes, period.getYear(), run.endMonth())
                .build(run.request().publishedOn(), revision, previous, verdict.quality());
        if (latest.isPresent() && !already && !run.request().force()
                && latest.get().definition().equals(run.definition().fingerprint())
                && ReportBuilder.figures(report).equals(publications.figures(latest.get().revision()))) {
            // the inputs changed (a growing extract, a record of another year) but not one published figure:
            // a revision that says nothing new is not published
            state.putReport(new RunState.Report(latest.get().revision(), null, null, true, false));
            repository.updateExecutionContext(job);
            contribution.setExitStatus(new ExitStatus(JobFactory.UNCHANGED, "inputs changed, no figure changed"));
            return RepeatStatus.FINISHED;
        }
        byte[] json = Json.write(report).getBytes(StandardCharsets.UTF_8);
        Path file = run.workDir(instance).resolve(REPORT_FILE);
        AtomicFiles.write(file, out -> out.write(json));
        state.putReport(new RunState.Report(revision, file, Hashes.sha256(json), false, already));
        repository.updateExecutionContext(job);
        return RepeatStatus.FINISHED;
    }
}
