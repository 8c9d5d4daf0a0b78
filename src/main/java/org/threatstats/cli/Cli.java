package org.threatstats.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.threatstats.DaemonThreads;
import org.threatstats.definition.JobDefinitionLoader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line: parse, call, print. Exit codes: 0 completed or nothing to do, 1 failed, 2 input rejected,
 * 3 already running, 64 bad command line or bad job definition. Errors are one sentence on stderr; a stack trace
 * only with {@code --verbose}.
 */
@Command(name = "threatstats", mixinStandardHelpOptions = true, version = "threatstats 0.1",
        description = "Checks CSV figures, aggregates them and publishes an annual report (workbook and PDF).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:completed, or nothing to do", "1:failed (run the same command again to resume)",
            "2:input rejected by validation (see rejects.csv)", "3:the same job is already running",
            "64:bad command line or bad job definition"})
public final class Cli implements Runnable {
    public static final int USAGE = 64;

    /**
     * The commands, in the order the help lists them. Only the one named is given to picocli (all of them for
     * help, a version or a mistake): picocli reads a command's annotations through reflection, which took a tenth
     * of a second for all seven at every start, while nothing else could begin.
     */
    private static final List<String> COMMANDS = List.of("run", "validate", "history", "diff", "generate",
            "status", "schedule");

    /** The commands that read job files: for them the YAML reader is got ready while the command line is parsed. */
    private static final List<String> READ_JOB_FILES = List.of("run", "validate", "status", "schedule");

    /** A new command object for a name in {@link #COMMANDS} (a switch: lambdas cost 13 ms to link at start-up). */
    private static Object command(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "validate" -> new ValidateCommand();
            case "history" -> new HistoryCommand();
            case "diff" -> new DiffCommand();
            case "generate" -> new GenerateCommand();
            case "status" -> new StatusCommand();
            case "schedule" -> new ScheduleCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command to run (try --help)");
    }

    public static int execute(String... args) {
        return execute(System.out, System.err, args);
    }

    public static int execute(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        // picocli's own switch (documented in its CommandLine): otherwise it looks for Groovy's Closure class, and
        // that one failed lookup opens every jar on the class path, 30 ms on the main thread before anything else
        // of the run can begin
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        boolean named = args.length > 0 && COMMANDS.contains(args[0]);
        if (named && READ_JOB_FILES.contains(args[0])) {
            DaemonThreads.named("yaml warm-up").newThread(JobDefinitionLoader::prepare).start();
        }
        CommandLine cli = new CommandLine(new Cli());
        for (String name : COMMANDS) {
            if (!named || name.equals(args[0])) {
                cli.addSubcommand(name, command(name));
            }
        }
        cli.setOut(o);
        cli.setErr(e);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("threatstats: " + Messages.sentence(ex));
            if (parseResult.hasMatchedOption("--verbose")) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return Messages.exitCode(ex);
        });
        cli.setParameterExceptionHandler((ex, args2) -> {
            ex.getCommandLine().getErr().println("threatstats: " + ex.getMessage());
            ex.getCommandLine().getErr().println("(" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help shows the options)");
            return USAGE;
        });
        int code = cli.execute(args);
        o.flush();
        e.flush();
        return code;
    }
}
