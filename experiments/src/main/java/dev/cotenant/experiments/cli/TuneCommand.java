package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.report.TuningCharts;
import dev.cotenant.experiments.spec.SpecSetting;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.search.tune.Checkpoint;
import dev.cotenant.search.tune.TuningOutputs;
import dev.cotenant.search.tune.Objective;
import dev.cotenant.search.tune.SearchSpace;
import dev.cotenant.simulator.trace.TraceCsv;
import dev.cotenant.search.tune.Tuner;
import dev.cotenant.search.tune.TuningResult;
import dev.cotenant.search.tune.SearchAlgorithm;
import dev.cotenant.search.tune.TuningSettings;
import dev.cotenant.search.tune.ValidationReport;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cotenant tune}: the search and its reports. What it trains on is the setting's: the spec side of the setting
 * that runs {@code --scenario} ({@link SpecSetting#tuning}) turns the workload options into the setting and the
 * distribution of training and held-out traces, so this command has no branch per setting.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Tune a policy's parameters with a genetic algorithm on training traces, then compare it with its "
                + "published vector and every baseline on held-out traces.",
                "Writes OUT/best.json, OUT/history.csv, OUT/validation.csv, OUT/pareto.csv and OUT/front.png (Pareto objectives), "
                        + "OUT/convergence.png, OUT/checkpoint.json (every generation) and OUT/run.json."})
public final class TuneCommand implements Callable<Integer> {
    @Option(names = "--policy", required = true, paramLabel = "NAME", description = "Scheduler to tune (see 'cotenant schedulers').")
    String policy;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "A scenario of 'cotenant workloads list': its models, priorities, arrival rate and SLO range; for a periodic "
                    + "one (xr-*) its streams at its offered load (--loads to vary it) and its drop rule. "
                    + "A MoCA one (moca-SET-QOS, see 'cotenant workloads list') tunes a multi-tile policy on MoCA's model: training and "
                    + "held-out traces are MoCA's generator for that set from drawn seeds.")
    String scenarioName;

    @Option(names = "--samples", defaultValue = "64", paramLabel = "N", description = "Samples per model of a --scenario (default: ${DEFAULT-VALUE}).")
    int samplesPerModel;

    @Option(names = "--latency-dir", paramLabel = "DIR",
            description = "Folder of per-model latency CSVs, instead of --scenario. Default: the built-in '" + BuiltinLatencyDirectories.DEMO + "' directory.")
    Path latencyDir;

    @Option(names = "--seq-len", defaultValue = "" + SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH, paramLabel = "TOKENS",
            description = "Sequence length for Sanger-layout tables in --latency-dir (default: ${DEFAULT-VALUE}).")
    int sangerSequenceLength;

    @Option(names = "--traces", paramLabel = "PATH",
            description = "Tune on trace files (layout " + TraceCsv.HEADER + ", models of the latency tables) instead of generated "
                    + "traces: one CSV, or a folder of them, shuffled by --seed and split into training and held-out files in the "
                    + "ratio --train-traces : --validation-traces (at least one each; a single file is both). Not with --rates, "
                    + "--slo-mults or --requests, nor a MoCA scenario.")
    Path traces;

    @Option(names = "--rates", paramLabel = "LO:HI",
            description = "Arrival rates per second, drawn uniformly per trace from LO:HI (a list such as 2,3,4 spans its smallest to largest value; default: the scenario's rate, or 3).")
    String rates;

    @Option(names = "--slo-mults", paramLabel = "LO:HI",
            description = "SLO multipliers, drawn uniformly per trace from LO:HI (5,10 is the same range; default: the scenario's range, or 10).")
    String sloMultipliers;

    @Option(names = "--requests", paramLabel = "N", description = "Requests per trace (default: 200; MoCA's traces always have 250).")
    Integer requests;

    @Option(names = "--loads", paramLabel = "LO:HI", description = "MoCA scenarios: offered loads of four 2-tile partitions, uniform per "
            + "trace (default: the scenario's artifact trace's own load). Periodic scenarios (xr-*): offered loads of the one accelerator, "
            + "uniform per trace, every frame rate scaled by one factor (default: the scenario's own load).")
    String loads;

    @Option(names = "--artifact-runtime", description = "MoCA scenarios: the artifact's runtime as written instead of the physical one.")
    boolean artifactRuntime;

    @Option(names = "--train-traces", defaultValue = "8", paramLabel = "N", description = "Training traces, shared by every candidate (default: ${DEFAULT-VALUE}).")
    int trainingTraces;

    @Option(names = "--validation-traces", defaultValue = "16", paramLabel = "N", description = "Held-out traces (default: ${DEFAULT-VALUE}).")
    int validationTraces;

    @Option(names = "--objective", defaultValue = "violation_rate", paramLabel = "OBJ",
            description = "A metric, a weighted sum such as 'violation_rate+0.01*antt' (prefix min: or max: when terms disagree), "
                    + "or a comma-separated Pareto pair such as 'violation_rate,antt' (default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(names = "--bound", paramLabel = "NAME=LO:HI", description = "Narrow a parameter's search range (repeatable).")
    Map<String, String> bounds = new LinkedHashMap<>();

    @Option(names = "--generations", defaultValue = "20", paramLabel = "G", description = "Generations in total, across resumes (default: ${DEFAULT-VALUE}).")
    int generations;

    @Option(names = "--population", defaultValue = "16", paramLabel = "P", description = "Population size (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the traces and the search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-evaluations", defaultValue = "0", paramLabel = "N", description = "Stop after N candidate evaluations (0: no limit).")
    long maxEvaluations;

    @Option(names = "--max-seconds", defaultValue = "0", paramLabel = "S",
            description = "Stop after S seconds of search (0: no limit; makes where it stops depend on the machine).")
    double maxSeconds;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "G", description = "Stop when the best has not improved for G generations (0: never).")
    int patience;

    @Option(names = "--racing", paramLabel = "MARGIN", description = "Stop running a new candidate on the training traces once even "
            + "the best possible values on the rest cannot bring its mean within MARGIN of the best so far (a hard bound, not a test). "
            + "One-metric objectives, time-multiplexed setting; off by default. Changes the search from the second generation on.")
    Double racingMargin;

    @Option(names = "--search", defaultValue = "ga", paramLabel = "ALGO",
            description = "How candidates are proposed: ga (genetic algorithm, default), random (uniform random vectors) or "
                    + "es ((1+lambda) evolution strategy around the best so far, lambda = --population).")
    String search;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores; results do not depend on it).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder; holds the checkpoint.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in OUT.")
    boolean resume;

    @Mixin KernelSettings kernel;

    @Mixin ForceOption force;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        int workers = ExperimentCommand.workers(threads);
        Objective parsedObjective = Objective.parse(objective);
        Map<String, double[]> narrowed = new LinkedHashMap<>();
        bounds.forEach((name, range) -> narrowed.put(name, NumberSyntax.range("--bound " + name, range)));

        if (scenarioName != null && latencyDir != null) throw BadInputException.at("--scenario", "give --scenario or --latency-dir, not both");
        if (traces != null && (trainingTraces < 1 || validationTraces < 1)) {
            throw BadInputException.at("--train-traces", "the split ratio needs --train-traces and --validation-traces >= 1");
        }
        // the setting that runs the scenario builds the tuner's workload, as it builds an experiment's
        SpecSetting setting = SpecSetting.forScenario(scenarioName);
        setting.space(policy); // an unknown policy is refused before any table is built
        SpecSetting.Tuning tuning = setting.tuning(new SpecSetting.TuneOptions(scenarioName, latencyDir, samplesPerModel, sangerSequenceLength,
                traces, range("--rates", rates), range("--slo-mults", sloMultipliers), range("--loads", loads), requests, artifactRuntime,
                racingMargin != null, kernel::toKernelOptions));
        TuningSettings settings = new TuningSettings(policy, narrowed, tuning.traces(),
                trainingTraces, validationTraces, parsedObjective, population, generations, seed, maxEvaluations, maxSeconds,
                patience, workers).withRacing(racingMargin)
                .withSearch(SearchAlgorithm.parse(search));
        Tuner tuner = new Tuner(tuning.setting(), settings);
        if (!resume && Checkpoint.exists(out)) { // the tuner refuses it too; here in the command's words
            throw BadInputException.at(out.resolve(Checkpoint.FILE_NAME).toString(),
                    "a checkpoint of an earlier run is here; pass --resume to continue it, or choose another --out");
        }

        try (ResultFolder.InPlace claim = ResultFolder.claimInPlace(out, "tune", force.force, OUTPUT_FILES, latencyDir, traces)) {
            return run(manifest, parsedObjective, tuner, tuning.dataLabel(), tuning.kernelLabel(), tuning.setting().space(policy));
        }
    }

    /** The range {@code text} gives {@code option}; null when not given. */
    private static double[] range(String option, String text) {
        return text == null ? null : NumberSyntax.range(option, text);
    }

    /** Every file tune writes into OUT: the rule of {@link ResultFolder} keeps them apart from a user's. */
    static final List<String> OUTPUT_FILES = List.of(TuningOutputs.BEST, TuningOutputs.HISTORY, TuningOutputs.VALIDATION, TuningOutputs.PARETO,
            Checkpoint.FILE_NAME, TuningCharts.CONVERGENCE, TuningCharts.FRONT, ResultFolder.COMMAND_RECORD);

    private Integer run(RunManifest manifest, Objective parsedObjective, Tuner tuner, String dataLabel, String kernelLabel,
                        ParameterSpace policySpace) throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        TuningResult result = tuner.run(out, resume, (row, evaluationsPerSecond, dimensions) -> {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "tune: generation %d/%d  evaluations %d  %.1f evaluations/s (%.0f trace runs/s)",
                    row.generation(), generations, row.evaluations(), evaluationsPerSecond, evaluationsPerSecond * trainingTraces));
            for (int i = 0; i < dimensions.size(); i++) {
                String name = dimensions.size() == 1 ? parsedObjective.label() : dimensions.get(i);
                line.append(String.format(Locale.ROOT, "  best %s %.6g (mean %.6g)", name, row.best()[i], row.mean()[i]));
            }
            if (dimensions.size() > 1) line.append("  front ").append(row.frontSize());
            err.println(line);
            err.flush();
        });
        Map<String, Object> tuning = new LinkedHashMap<>();
        tuning.put("policy", policy);
        tuning.put("objective", parsedObjective.label());
        tuning.put("data", dataLabel);
        tuning.put("kernel", kernelLabel);
        tuning.put("stopped_by", result.search().stopReason().name().toLowerCase(Locale.ROOT));
        Tuner.TraceRuns runs = result.search().traceRuns();
        if (racingMargin != null) {
            tuning.put("racing_margin", racingMargin);
            tuning.put("training_trace_runs", runs.run());
            tuning.put("training_trace_runs_without_racing", runs.full());
            err.printf(Locale.ROOT, "tune: racing ran %d of %d candidate x training-trace runs (%.1f%% saved)%n", runs.run(), runs.full(),
                    runs.full() == 0 ? 0 : 100.0 * (runs.full() - runs.run()) / runs.full());
            err.flush();
        }
        warnAtBounds(result.space(), result.bestParameters(), policySpace, err);
        manifest.put("tuning", tuning);
        TuningCharts.write(out, result);
        manifest.write(out.resolve("run.json"));
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        print(result, parsedObjective, stdout);
        stdout.println("wrote " + out.toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }

    /** Within this share of the searched range (on the parameter's scale) of an end, a tuned value counts as on its bound. */
    static final double AT_BOUND = 0.01;

    /**
     * Warns about each tuned parameter that ended on an end of its searched range: the search could
     * not go further, so the best value may lie beyond it. Says whether the range can be widened
     * (a {@code --bound} narrower than the policy's own) or is the policy's own limit.
     */
    static void warnAtBounds(SearchSpace searchedSpace, double[] best, ParameterSpace policySpace, java.io.PrintWriter err) {
        if (best == null) return; // a front of several objectives has no single tuned vector
        for (int i = 0; i < best.length; i++) {
            Parameter searched = searchedSpace.bounds().get(i);
            if (searched.isCategorical()) continue; // a choice has no range to widen
            double position = searched.position(best[i]);
            if (position > AT_BOUND && position < 1 - AT_BOUND) continue;
            boolean low = position <= AT_BOUND;
            double edge = low ? searched.lower() : searched.upper();
            Parameter own = policySpace.get(policySpace.indexOf(searchedSpace.policyName(), searched.name()));
            boolean ownLimit = low ? edge <= own.lower() : edge >= own.upper();
            err.printf(Locale.ROOT, "tune: warning: %s = %.6g sits on the %s end of its search range [%.6g, %.6g]; the best value may lie beyond it%s%n",
                    searched.name(), best[i], low ? "lower" : "upper", searched.lower(), searched.upper(),
                    ownLimit ? " (that end is the policy's own limit)" : String.format(Locale.ROOT, " (widen it with --bound %s=LO:HI, within [%.6g, %.6g])",
                            searched.name(), own.lower(), own.upper()));
        }
        err.flush();
    }

    private static void print(TuningResult result, Objective objective, java.io.PrintWriter out) {
        List<Metric> metrics = objective.metrics();
        out.printf(Locale.ROOT, "%-28s", "held-out mean (std)");
        for (Metric m : metrics) out.printf(Locale.ROOT, " %26s", m.columnName());
        out.println();
        for (ValidationReport.Entry e : result.validationReport().entries()) {
            out.printf(Locale.ROOT, "%-28s", e.label());
            double[] means = e.means(true);
            for (Metric m : metrics) {
                double[] perTrace = java.util.Arrays.stream(e.validationMetrics()).mapToDouble(t -> t[m.ordinal()]).toArray();
                out.printf(Locale.ROOT, " %15.6g (%8.3g)", means[m.ordinal()], ValidationReport.std(perTrace));
            }
            out.println();
        }
        double[] best = result.bestParameters();
        if (best != null) {
            StringBuilder b = new StringBuilder("tuned:");
            for (int i = 0; i < best.length; i++) b.append(' ').append(result.space().bounds().get(i).name()).append('=')
                    .append(result.space().bounds().get(i).format(best[i]));
            out.println(b);
        }
        ValidationReport.Comparison c = result.validationReport().comparison();
        if (best != null) {
            out.printf(Locale.ROOT, "gain on held-out traces: %.6g +- %.3g (standard error), tuned better on %d of %d: %s%n",
                    c.meanPairedGain(), c.pairedGainStdError(), c.tracesTunedBetter(), c.validationTraces(),
                    c.gainHeld() ? "the gain held" : "the gain did NOT hold");
        } else {
            out.printf(Locale.ROOT, "front of %d points; %d dominate the published vector on held-out traces: %s%n",
                    result.search().front().size(), c.frontPointsDominatingDefault(), c.gainHeld() ? "the gain held" : "the gain did NOT hold");
        }
    }
}
