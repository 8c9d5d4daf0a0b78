package org.threatstats.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.threatstats.history.Manifest;
import org.threatstats.history.Publications;
import org.threatstats.history.Publisher;
import org.threatstats.io.Hashes;
import org.threatstats.io.Json;
import org.threatstats.ledger.Ledger;
import org.threatstats.publish.Report;
import org.threatstats.publish.excel.ExcelRenderer;
import org.threatstats.publish.html.HtmlRenderer;
import org.threatstats.publish.ods.OdsRenderer;
import org.threatstats.publish.pdf.PdfRenderer;
import org.threatstats.validation.RejectsReport;

/**
 * The render stage: writes the workbook (.xlsx and .ods), the PDF and the HTML from the report file the measures step wrote,
 * and publishes them as a new revision.
 */
final class PublishTasklet implements Tasklet {
    static final String STEP = "publish";
    private static final Logger LOG = LoggerFactory.getLogger(PublishTasklet.class);

    private final RunPlans plans;
    private final JobRepository repository;
    private final Ledger ledger;

    PublishTasklet(RunPlans plans, JobRepository repository, Ledger ledger) {
        this.plans = plans;
        this.repository = repository;
        this.ledger = ledger;
    }

    private interface Rendering {
        void run() throws IOException;
    }

    private static void timed(String what, Rendering rendering) throws IOException {
        long start = System.nanoTime();
        rendering.run();
        LOG.info("rendered the {} in {} ms", what, (System.nanoTime() - start) / 1_000_000);
    }

    /** {@code annual-threat-report-year-ending-march-2025}: lowercase words joined by dashes. */
    static String baseName(String job, String period) {
        var end = java.time.YearMonth.parse(period);
        return job + "-year-ending-" + end.getMonth().name().toLowerCase(Locale.ROOT) + "-" + end.getYear();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        RunPlan run = plans.of(job);
        RunState state = RunState.of(job);
        RunState.Report prepared = state.report().orElseThrow();
        RunState.Verdict verdict = state.verdict().orElseThrow();
        Publications publications = new Publications(run.outputDir(), run.definition().name(), verdict.period());
        Publisher publisher = new Publisher(publications);
        long instance = job.getJobInstance().getInstanceId();
        Manifest manifest;
        if (prepared.alreadyPublished()
                || publications.manifest(prepared.revision()).filter(m -> m.publishedBy(state.runKey())).isPresent()) {
            manifest = publications.manifest(prepared.revision()).orElseThrow();
            publisher.pointLatestAt(publications.revisionDir(prepared.revision()));
        } else {
            byte[] json = Files.readAllBytes(prepared.file());
            if (!Hashes.sha256(json).equals(prepared.sha256())) {
                throw new IllegalStateException(prepared.file() + " is not the report this run built (it was "
                        + "changed outside threatstats); nothing was published");
            }
            String text = new String(json, StandardCharsets.UTF_8);
            Report report = Json.read(text, Report.class);
            String base = baseName(report.job(), report.period());
            List<Publisher.Output> outputs = new ArrayList<>();
            outputs.add(new Publisher.Output(base + ".xlsx", out -> timed("workbook", () -> new ExcelRenderer()
                    .render(report, out))));
            outputs.add(new Publisher.Output(base + ".ods", out -> timed("ODS workbook", () -> new OdsRenderer()
                    .render(report, out))));
            outputs.add(new Publisher.Output(base + ".pdf", out -> timed("PDF", () -> new PdfRenderer()
                    .render(report, text, out))));
            outputs.add(new Publisher.Output(base + ".html", out -> timed("HTML", () -> new HtmlRenderer()
                    .render(report, out))));
            Path rejects = verdict.rejectsFile();
            if (rejects != null) {
                // the records set aside from this revision stay with it, whatever later runs write
                outputs.add(new Publisher.Output(RejectsReport.FILE_NAME, out -> Files.copy(rejects, out)));
            }
            manifest = publisher.publish(report, instance, state.runKey(), run.inputShas(), outputs);
        }
        if (verdict.rejectsFile() == null) {
            // a rejects report left by an earlier, rejected run no longer describes these inputs
            Files.deleteIfExists(publications.periodDir().resolve(RejectsReport.FILE_NAME));
        }
        // the ledger records the figures as published (a crash before this line is caught up by the next run)
        ledger.catchUp(run.outputDir(), run.definition().name());
        // the files a reader opens, as the console lists them (figures.csv is in the manifest too)
        Map<String, String> listed = new java.util.LinkedHashMap<>(manifest.files());
        listed.remove(Publications.FIGURES);
        state.putPublished(new RunState.Published(manifest.revision(), listed));
        repository.updateExecutionContext(job);
        return RepeatStatus.FINISHED;
    }
}
