package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.plugin.Plugins;
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

    /** Jars (or folders of jars) named by {@code --plugins}, loaded once the command line has parsed. */
    private final java.util.List<java.nio.file.Path> pluginPaths = new java.util.ArrayList<>();

    @CommandLine.Option(names = "--plugins", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = "A jar of your own schedulers or MoCA policies, or a folder of such jars (docs/extending.md); repeatable.")
    void plugins(java.nio.file.Path path) { pluginPaths.add(path); }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
            String message = ex instanceof BadInputException b ? CliVocabulary.render(b, commandLine.getCommandSpec()) : badInputMessage(ex);
            if (message == null) throw ex;
            commandLine.getErr().println("cotenant " + commandLine.getCommandName() + ": " + message);
            return BAD_INPUT;
        });
        cli.setParameterExceptionHandler(CotenantCli::parseError);
        CotenantCli root = cli.getCommand();
        cli.setExecutionStrategy(parseResult -> {
            // plug-ins join the registries before any command reads them; a bad one is bad input like any other
            try {
                for (java.nio.file.Path p : root.pluginPaths) Plugins.load(p);
            } catch (BadInputException e) {
                CommandLine last = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1);
                last.getErr().println("cotenant " + last.getCommandName() + ": " + e.getMessage());
                return BAD_INPUT;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        listCommandsBySentence(cli);
        // One writer per stream for the whole tree (picocli would make one per command on first use), so what any
        // command prints goes through the same buffer in order; a caller's setOut/setErr replaces both for all.
        cli.setOut(cli.getOut());
        cli.setErr(cli.getErr());
        return cli;
    }

    /**
     * A malformed command line: one line naming the problem and where the help is, not the whole
     * usage (36-70 lines that bury the one line that matters). Exit status 2, as for other bad input.
     */
    static int parseError(CommandLine.ParameterException ex, String[] args) {
        CommandLine failed = ex.getCommandLine();
        String path = failed.getCommandSpec().qualifiedName(" ");
        String message = ex.getMessage().strip().replace(System.lineSeparator(), " ");
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", u.getSuggestions().subList(0, Math.min(3, u.getSuggestions().size()))) + "?)";
        }
        failed.getErr().println(path + ": " + message + "; see '" + path + " --help'");
        return BAD_INPUT;
    }

    /**
     * Command lists show each command's first whole sentence. Picocli shows the first element of a
     * description array, and descriptions are written as hard-wrapped arrays, so the list cut them
     * mid-sentence ("... to the lower bound,").
     */
    static void listCommandsBySentence(CommandLine cli) {
        if (cli.getSubcommands().isEmpty()) return;
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            if (help.subcommands().isEmpty()) return "";
            int nameWidth = help.subcommands().keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
            int width = help.commandSpec().usageMessage().width();
            CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                    new CommandLine.Help.Column(nameWidth + 2, 2, CommandLine.Help.Column.Overflow.SPAN),
                    new CommandLine.Help.Column(Math.max(20, width - nameWidth - 2), 2, CommandLine.Help.Column.Overflow.WRAP));
            table.setAdjustLineBreaksForWideCJKCharacters(false);
            help.subcommands().forEach((name, sub) -> table.addRowValues(help.colorScheme().commandText(name),
                    help.colorScheme().text(firstSentence(sub.commandSpec().usageMessage().description()))));
            return table.toString();
        });
        for (CommandLine sub : cli.getSubcommands().values()) listCommandsBySentence(sub);
    }

    /** The first sentence of a description written as one string or as hard-wrapped lines. */
    static String firstSentence(String[] description) {
        String text = String.join(" ", description).replaceAll("\\s+", " ").strip();
        String[] sentences = text.split("(?<=[.!?])\\s+(?=[A-Z'(])", 2);
        return sentences[0];
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
        CommandLine cli = commandLine();
        int status;
        try {
            status = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // the inputs are sized before the work (PoissonTraceGenerator.checkFits); this is what the estimate missed
            cli.getErr().println("cotenant: out of memory (" + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB heap); give fewer requests, "
                    + "points or traces, or more heap with COTENANT_JAVA_OPTS=-Xmx...");
            status = 3;
        } finally {
            // the writers flush on println and printf only: a last print() (a YAML spec, a table) is still buffered
            cli.getOut().flush();
            cli.getErr().flush();
        }
        System.exit(status);
    }
}
