package org.threatstats.pipeline;

/** Exit statuses and execution-context keys the steps of a run agree on. */
public final class Verdict {
    /** Exit status of a run whose inputs broke a rule: nothing was published. */
    public static final String REJECTED = "REJECTED";
    /** Exit status of a run whose report equals the latest revision already published. */
    public static final String UP_TO_DATE = "UP-TO-DATE";

    static final String PERIOD = "period";
    static final String QUALITY = "quality";
    static final String REJECTS_TOTAL = "rejects.total";
    static final String REJECTS_SAMPLE = "rejects.sample";
    static final String REJECTS_FILE = "rejects.file";
    static final String CUBE_PREFIX = "cube.";
    static final String OUTPUTS = "outputs";
    static final String REVISION = "revision";

    private Verdict() {
    }
}
