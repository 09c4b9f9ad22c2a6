package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The built-in experiment {@code demo}: a small arrival-rate sweep over every scheduler on the
 * built-in synthetic tables, so a fresh clone shows the whole path (spec, sweep, result store,
 * charts, report) in seconds with no download.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The built-in 'demo' experiment: every scheduler on the built-in synthetic latency directory, 1000 Poisson "
                + "requests at 4, 6, 8 and 10 requests/s, SLO multiplier 10, seeds 1-3; ends by printing where its report is.")
public final class DemoCommand implements Callable<Integer> {
    static final String EXPERIMENT = "demo";

    @Option(names = "--out", defaultValue = "results/demo", paramLabel = "OUT", description = "Result folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Spec CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        commandSpec.commandLine().getOut().println("Built-in latency directory '" + BuiltinLatencyDirectories.DEMO + "' (SYNTHETIC: "
                + BuiltinLatencyDirectories.describe(BuiltinLatencyDirectories.DEMO) + ")");
        ExperimentSpec spec = BuiltinExperiments.load(EXPERIMENT);
        // Restart: a demo rerun after a code change should show the new code's numbers, not resume the old ones.
        ExperimentCommand.runAndReport(spec, out, new ExperimentRunner.Options(Runtime.getRuntime().availableProcessors(), !noProgress,
                commandSpec.root().commandLine().getParseResult().originalArgs(), null, true).withLog(LogStream.of(commandSpec)),
                commandSpec.commandLine().getOut());
        return 0;
    }
}
