package org.threatstats.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A workspace where the sample report has already been published once, so a test can break an input, run again
 * and check that nothing published was touched.
 */
public final class Baseline {
    private static Path template;

    private final Path workspace;
    private final Map<String, String> hashes;
    private final List<String> tree;

    private Baseline(Path workspace) {
        this.workspace = workspace;
        this.hashes = Published.hashes(reports());
        this.tree = Published.tree(reports());
    }

    /** A copy of a workspace in which the sample was published (the first call makes it). */
    public static synchronized Baseline in(Path dir) throws Exception {
        if (template == null || !Files.exists(template)) {
            template = Files.createTempDirectory("threatstats-baseline-");
            Runs.workspace(template);
            Runs.Result first = Runs.run(template, "annual-threat-report");
            assertThat(first.exitCode()).as(first.toString()).isZero();
        }
        Runs.copyTree(template, dir);
        return new Baseline(dir);
    }

    public Path workspace() {
        return workspace;
    }

    public Path input(String file) {
        return workspace.resolve("input").resolve(file);
    }

    public Path reports() {
        return workspace.resolve("output").resolve("annual-threat-report");
    }

    public Path rejects() {
        return reports().resolve("2025-03").resolve("rejects.csv");
    }

    public Runs.Result run(String... more) {
        List<String> args = new ArrayList<>(List.of("annual-threat-report"));
        args.addAll(List.of(more));
        return Runs.run(workspace, args.toArray(String[]::new));
    }

    /**
     * Every file published before is byte-for-byte as it was, and the only new file anywhere under the reports is
     * a rejects report (no partial or temporary file).
     */
    public void assertNothingLost() {
        Map<String, String> now = Published.hashes(reports());
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            assertThat(now.get(e.getKey())).as("SHA-256 of %s", e.getKey()).isEqualTo(e.getValue());
        }
        List<String> added = new ArrayList<>(Published.tree(reports()));
        added.removeAll(tree);
        assertThat(added).as("files added under the reports").allMatch(p -> p.endsWith("rejects.csv"));
    }
}
