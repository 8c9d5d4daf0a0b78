package org.threatstats.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.threatstats.generate.ArrestsGenerator;
import org.threatstats.history.Manifest;
import org.threatstats.history.OutputLock;
import org.threatstats.history.Publications;
import org.threatstats.io.AtomicFiles;
import org.threatstats.pipeline.RequestException;

/**
 * {@code generate --records N --out FILE}: synthetic arrests records, the same for the same seed. It never writes
 * over a file unless told to ({@code --force}), and never inside an output folder, where a published revision's
 * files are: they must keep matching their manifests.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes synthetic records in the arrests.csv input contract (for volume tests and benchmarks).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--records", required = true, paramLabel = "N", description = "How many records (1 or more).")
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

    @Option(names = "--force", description = "Write over FILE if it exists.")
    boolean force;

    @Option(names = "--verbose", description = "Print the stack trace of an error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (records < 1) {
            throw usage("--records must be 1 or more, not " + records);
        }
        if (from.isAfter(to)) {
            throw usage("--from (" + from + ") must not be after --to (" + to + ")");
        }
        Path target = out.toAbsolutePath().normalize();
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new RequestException("the folder of --out, " + folder + ", does not exist; nothing was written");
        }
        Path outputFolder = outputFolderHolding(folder.toRealPath());
        if (outputFolder == null && Files.isSymbolicLink(target) && Files.exists(target)) {
            // a link to a published file: writing over the link would leave the file, but no one means that
            outputFolder = outputFolderHolding(target.toRealPath().getParent());
        }
        if (outputFolder != null) {
            throw new RequestException(target + " is inside " + outputFolder + ", where published reports are kept "
                    + "(even --force writes nothing there); nothing was written: write generated records elsewhere "
                    + "(an input folder, say)");
        }
        if (Files.exists(target) && !force) {
            throw new RequestException(target + " exists; nothing was written: give --force to write over it");
        }
        long started = System.nanoTime();
        AtomicFiles.write(target, stream -> new ArrestsGenerator(seed, from, to).write(records, stream));
        spec.commandLine().getOut().printf("wrote %,d records (%,d bytes) to %s in %.1f s%n", records,
                Files.size(target), target, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /**
     * The output folder (one with a job repository folder and lock) that holds {@code folder}, or the published
     * tree (a revision folder with its manifest, a period folder with its {@code latest} link, as a copy of an
     * output folder holds them) that does; or null.
     */
    private static Path outputFolderHolding(Path folder) {
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(OutputLock.file(p)) || Files.isDirectory(p.resolve(".repository"))
                    || Files.exists(p.resolve(Manifest.FILE_NAME))
                    || Files.isSymbolicLink(p.resolve(Publications.LATEST))) {
                return p;
            }
        }
        return null;
    }

    private CommandLine.ParameterException usage(String sentence) {
        return new CommandLine.ParameterException(spec.commandLine(), sentence);
    }
}
