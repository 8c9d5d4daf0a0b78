package org.threatstats.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.threatstats.definition.JobDefinition;
import org.threatstats.definition.JobDefinitionLoader;

/**
 * The steps' view of their run: the {@link RunPlan} made again from the run's job parameters and persisted inputs,
 * once per job execution (the steps of one execution, and its partitions on their threads, share it), and
 * forgotten when the execution ends. The job parameters are the run's identity (job, period, the SHA-256 of its
 * job file and inputs) and where its files are.
 */
@Component
public class RunPlans implements JobExecutionListener {
    static final String JOB = "job";
    static final String PERIOD = "period";
    static final String DEFINITION_SHA = "definition.sha256";
    static final String FORCED_AT = "forced-at";
    static final String REPUBLISH_AFTER = "republish.after";
    private static final String INPUT = "input.";
    private static final String SHA = ".sha256";
    private static final String INPUT_DIR = "input-dir";
    private static final String OUTPUT_DIR = "output-dir";
    private static final String JOBS_DIR = "jobs-dir";
    private static final String WORK_DIR = "work-dir";
    private static final String PUBLISHED_ON = "published-on";
    private static final String PUBLISH = "publish";

    private final Map<Long, RunPlan> plans = new ConcurrentHashMap<>();
    /** Whether the job repository is the embedded one inside the output folder (it then moves with the folder). */
    private final boolean embedded;

    RunPlans(@Value("${spring.datasource.url:}") String url, @Value("${threatstats.output-dir:}") String outputDir) {
        this.embedded = !outputDir.isEmpty() && url.startsWith("jdbc:hsqldb:file:" + outputDir + "/.repository/");
    }

    /** The identifying parameters of a run (job, period, definition and every input's SHA-256) and its folders. */
    static JobParameters parameters(RunPlan plan) {
        RunRequest request = plan.request();
        JobParametersBuilder b = new JobParametersBuilder();
        b.addString(JOB, plan.definition().name());
        b.addString(PERIOD, request.yearEnding() == null ? "latest" : request.yearEnding().toString());
        b.addString(DEFINITION_SHA, plan.definition().fingerprint());
        plan.inputs().forEach((name, file) -> b.addString(INPUT + name + SHA, file.sha256()));
        b.addString(INPUT_DIR, request.inputDir().toString(), false);
        b.addString(OUTPUT_DIR, request.outputDir().toString(), false);
        b.addString(JOBS_DIR, request.jobsDir().toAbsolutePath().toString(), false);
        b.addString(WORK_DIR, request.workRoot().toString(), false);
        b.addString(PUBLISHED_ON, request.publishedOn().toString(), false);
        b.addString(PUBLISH, Boolean.toString(request.publish()), false);
        return b.toJobParameters();
    }

    /** The SHA-256 of each input named in a run's parameters, by dataset. */
    static Map<String, String> inputShas(JobParameters parameters) {
        Map<String, String> shas = new java.util.TreeMap<>();
        parameters.getIdentifyingParameters().forEach(p -> {
            if (p.name().startsWith(INPUT) && p.name().endsWith(SHA)) {
                shas.put(p.name().substring(INPUT.length(), p.name().length() - SHA.length()),
                        String.valueOf(p.value()));
            }
        });
        return shas;
    }

    /**
     * Whether an execution wrote into this output folder: always, for the repository inside the folder (which moves
     * with it); for a shared one, when it was given this folder (hosts sharing it each write their own).
     */
    boolean publishedInto(JobExecution execution, Path outputDir) {
        String dir = execution.getJobParameters().getString(OUTPUT_DIR);
        return embedded || (dir != null && Path.of(dir).equals(outputDir));
    }

    /** The plan of the run an execution belongs to. */
    public RunPlan of(JobExecution execution) {
        return plans.computeIfAbsent(execution.getId(), id -> restore(execution));
    }

    private static RunPlan restore(JobExecution execution) {
        JobParameters p = execution.getJobParameters();
        String job = p.getString(JOB);
        Path jobsDir = Path.of(p.getString(JOBS_DIR));
        JobDefinition definition = new JobDefinitionLoader(jobsDir).load(job);
        if (!definition.fingerprint().equals(p.getString(DEFINITION_SHA))) {
            throw new IllegalStateException(new JobDefinitionLoader(jobsDir).file(job) + " was changed while this "
                    + "run used it; nothing was published: run the job again");
        }
        String period = p.getString(PERIOD);
        RunState state = RunState.of(execution);
        RunRequest request = new RunRequest(job, "latest".equals(period) ? null : YearMonth.parse(period),
                Path.of(p.getString(INPUT_DIR)), Path.of(p.getString(OUTPUT_DIR)), jobsDir,
                Path.of(p.getString(WORK_DIR)), state.runDate(), LocalDate.parse(p.getString(PUBLISHED_ON)),
                p.getString(FORCED_AT) != null, Boolean.parseBoolean(p.getString(PUBLISH)));
        return RunPlan.of(definition, request, state.inputs());
    }

    @Override
    public void afterJob(JobExecution execution) {
        plans.remove(execution.getId());
    }
}
