package org.threatstats.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.threatstats.aggregate.PartitionCounts;
import org.threatstats.aggregate.PartitionTally;
import org.threatstats.ingest.InputFile;
import org.threatstats.io.Json;
import org.threatstats.keys.KeyForms;
import org.threatstats.validation.DatasetQuality;
import org.threatstats.validation.Reject;

import tools.jackson.core.type.TypeReference;

/**
 * Everything one step of a run hands to a later one, kept in the job's execution context (so in the job
 * repository, saved by the step that wrote it before it completes), and what each partition of the ingest commits
 * in its own step context ({@link PartitionContext}): the one place that knows the keys of either. Each part is a record
 * written as JSON under one key. A restart reads what the steps before it wrote; nothing is kept in memory
 * between steps.
 *
 * <p>{@value #FORMAT_KEY} says which layout wrote the state: a run left unfinished by a version of the program
 * that wrote another layout is not resumed by this one (it is failed with a sentence, and the next run starts
 * afresh).
 */
public final class RunState {
    static final String FORMAT_KEY = "threatstats.state-format";
    static final int FORMAT = 1;

    private static final String INPUTS = "threatstats.inputs";
    private static final String RUN_DATE = "threatstats.run-date";
    private static final String RUN_KEY = "threatstats.run-key";
    private static final String INGEST = "threatstats.ingest.";
    private static final String KEYS = "threatstats.keys.";
    private static final String VERDICT = "threatstats.verdict";
    private static final String REPORT = "threatstats.report";
    private static final String PUBLISHED = "threatstats.published";
    private static final String FAILURE = "threatstats.failure";

    private final ExecutionContext context;

    private RunState(ExecutionContext context) {
        this.context = context;
    }

    public static RunState of(JobExecution execution) {
        return new RunState(execution.getExecutionContext());
    }

    /** The layout version that wrote this state, or 0 for a run that has written none yet. */
    int format() {
        return context.containsKey(FORMAT_KEY) ? context.getInt(FORMAT_KEY) : 0;
    }

    boolean written() {
        return context.containsKey(FORMAT_KEY);
    }

    /** The inputs as the launching process found them: fingerprints, slices and whole-file problems. */
    public record Inputs(Map<String, InputFile> files, List<Reject> problems) {
    }

    void putInputs(Inputs inputs) {
        context.putInt(FORMAT_KEY, FORMAT);
        put(INPUTS, inputs);
    }

    /** Records the day the run was first made, once: its restarts check the records against the same day. */
    void putRunDateIfAbsent(java.time.LocalDate day) {
        if (!context.containsKey(RUN_DATE)) {
            context.putString(RUN_DATE, day.toString());
        }
    }

    /** Draws the run's key, once: the manifests it publishes name it (see {@link #runKey()}). */
    void putRunKeyIfAbsent() {
        if (!context.containsKey(RUN_KEY)) {
            context.putString(RUN_KEY, java.util.UUID.randomUUID().toString());
        }
    }

    /**
     * The key drawn when the run began: what tells this run's publications from those of an earlier run with the
     * same instance id (a new repository's ids start again).
     */
    public String runKey() {
        return context.getString(RUN_KEY);
    }

    /** The day the run was first made. */
    public java.time.LocalDate runDate() {
        return java.time.LocalDate.parse(context.getString(RUN_DATE));
    }

    public Inputs inputs() {
        return get(INPUTS, Inputs.class).orElseThrow(() -> new IllegalStateException(
                "the run's state holds no inputs: it was not started by this version of threatstats"));
    }

    /**
     * One partition's result, as its last chunk committed it.
     *
     * @param rejects      its rejects spool, with the committed length and number of rejects
     * @param tokens       one token spool per unique key, with their committed lengths
     * @param forms        per unique key, the forms its tokens refer to
     * @param totalRows    stated-total rows ({@code period << 32 | cell}) and their lines, for the totals rule
     */
    public record Partition(String name, Path rejects, long rejectsLength, long rejectCount, List<Path> tokens,
            long[] tokenLengths, List<List<KeyForms.Form>> forms, long[] totalRows, long[] totalLines) {
    }

    /** What the ingest made of one dataset: its cube and counts over all partitions, and each partition's parts. */
    public record Ingest(String cube, PartitionCounts counts, List<Partition> partitions) {
    }

    void putIngest(String dataset, Ingest ingest) {
        put(INGEST + dataset, ingest);
    }

    public Optional<Ingest> ingest(String dataset) {
        return get(INGEST + dataset, Ingest.class);
    }

    /**
     * The uniqueness check of one dataset.
     *
     * @param rejected        records rejected only for repeating a key, {@code rejectedOutside} of them outside
     *                        every period of the report
     * @param adjustments     what those records had added to the figures, as a cube to take away
     * @param spool           the check's rejects, in line order, with its committed length
     */
    public record Keys(long rejected, long rejectedOutside, String adjustments, Path spool, long spoolLength) {
    }

    void putKeys(String dataset, Keys keys) {
        put(KEYS + dataset, keys);
    }

    public Optional<Keys> keys(String dataset) {
        return get(KEYS + dataset, Keys.class);
    }

    /**
     * The verdict on the inputs.
     *
     * @param period        the report's period ("2025-03"), or null when the inputs have none
     * @param rejectsFile   where {@code rejects.csv} was written, or null when nothing was rejected
     * @param rejectsSample the first few rejects as sentences
     * @param cubes         each dataset's final cube, when the inputs were accepted
     */
    public record Verdict(String period, boolean rejected, List<DatasetQuality> quality, long rejectsTotal,
            List<String> rejectsSample, Path rejectsFile, Map<String, String> cubes) {

        public long recordsRead() {
            return quality.stream().mapToLong(DatasetQuality::records).sum();
        }

        public long recordsRejected() {
            return quality.stream().mapToLong(DatasetQuality::rejectedRecords).sum();
        }
    }

    void putVerdict(Verdict verdict) {
        put(VERDICT, verdict);
    }

    public Optional<Verdict> verdict() {
        return get(VERDICT, Verdict.class);
    }

    /**
     * The report the measures step built, kept as a file in the run's work folder.
     *
     * @param upToDate         the latest revision was made from the same sources: nothing to publish
     * @param alreadyPublished this run published the revision before a crash kept it from recording so
     */
    public record Report(int revision, Path file, String sha256, boolean upToDate, boolean alreadyPublished) {
    }

    void putReport(Report report) {
        put(REPORT, report);
    }

    public Optional<Report> report() {
        return get(REPORT, Report.class);
    }

    /** What the publish step published: the revision and each file's SHA-256. */
    public record Published(int revision, Map<String, String> files) {
    }

    void putPublished(Published published) {
        put(PUBLISHED, published);
    }

    public Optional<Published> published() {
        return get(PUBLISHED, Published.class);
    }

    /** Why the run's last attempt failed, in one sentence (exceptions are not kept by the job repository). */
    void putFailure(String sentence) {
        context.putString(FAILURE, sentence);
    }

    public Optional<String> failure() {
        return context.containsKey(FAILURE) ? Optional.of(context.getString(FAILURE)) : Optional.empty();
    }

    private void put(String key, Object value) {
        context.putString(key, Json.write(value));
    }

    private <T> Optional<T> get(String key, Class<T> type) {
        return context.containsKey(key) ? Optional.of(Json.read(context.getString(key), type)) : Optional.empty();
    }

    /**
     * What one partition of the ingest step keeps in its step execution context, committed with every chunk: the next
     * block to read, the key forms met so far and the tally (nothing before its first commit). Its keys are known here
     * only. Which slice the partition reads, its name says ({@link IngestPartition}).
     */
    static final class PartitionContext {
        private static final String NEXT_BLOCK = "partition.nextBlock";
        private static final String FORMS = "partition.forms";
        private static final String TALLY = "partition.tally";

        private final ExecutionContext context;

        private PartitionContext(ExecutionContext context) {
            this.context = context;
        }

        static PartitionContext of(StepExecution execution) {
            return new PartitionContext(execution.getExecutionContext());
        }

        static PartitionContext of(ExecutionContext context) {
            return new PartitionContext(context);
        }

        int nextBlock() {
            return context.getInt(NEXT_BLOCK, 0);
        }

        void nextBlock(int block) {
            context.putInt(NEXT_BLOCK, block);
        }

        /** The forms met by each unique key so far (empty lists before the first commit). */
        List<List<KeyForms.Form>> forms(int keys) {
            if (!context.containsKey(FORMS)) {
                List<List<KeyForms.Form>> none = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    none.add(List.of());
                }
                return none;
            }
            return Json.read(context.getString(FORMS), new TypeReference<List<List<KeyForms.Form>>>() {
            });
        }

        void forms(List<List<KeyForms.Form>> forms) {
            context.putString(FORMS, Json.write(forms));
        }

        PartitionTally.State tally(int cells, int keys) {
            return context.containsKey(TALLY) ? Json.read(context.getString(TALLY), PartitionTally.State.class)
                    : PartitionTally.State.empty(cells, keys);
        }

        void tally(PartitionTally.State tally) {
            context.putString(TALLY, Json.write(tally));
        }

        /** Forgets what was read, so the partition starts its slice again (its spools were lost with the machine). */
        void restart() {
            context.remove(NEXT_BLOCK);
            context.remove(FORMS);
            context.remove(TALLY);
        }
    }
}
