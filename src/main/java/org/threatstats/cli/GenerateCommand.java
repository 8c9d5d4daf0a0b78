package org.threatstats.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.threatstats.generate.ArrestsGenerator;

/** {@code generate --records N --out FILE}: synthetic arrests records, the same for the same seed. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes synthetic records in the arrests.csv input contract (for volume tests and benchmarks).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--records", required = true, paramLabel = "N", description = "How many records.")
    long records;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--from", defaultValue = "2015-04-01", paramLabel = "YYYY-MM-DD",
            description = "Earliest arrest date (default: ${DEFAULT-VALUE}).")
    LocalDate from;

    @Option(names = "--to", defaultValue = "2025-03-31", paramLabel = "YYYY-MM-DD",
            description = "Latest arrest date (default: ${DEFAULT-VALUE}).")
    LocalDate to;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        new ArrestsGenerator(seed, from, to).write(records, out);
        spec.commandLine().getOut().printf("wrote %,d records (%,d bytes) to %s in %.1f s%n", records,
                Files.size(out), out, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
