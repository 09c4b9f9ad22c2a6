package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.report.ExperimentReport;
import dev.cotenant.experiments.results.FolderLock;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.runner.SweepEngine;
import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.simulator.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Declarative sweeps: run a built-in or a YAML experiment into a resumable result folder with a report.",
        subcommands = {ExperimentCommand.ListCommand.class, ExperimentCommand.ShowCommand.class, ExperimentCommand.RunCommand.class})
public final class ExperimentCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The built-in experiments and the paper figure each corresponds to.")
    static final class ListCommand implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            java.io.PrintWriter stdout = spec.commandLine().getOut();
            for (String name : BuiltinExperiments.names()) {
                ExperimentSpec s = BuiltinExperiments.load(name);
                stdout.printf(Locale.ROOT, "%-28s %3d points x %2d policies  %-40s %s%n", name, s.sweep().pointCount(),
                        s.policies().size(), s.paper(), s.title());
            }
            stdout.println("Run one: cotenant experiment run NAME [--quick] [--out DIR]; see docs/experiments.md.");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a built-in experiment's YAML spec (a template for your own).")
    static final class ShowCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "A built-in experiment (see 'cotenant experiment list').") String name;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            BuiltinExperiments.load(name);
            java.io.PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(BuiltinExperiments.yaml(name));
            stdout.flush();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run an experiment into OUT (metrics.csv, manifest.json, plots/, report.html). Rerunning into the same "
                    + "folder resumes: stored points are skipped. A folder holding another experiment's results is refused.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "A built-in experiment (see 'cotenant experiment list').")
        String name;

        @Option(names = "--spec", paramLabel = "FILE", description = "A YAML experiment spec instead of a built-in.")
        Path specFile;

        @Option(names = "--out", paramLabel = "DIR", description = "Result folder (default: results/experiments/NAME, or NAME-quick with --quick).")
        Path out;

        @Option(names = "--quick", description = "Shrink the experiment to run in seconds (fewer requests, seeds and axis values).")
        boolean quick;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Results do not depend on it.")
        Integer threads;

        @Option(names = "--no-progress", description = "No progress bar on stderr.")
        boolean noProgress;

        @Option(names = "--restart", description = "Discard stored results of this experiment in OUT (same name) instead of resuming.")
        boolean restart;

        @Option(names = "--allow-commit-change", description = "Resume OUT although its rows were computed on another git commit "
                + "(refused otherwise; the change is recorded in the manifest).")
        boolean allowCommitChange;

        @Mixin EngineSettings engine;

        @Spec CommandSpec commandSpec;

        @Override
        public Integer call() throws Exception {
            if ((name == null) == (specFile == null)) throw BadInputException.at("experiment run", "give a built-in NAME or --spec FILE (one of them)");
            SweepEngine sweepEngine = engine.sweepEngine(); // before any folder is made
            java.io.PrintWriter stdout = commandSpec.commandLine().getOut();
            ExperimentSpec spec = name != null ? BuiltinExperiments.load(name) : SpecReader.read(specFile);
            if (quick) spec = spec.quick();
            Path folder = out != null ? out : Path.of("results", "experiments", spec.name() + (quick ? "-quick" : ""));
            runAndReport(spec, folder, new ExperimentRunner.Options(workers(threads), !noProgress,
                    commandSpec.root().commandLine().getParseResult().originalArgs(), null, restart, allowCommitChange, LogStream.of(commandSpec))
                    .withEngine(sweepEngine), stdout);
            return 0;
        }
    }

    /** More worker threads than this is a typo, not a machine: each thread holds a kernel's buffers. */
    static final int MAX_THREADS = 1024;

    /** The worker threads {@code --threads} asks for, else one per core. */
    static int workers(Integer threads) {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1 || workers > MAX_THREADS) {
            throw BadInputException.at("--threads", "must be 1.." + MAX_THREADS + " (this machine has "
                    + Runtime.getRuntime().availableProcessors() + " cores), got " + workers);
        }
        return workers;
    }

    /**
     * Runs (or resumes) the experiment under its folder's lock, writes its charts and report, and prints a summary
     * ending with where the report is.
     */
    static Path runAndReport(ExperimentSpec spec, Path folder, ExperimentRunner.Options options, java.io.PrintWriter out) throws java.io.IOException {
        try (FolderLock lock = ResultFolder.lockExperiment(folder)) {
            Path report = runAndReportLocked(spec, folder, options, out);
            out.flush();
            return report;
        }
    }

    private static Path runAndReportLocked(ExperimentSpec spec, Path folder, ExperimentRunner.Options options, java.io.PrintWriter out)
            throws java.io.IOException {
        ExperimentRunner.Outcome outcome = ExperimentRunner.run(spec, folder, options.withReportFollowing());
        out.printf(Locale.ROOT, "%s: %d points (%d already stored, %d run) in %.1f s%n", spec.name(), outcome.pointsTotal(),
                outcome.pointsSkipped(), outcome.pointsRun(), outcome.wallSeconds());
        Path report = ExperimentReport.write(outcome.spec(), outcome.store().rows(), outcome.workload(), outcome.store().folder());
        ExperimentRunner.markComplete(outcome.store());
        ExperimentReport.printSummary(outcome.spec(), outcome.store().rows(), out);
        out.println("Results: " + outcome.store().folder() + " (metrics.csv, manifest.json, plots/)");
        out.println("Report:  " + report);
        return report;
    }
}
