package org.threatstats.history;

import java.util.Map;

/**
 * What a published revision is: which run made it from which inputs, and the SHA-256 of every file in it. Kept as
 * {@code manifest.json} inside the revision's folder, so the output folder explains itself without the database.
 *
 * @param run    the job instance (the run's identity in the history) that published it
 * @param runKey a key drawn when that run began: a run of a new repository (whose instance ids start again) is not
 *               taken for the run that published this revision
 * @param inputs SHA-256 of each input, by dataset ("absent" when a file was not supplied)
 * @param files  SHA-256 of each published file, by file name
 */
public record Manifest(String job, String period, int revision, String publishedOn, long run, String runKey,
        String definition, Map<String, String> inputs, Map<String, String> files, int revisedFigures) {

    public static final String FILE_NAME = "manifest.json";

    /** Whether the run with this key published this revision. */
    public boolean publishedBy(String key) {
        return runKey != null && runKey.equals(key);
    }

    /** Whether a run with these fingerprints would publish the same report again. */
    public boolean sameSources(String definitionSha256, Map<String, String> inputShas) {
        return definition.equals(definitionSha256) && inputs.equals(inputShas);
    }
}
