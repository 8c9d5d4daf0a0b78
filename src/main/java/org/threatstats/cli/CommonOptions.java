package org.threatstats.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options every command that touches the output folder shares. */
final class CommonOptions {
    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "output",
            description = "Where reports and their history go (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--verbose", description = "Log to the console and print stack traces of errors.")
    boolean verbose;

    Path output() {
        return outputDir.toAbsolutePath().normalize();
    }
}
