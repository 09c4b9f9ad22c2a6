package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * {@code cotenant}: the command line. Bad input (a malformed file, an unknown name, a bad option)
 * ends with exit status 2 and one line naming where and what; anything else is a bug and keeps
 * its stack trace.
 */
@Command(name = "cotenant", mixinStandardHelpOptions = true, version = "cotenant 0.1.0",
        description = "Find and check scheduling policies for multi-tenant DNN accelerators.",
        subcommands = {DemoCommand.class, SimulateCommand.class, TraceCommand.class, BenchCommand.class,
                SchedulersCommand.class,
                WorkloadsCommand.class,
                ExperimentCommand.class,
                MocaCommand.class,
                MocaOptimalCommand.class,
                MeasureSparsityCommand.class,
                TrainPredictorCommand.class,
                EvaluatePredictorCommand.class,
                TuneCommand.class,
                OptimalCommand.class,
                CompareCommand.class,
        })
public final class CotenantCli implements Runnable {
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CotenantCli());
        // An option-parse error is bad input like any other: one line, not the whole usage.
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine where = ex.getCommandLine();
            String first = String.valueOf(ex.getMessage()).lines().findFirst().orElse("bad option");
            where.getErr().println(where.getCommandSpec().qualifiedName() + ": " + first + " (see '" + where.getCommandSpec().qualifiedName()
                    + " --help')");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = badInputMessage(ex);
            if (message == null) throw ex;
            commandLine.getErr().println("cotenant " + commandLine.getCommandName() + ": " + message);
            return BAD_INPUT;
        });
        return cli;
    }

    /** The one-line message if {@code ex} is bad input rather than a bug, else null. */
    static String badInputMessage(Throwable ex) {
        if (ex instanceof BadInputException) return ex.getMessage();
        if (ex instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException n) return n.getFile() + ": no such file";
        if (ex instanceof NoSuchFileException n) return n.getFile() + ": no such file";
        // a file the user named that the system will not let us read or write (permission, a folder for a file, a full disk)
        Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (io instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        return null;
    }

    public static void main(String[] args) {
        try {
            System.exit(commandLine().execute(args));
        } catch (OutOfMemoryError e) {
            // the inputs are sized before the work (PoissonTraceGenerator.checkFits); this is what the estimate missed
            System.err.println("cotenant: out of memory (" + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB heap); give fewer requests, "
                    + "points or traces, or more heap with COTENANT_JAVA_OPTS=-Xmx...");
            System.exit(3);
        }
    }
}
