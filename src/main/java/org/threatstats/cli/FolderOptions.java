package org.threatstats.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where the job definitions and the input files are: the same two options for every command that needs them. */
final class FolderOptions {
    private FolderOptions() {
    }

    /** {@code --jobs-dir}. */
    static final class Jobs {
        @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "jobs",
                description = "Where the job definitions are (default: ${DEFAULT-VALUE}).")
        Path dir;
    }

    /** {@code --input-dir}. */
    static final class Inputs {
        @Option(names = "--input-dir", paramLabel = "DIR", defaultValue = "input",
                description = "Where the input files are (default: ${DEFAULT-VALUE}).")
        Path dir;
    }
}
