package org.threatstats.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;


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


    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command to run (try --help)");
    }

    /** New command objects: picocli fills their fields, so each execution gets its own. */
    private static List<Object> commands() {
        return List.of(new RunCommand(), new ValidateCommand(), new HistoryCommand(), new DiffCommand(),
                new GenerateCommand(), new StatusCommand(), new ScheduleCommand(), new ReleaseCommand());
    }

    /**
     * The program: runs the command line and ends the JVM with its exit code (also when SIGTERM stopped it, see
     * {@link GracefulStop}).
     */
    public static void main(String... args) {
        GracefulStop.program();
        int code = execute(args);
        GracefulStop.ended(code);
        GracefulStop.exiting();
        System.exit(code);
    }

    public static int execute(String... args) {
        return execute(System.out, System.err, args);
    }

    public static int execute(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = new CommandLine(new Cli());
        for (Object command : commands()) {
            cli.addSubcommand(command);
        }
        cli.setOut(o);
        cli.setErr(e);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("threatstats: " + Messages.sentence(ex));
            // the options of the command that failed, not of the top level (where --verbose is never given)
            if (commandLine.getParseResult().hasMatchedOption("--verbose")) {
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
