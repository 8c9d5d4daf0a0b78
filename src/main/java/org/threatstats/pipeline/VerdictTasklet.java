package org.threatstats.pipeline;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.threatstats.aggregate.Cube;
import org.threatstats.aggregate.PartitionCounts;
import org.threatstats.definition.DatasetDefinition;
import org.threatstats.ingest.InputFile;
import org.threatstats.publish.Wording;
import org.threatstats.validation.DatasetQuality;
import org.threatstats.validation.DatasetSchema;
import org.threatstats.validation.Reject;
import org.threatstats.validation.RejectSpool;
import org.threatstats.validation.RejectsReport;

/**
 * The verdict on the inputs, once every record has been read: rules across records (stated totals, periods
 * covered), the dataset's max-rejects policy, and the report period. Writes {@code rejects.csv} when anything was
 * rejected, and ends the run as REJECTED (nothing published) when the inputs cannot be used.
 */
final class VerdictTasklet implements Tasklet {
    static final String STEP = "verdict";

    private final RunPlans plans;
    private final JobRepository repository;

    VerdictTasklet(RunPlans plans, JobRepository repository) {
        this.plans = plans;
        this.repository = repository;
    }

    /** One dataset's results, merged over its partitions and its key check. */
    record Merged(DatasetDefinition definition, DatasetSchema schema, InputFile input, Cube cube,
            PartitionCounts counts, long keyRejected, long keyRejectedOutside, List<RunState.Partition> partitions,
            Path keySpool, long keySpoolLength, List<Reject> ruleRejects) {

        long rejectedRecords() {
            return counts.rejectedRecords() + keyRejected;
        }
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        RunPlan run = plans.of(job);
        RunState state = RunState.of(job);
        for (InputFile input : run.presentInputs().values()) {
            if (input.changedSince()) {
                // the figures would not be those of the SHA-256 the report names
                throw new IllegalStateException(input.fileName() + " was changed or replaced while this run read it; "
                        + "nothing was published: run again once the supplier's file is complete");
            }
        }
        Map<String, Merged> merged = new LinkedHashMap<>();
        for (DatasetDefinition d : run.definition().datasets()) {
            merged.put(d.name(), merge(state, run, d));
        }
        int period = resolvePeriod(run, merged);
        for (Merged m : merged.values()) {
            if (m != null) {
                checkTotals(run, m);
                checkCoverage(run, m, period);
                checkSize(run, m);
                checkSomeRecords(m);
                checkPeriodHasRecords(run, m, period);
            }
        }
        boolean nothingInPeriod = merged.values().stream().anyMatch(m -> m != null && m.ruleRejects().stream()
                .anyMatch(r -> r.rule().equals(NO_RECORDS_IN_PERIOD)));
        boolean rejected = !run.fileProblems().isEmpty() || period == Integer.MIN_VALUE;
        List<Reject> extra = new ArrayList<>();
        if (period == Integer.MIN_VALUE && run.fileProblems().isEmpty()) {
            DatasetDefinition first = run.definition().datasets().get(0);
            extra.add(Reject.file(first.file(), "empty", "has no valid records, so there is no period to report"));
        }
        for (Merged m : merged.values()) {
            if (m == null) {
                continue;
            }
            if (m.counts().fatalRejects() > 0 || !m.ruleRejects().isEmpty()) {
                rejected = true;
            }
            if (m.rejectedRecords() > m.definition().maxRejects()) {
                rejected = true;
            }
        }
        YearMonth end = period == Integer.MIN_VALUE ? null : YearMonth.of(period, run.endMonth());
        // a period with no data gets no folder: its rejects (the one sentence) stay with the run's work files
        Path folder = end == null ? run.outputDir().resolve(run.definition().name())
                : nothingInPeriod ? run.workDir(job.getJobInstance().getInstanceId())
                : run.outputDir().resolve(run.definition().name()).resolve(end.toString());
        List<DatasetQuality> quality = new ArrayList<>();
        long total;
        List<String> sample = new ArrayList<>();
        Path rejectsFile = null;
        try (RejectsReport report = new RejectsReport(folder.resolve(RejectsReport.FILE_NAME))) {
            Sink sink = new Sink(report);
            for (DatasetDefinition d : run.definition().datasets()) {
                sink.reasons = new LinkedHashMap<>();
                long before = report.count();
                for (Reject r : run.fileProblems()) {
                    if (r.file().equals(d.file())) {
                        sink.add(r);
                    }
                }
                if (run.definition().datasets().get(0) == d) {
                    extra.forEach(sink::add);
                }
                Merged m = merged.get(d.name());
                if (m != null) {
                    writeRejects(m, sink);
                }
                quality.add(quality(d, run.inputs().get(d.name()), m, sink.reasons, report.count() - before));
            }
            total = report.count();
            for (Reject r : report.first()) {
                sample.add(r.sentence());
            }
            if (total > 0) {
                report.commit();
                rejectsFile = report.path();
            }
        }
        Map<String, String> cubes = new LinkedHashMap<>();
        if (!rejected) {
            for (Merged m : merged.values()) {
                if (m != null) {
                    cubes.put(m.definition().name(), m.cube().encode());
                }
            }
        }
        state.putVerdict(new RunState.Verdict(end == null ? null : end.toString(), rejected, quality, total, sample,
                rejectsFile, cubes));
        repository.updateExecutionContext(job);
        if (rejected) {
            contribution.setExitStatus(new ExitStatus(JobFactory.REJECTED,
                    sample.isEmpty() ? "inputs rejected" : sample.get(0)));
        }
        return RepeatStatus.FINISHED;
    }

    /** Where every reject goes: the report file, and the counts by reason for the publication. */
    private static final class Sink {
        final RejectsReport report;
        Map<String, Long> reasons = new LinkedHashMap<>();

        Sink(RejectsReport report) {
            this.report = report;
        }

        void add(Reject r) {
            report.add(r);
            reasons.merge((r.column().isEmpty() ? "" : r.column() + ": ") + r.rule(), 1L, Long::sum);
        }
    }

    private static Merged merge(RunState state, RunPlan run, DatasetDefinition d) {
        InputFile input = run.presentInputs().get(d.name());
        if (input == null) {
            return null;
        }
        DatasetSchema schema = run.schemas().get(d.name());
        RunState.Ingest ingest = state.ingest(d.name()).orElseThrow();
        Cube cube = Cube.decode(ingest.cube());
        long keyRejected = 0;
        long keyRejectedOutside = 0;
        Path keySpool = null;
        long keySpoolLength = 0;
        var keys = state.keys(d.name());
        if (keys.isPresent()) {
            keyRejected = keys.get().rejected();
            keyRejectedOutside = keys.get().rejectedOutside();
            keySpool = keys.get().spool();
            keySpoolLength = keys.get().spoolLength();
            cube.addAll(Cube.decode(keys.get().adjustments()));
        }
        return new Merged(d, schema, input, cube, ingest.counts(), keyRejected, keyRejectedOutside,
                ingest.partitions(), keySpool, keySpoolLength, new ArrayList<>());
    }

    private static int resolvePeriod(RunPlan run, Map<String, Merged> merged) {
        if (run.request().yearEnding() != null) {
            return run.request().yearEnding().getYear();
        }
        int maxMonth = -1;
        for (Merged m : merged.values()) {
            if (m != null && m.definition().dateColumn() != null) {
                maxMonth = Math.max(maxMonth, m.counts().maxMonth());
            }
        }
        if (maxMonth < 0) {
            for (Merged m : merged.values()) {
                if (m != null) {
                    maxMonth = Math.max(maxMonth, m.counts().maxMonth());
                }
            }
        }
        if (maxMonth < 0) {
            return Integer.MIN_VALUE;
        }
        int year = maxMonth / 12;
        int month = maxMonth % 12 + 1;
        return month >= run.endMonth() ? year : year - 1;
    }

    /** Parts must add up to the stated total in every period and combination of the other categories. */
    private static void checkTotals(RunPlan run, Merged m) {
        DatasetSchema s = m.schema();
        int td = s.totalDimension();
        if (td < 0) {
            return;
        }
        Map<Long, Long> lineOf = new LinkedHashMap<>();
        for (RunState.Partition p : m.partitions()) {
            for (int i = 0; i < p.totalRows().length; i++) {
                lineOf.putIfAbsent(p.totalRows()[i], p.totalLines()[i]);
            }
        }
        var totalColumn = m.definition().totals().get(0).column();
        var labels = s.dimensions().get(td).values();
        for (Map.Entry<Long, Long> e : lineOf.entrySet()) {
            int period = (int) (e.getKey() >> 32);
            int cell = (int) (long) e.getKey();
            long stated = m.cube().get(period, cell);
            long parts = 0;
            List<String> names = new ArrayList<>();
            int base = cell - s.valueOf(cell, td) * s.stride(td);
            for (int v = 0; v < labels.size(); v++) {
                if (v != s.totalValue()) {
                    parts += m.cube().get(period, base + v * s.stride(td));
                    names.add(labels.get(v));
                }
            }
            if (parts != stated) {
                m.ruleRejects().add(new Reject(m.input().fileName(), e.getValue(), m.definition().countColumn(),
                        Long.toString(stated), "total", "the " + totalColumn + " '" + labels.get(s.totalValue())
                                + "' row for the " + yearEnding(run, period) + " says " + stated + ", but the rows for "
                                + String.join(", ", names) + " add up to " + parts, true));
            }
        }
    }

    /** Figures are sums of counts: none may exceed what a spreadsheet holds exactly (or wrap round). */
    private static void checkSize(RunPlan run, Merged m) {
        if (m.cube().largestTotal() > DatasetSchema.MAX_COUNT) {
            m.ruleRejects().add(Reject.file(m.input().fileName(), "range", "has counts that add up to more than "
                    + "9,007,199,254,740,991 for the " + yearEnding(run, m.cube().largestPeriod())
                    + ", the largest figure a spreadsheet holds exactly: nothing so large can be published"));
        }
    }

    static final String NO_RECORDS_IN_PERIOD = "period";

    /** A required dataset with no record in the report's period: there is nothing to report for it. */
    private static void checkPeriodHasRecords(RunPlan run, Merged m, int period) {
        var periods = m.cube().periods();
        if (period != Integer.MIN_VALUE && m.definition().required() && !periods.isEmpty()
                && !m.cube().has(period)) {
            m.ruleRejects().add(Reject.file(m.input().fileName(), NO_RECORDS_IN_PERIOD, "has no records for the "
                    + yearEnding(run, period) + " (its records are for the " + yearEnding(run, periods.firstKey())
                    + (periods.size() > 1 ? " to " + yearEnding(run, periods.lastKey()).replace("year ending ", "")
                            : "") + "): there is nothing to report for that period"));
        }
    }

    /** A required file whose lines after the header are all blank has nothing to report. */
    private static void checkSomeRecords(Merged m) {
        if (m.definition().required() && m.counts().records() == 0) {
            m.ruleRejects().add(Reject.file(m.input().fileName(), "empty", "has no records, only blank lines "
                    + "after the header, but the job needs it (dataset '" + m.definition().name() + "')"));
        }
    }

    /** A dataset whose job says when-missing: reject must have data for every period the report shows. */
    private static void checkCoverage(RunPlan run, Merged m, int period) {
        if (period == Integer.MIN_VALUE || !"reject".equals(m.definition().whenMissing())) {
            return;
        }
        int years = run.definition().tables().stream().filter(t -> t.dataset().equals(m.definition().name()))
                .mapToInt(t -> t.years()).max().orElse(1);
        for (int p = period - years + 1; p <= period; p++) {
            if (!m.cube().has(p)) {
                m.ruleRejects().add(Reject.file(m.input().fileName(), "coverage", "has no rows for the "
                        + yearEnding(run, p) + ", which the report shows (the job says when-missing: reject)"));
            }
        }
    }

    private static String yearEnding(RunPlan run, int year) {
        return Wording.periodShort(YearMonth.of(year, run.endMonth()));
    }

    /**
     * Partition spools in file order, merged by line with the key check's spool and the rules across records:
     * all of them streamed, so millions of rejects need no memory.
     */
    private static void writeRejects(Merged m, Sink sink) {
        List<Reject> rules = new ArrayList<>(m.ruleRejects());
        rules.sort(Comparator.comparingLong(Reject::line));
        int[] nextRule = {0};
        try (RejectSpool.Cursor keys = RejectSpool.cursor(m.keySpool(), m.keySpoolLength())) {
            LongConsumer before = line -> {
                while (true) {
                    Reject rule = nextRule[0] < rules.size() ? rules.get(nextRule[0]) : null;
                    Reject key = keys.peek();
                    Reject first = rule == null ? key : key == null ? rule : rule.line() <= key.line() ? rule : key;
                    if (first == null || first.line() >= line) {
                        return;
                    }
                    sink.add(first == rule ? rules.get(nextRule[0]++) : keys.take());
                }
            };
            for (RunState.Partition p : m.partitions()) {
                RejectSpool.read(p.rejects(), p.rejectsLength(), r -> {
                    before.accept(r.line());
                    sink.add(r);
                });
            }
            before.accept(Long.MAX_VALUE);
        }
    }

    private static DatasetQuality quality(DatasetDefinition d, InputFile input, Merged m, Map<String, Long> reasons,
            long problems) {
        PartitionCounts c = m == null ? PartitionCounts.empty() : m.counts();
        long rejected = m == null ? 0 : m.rejectedRecords();
        // rows outside every period of this report (count rows for years ending in another month) are not used
        long outside = m == null ? 0 : c.outside() - m.keyRejectedOutside();
        long used = m == null ? 0 : c.accepted() - c.outside() - (m.keyRejected() - m.keyRejectedOutside());
        return new DatasetQuality(d.name(), d.file(), input.present(), input.sha256(), input.size(), c.records(),
                used, rejected, problems, d.maxRejects(), c.blankLines(), c.trimmed(), c.firstTrimmedLine(),
                c.firstTrimmedColumn(), outside, c.maxMonth(), reasons);
    }
}
