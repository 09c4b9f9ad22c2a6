package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.compare.GapComparison;
import dev.cotenant.experiments.report.GapChart;
import dev.cotenant.experiments.results.FolderLock;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.runner.SweepEngine;
import dev.cotenant.experiments.runner.ExperimentWorkload;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySources;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.trace.TraceCsv;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * {@code cotenant compare}: a spec builder over the one runner. Per workload its options become an
 * experiment spec (the policies, then an {@code optimum} entry holding the optimiser's and the
 * certification's settings; the sweep over loads, SLO multipliers and seeds), which
 * {@link ExperimentRunner} runs into {@code OUT/WORKLOAD/} (parallel, resumable per point); the gap
 * tables are then a report over the stored rows ({@link GapComparison}).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Gap of every published heuristic (and of tuned or learned policies) to the offline optimum and to the lower bound,",
                "per workload, arrival rate (or offered load) and SLO multiplier, averaged over seeds.",
                "Runs one experiment per workload into OUT/WORKLOAD (manifest.json, metrics.csv; a rerun resumes at the first point not stored),",
                "then writes OUT/gaps.csv and OUT/gaps.png and prints the per-workload means."})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--scenario", split = ",", paramLabel = "NAME",
            description = "Time-multiplexed scenario(s) of 'cotenant workloads list' (repeatable or a comma list). A periodic one (xr-*) "
                    + "sweeps --loads (default: its own load) with its drop rule and no SLO multiplier.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--samples", defaultValue = "64", paramLabel = "N",
            description = "Samples per model of a --scenario (default: ${DEFAULT-VALUE}, as 'cotenant tune').")
    int samplesPerModel;

    @Option(names = "--latency-dir", paramLabel = "DIR", description = "Folder(s) of per-model latency CSVs (repeatable).")
    List<Path> latencyDirs = new ArrayList<>();

    @Option(names = "--builtin", paramLabel = "NAME",
            description = "The built-in synthetic directory '" + BuiltinLatencyDirectories.DEMO + "'. Used alone when no workload is given.")
    String builtin;

    @Option(names = "--seq-len", defaultValue = "" + SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH, paramLabel = "TOKENS",
            description = "Sequence length for Sanger-layout tables of a --latency-dir (default: ${DEFAULT-VALUE}).")
    int sangerSequenceLength;

    @Option(names = "--rates", paramLabel = "LIST",
            description = "Arrival rates per second: a list such as 2,3,4, LO:HI:STEP (2:4:1 is the same) or LO:HI for its two ends; repeatable. Give this or --loads.")
    List<String> rates;

    @Option(names = "--loads", paramLabel = "LIST",
            description = "Offered loads, each turned into each workload's own arrival rate: a list such as 0.6,0.9 or LO:HI:STEP; repeatable. Give this or --rates.")
    List<String> loads;

    @Option(names = "--traces", paramLabel = "PATH",
            description = "Compare on trace files instead of generated traces: one CSV of 'cotenant trace', or a folder of them, over "
                    + "the latency tables of the one --builtin, --latency-dir or --scenario given (default: the built-in one). Each file "
                    + "is a cell, run as it is: not with --rates, --loads, --slo-mults, --seeds or --requests.")
    Path traces;

    @Option(names = "--slo-mults", paramLabel = "LIST",
            description = "SLO multipliers: a list such as 5,10 (5:10 names the same two ends; LO:HI:STEP for evenly spaced values; repeatable). "
                    + "Required unless --traces.")
    List<String> sloMultipliers;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Traces per cell, generator seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--requests", defaultValue = "200", paramLabel = "N", description = "Requests per trace (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--schedulers", defaultValue = "all", paramLabel = "LIST",
            description = "Policies compared (default: ${DEFAULT-VALUE}, and the EDF family with a periodic --scenario; with --predictor, 'all' adds the learned ones): NAME, "
                    + "NAME:PARAM=VALUE[,PARAM=VALUE], a tuner's best.json, each optionally LABEL=SOURCE.")
    String schedulers;

    @Option(names = "--policy", paramLabel = "[LABEL=]SOURCE",
            description = "More policies, as --schedulers takes them; typically a tuner's best.json (cotenant tune), labelled LABEL "
                    + "(default: its parameters that differ from the published ones, e.g. dysta:beta=0.001). Repeatable.")
    List<String> tunedPolicies = new ArrayList<>();

    @Option(names = "--predictor", paramLabel = "FILE",
            description = "Trained predictor for dysta-learned / sjf-learned: predictor.txt or predictor.zip from train-predictor.")
    Path predictor;

    @Mixin OptimalSettings optimal;

    @Option(names = "--out", required = true, paramLabel = "OUT",
            description = "Result folder: one experiment folder per workload (manifest.json, metrics.csv), then gaps.csv and gaps.png.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Results do not depend on it "
            + "while --moves-per-request, not --time-limit, ends the searches.")
    Integer threads;

    @Option(names = "--restart", description = "Discard the rows stored by an earlier run of other options instead of refusing them.")
    boolean restart;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Mixin EngineSettings engine;

    @Spec CommandSpec spec;

    /** The label of the optimum entry (its rows and its bounds' rows carry it). */
    static final String OPTIMUM = "optimal";
    static final String GAPS_CSV = "gaps.csv", GAPS_PNG = "gaps.png";

    @Override
    public Integer call() throws Exception {
        // Everything that can be wrong with the input is found before the first solve.
        int threadCount = ExperimentCommand.workers(threads);
        SweepEngine sweepEngine = engine.sweepEngine();
        Map<String, ExperimentSpec.WorkloadSpec> workloads = workloads();
        PolicySpec.Optimum optimum = optimal.toOptimum();
        boolean anyPeriodic = workloads.values().stream().anyMatch(this::periodic);
        List<PolicySpec> entries = new ArrayList<>(policies(anyPeriodic));
        entries.add(new PolicySpec(OPTIMUM, null, "optimum", null, null, optimum));
        Set<String> labels = new HashSet<>();
        for (PolicySpec p : entries) {
            for (String label : p.rowLabels()) {
                String problem = PolicySpec.labelProblem(label, labels);
                if (problem != null) throw BadInputException.at("--policy", problem + "; give one with --policy LABEL=FILE");
            }
        }
        boolean anyPoisson = workloads.values().stream().anyMatch(w -> !periodic(w));
        Map<String, ExperimentSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, ExperimentSpec.WorkloadSpec> w : workloads.entrySet()) {
            boolean periodic = periodic(w.getValue());
            ExperimentSpec.SweepSpec sweep = traces != null ? traceSweep() : generatedSweep(periodic, anyPoisson);
            // a periodic scenario runs with its drop rule, as in a spec; its deadlines come from its frames
            KernelOptions kernel = periodic ? KernelOptions.PUBLISHED.withDrop(Scenarios.byName(w.getKey()).drop()) : KernelOptions.PUBLISHED;
            List<Metric> metrics = new ArrayList<>(List.of(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE, Metric.ANTT, Metric.VIOLATION_RATE));
            if (periodic) metrics.addAll(List.of(Metric.XR_SCORE, Metric.WORST_MODEL_MISS_RATE, Metric.DROP_RATE));
            ExperimentSpec s = new ExperimentSpec("compare-" + w.getKey(), "Gaps to the offline optimum on " + w.getKey(),
                    "Sparse-DySta's heuristics against the offline optimum (cotenant compare)", "", w.getValue(), kernel, entries, sweep, metrics);
            new ExperimentWorkload(s); // tables and trace files are read here, so a bad workload is refused before any folder is made
            specs.put(w.getKey(), s);
        }
        checkOut(specs.keySet());

        PrintWriter stdout = spec.commandLine().getOut();
        List<String> commandLine = spec.root().commandLine().getParseResult().originalArgs();
        List<GapComparison.Row> rows = new ArrayList<>();
        boolean fresh = !Files.exists(out);
        try {
            for (Map.Entry<String, ExperimentSpec> e : specs.entrySet()) {
                Path folder = out.resolve(e.getKey());
                try (FolderLock lock = ResultFolder.lockExperiment(folder)) {
                    ExperimentRunner.Outcome outcome = ExperimentRunner.run(e.getValue(), folder,
                            new ExperimentRunner.Options(threadCount, !noProgress, commandLine, listener, restart).withLog(LogStream.of(spec)).withEngine(sweepEngine));
                    stdout.printf(Locale.ROOT, "%s: %d points (%d already stored, %d run) in %.1f s%n", e.getKey(), outcome.pointsTotal(),
                            outcome.pointsSkipped(), outcome.pointsRun(), outcome.wallSeconds());
                    rows.addAll(GapComparison.fromStored(e.getKey(), outcome.spec(), outcome.workload(), outcome.store().rows()));
                }
            }
        } catch (BadInputException e) {
            if (fresh) deleteIfEmpty(out); // the runner removed the experiment folder it had just made
            throw e;
        }
        Path csv = out.resolve(GAPS_CSV);
        AtomicFiles.write(csv, w -> {
            for (String line : GapComparison.csvLines(rows)) w.write(line + "\n");
        });
        GapChart.write(rows, out.resolve(GAPS_PNG));
        printSummary(GapComparison.summarize(rows), stdout);
        stdout.println("wrote " + out.toAbsolutePath().normalize() + " (" + String.join("/, ", specs.keySet()) + "/, " + GAPS_CSV + ", " + GAPS_PNG + ")");
        stdout.flush();
        return 0;
    }

    /**
     * Generated traces per (load, SLO multiplier) cell, seeds 1..N. A periodic scenario's cells are its
     * offered loads alone (its own load without --loads): its deadlines come from its frames.
     */
    private ExperimentSpec.SweepSpec generatedSweep(boolean periodic, boolean anyPoisson) {
        if (seeds < 1) throw BadInputException.at("--seeds", "must be >= 1, got " + seeds);
        if (requests < 1) throw BadInputException.at("--requests", "must be >= 1, got " + requests);
        List<Long> seedList = LongStream.rangeClosed(1, seeds).boxed().toList();
        if (periodic) {
            if (rates != null) throw BadInputException.at("--rates", "a periodic scenario has a frame rate per stream, not one arrival rate: give --loads");
            if (sloMultipliers != null && !anyPoisson) {
                throw BadInputException.at("--slo-mults", "does not apply to periodic scenarios: each frame's deadline is its stream's next frame");
            }
            if (loads == null) return new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO, List.of(Double.NaN), List.of(), seedList);
            return new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.OFFERED_LOAD, NumberSyntax.positives("--loads", String.join(",", loads)), List.of(), seedList);
        }
        if ((rates == null) == (loads == null)) throw BadInputException.at("--rates", "give --rates or --loads (one of them)");
        if (sloMultipliers == null) throw BadInputException.at("--slo-mults", "required (unless --traces)");
        String loadOption = rates != null ? "--rates" : "--loads";
        List<Double> loadValues = NumberSyntax.positives(loadOption, String.join(",", rates != null ? rates : loads));
        List<Double> slos = NumberSyntax.positives("--slo-mults", String.join(",", sloMultipliers));
        return new ExperimentSpec.SweepSpec(rates != null ? ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S : ExperimentSpec.LoadAxis.OFFERED_LOAD,
                loadValues, slos, seedList);
    }

    private boolean periodic(ExperimentSpec.WorkloadSpec w) {
        return traces == null && w.source() == ExperimentSpec.Source.SCENARIO && Scenarios.byName(w.sourceName()).isPeriodic();
    }

    /** Trace files as they are: nothing to sweep but the files (as a spec's {@code workload.traces}). */
    private ExperimentSpec.SweepSpec traceSweep() {
        for (String option : List.of("--rates", "--loads", "--slo-mults", "--seeds", "--requests")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw BadInputException.at(option, "a trace file carries its own arrivals, targets and requests: not with --traces");
            }
        }
        return new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO, List.of(), List.of(), List.of(0L));
    }

    /** Told after each stored batch; tests throw from it to interrupt a run. */
    static ExperimentRunner.BatchListener listener;

    /**
     * OUT holds this command's workload folders and gap files only. The layout before compare ran on the
     * experiment runner (run.json, a checkpoint beside OUT) is refused in one line: its rows cannot be resumed.
     */
    private void checkOut(Set<String> workloads) throws IOException {
        if (!Files.isDirectory(out)) return;
        if (Files.exists(out.resolve("run.json"))) {
            throw BadInputException.at(out.toString(), "holds a 'cotenant compare' result of the layout before version 2 (run.json); "
                    + "it cannot be resumed: give another --out or move it away");
        }
        try (Stream<Path> entries = Files.list(out)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (!workloads.contains(name) && !name.equals(GAPS_CSV) && !name.equals(GAPS_PNG)) {
                    throw BadInputException.at(out.toString(), "holds '" + name + "', which is not one of this comparison's workloads "
                            + workloads + " nor its gap files; give another --out");
                }
            }
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) Files.delete(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was made
        }
    }

    /** Each workload under the name its folder and rows carry, built as the spec reader builds a spec's. */
    private Map<String, ExperimentSpec.WorkloadSpec> workloads() {
        Map<String, ExperimentSpec.WorkloadSpec> workloads = new LinkedHashMap<>();
        if (builtin != null) {
            if (!builtin.equals(BuiltinLatencyDirectories.DEMO)) {
                throw BadInputException.at("--builtin", "unknown built-in latency directory '" + builtin + "'; known: " + BuiltinLatencyDirectories.DEMO);
            }
            put(workloads, "--builtin", builtin, new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.BUILTIN, builtin, samplesPerModel, requests,
                    sangerSequenceLength));
        }
        for (Path dir : latencyDirs) {
            Path absolute = dir.toAbsolutePath().normalize();
            String name = absolute.getFileName() == null ? dir.toString() : absolute.getFileName().toString();
            put(workloads, "--latency-dir", name, new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.LATENCY_DIR, absolute.toString(),
                    samplesPerModel, requests, sangerSequenceLength));
        }
        for (String given : scenarios) {
            String name = given.trim();
            try {
                Scenarios.byName(name);
            } catch (BadInputException e) {
                throw BadInputException.at("--scenario", e.getMessage());
            }
            if (samplesPerModel < 2) throw BadInputException.at("--samples", "must be >= 2, got " + samplesPerModel);
            put(workloads, "--scenario", name, new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.SCENARIO, name, samplesPerModel, requests,
                    sangerSequenceLength));
        }
        if (workloads.isEmpty()) {
            workloads.put(BuiltinLatencyDirectories.DEMO, new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.BUILTIN, BuiltinLatencyDirectories.DEMO,
                    samplesPerModel, requests, sangerSequenceLength));
        }
        if (traces == null) return workloads;
        // the files name models of one set of tables: the workload is the files, over those tables
        if (workloads.size() != 1) throw BadInputException.at("--traces", "give at most one of --builtin, --latency-dir, --scenario for the files' tables");
        ExperimentSpec.WorkloadSpec tables = workloads.values().iterator().next();
        List<String> files = TraceCsv.files(traces).stream().map(f -> f.toAbsolutePath().normalize().toString()).toList();
        Path name = traces.toAbsolutePath().normalize().getFileName();
        return Map.of(name == null ? "traces" : name.toString(), new ExperimentSpec.WorkloadSpec(tables.source(), tables.sourceName(),
                tables.samplesPerModel(), 0, tables.sangerSequenceLength(), files));
    }

    private static void put(Map<String, ExperimentSpec.WorkloadSpec> workloads, String option, String name, ExperimentSpec.WorkloadSpec w) {
        if (workloads.put(name, w) != null) throw BadInputException.at(option, "workload '" + name + "' is given twice");
    }

    /** What --schedulers' default becomes when a workload is periodic: the published heuristics and the EDF family. */
    static final String PERIODIC_SCHEDULERS = "all,edf,edf-demote,rate-monotonic,least-laxity";

    private List<PolicySpec> policies(boolean anyPeriodic) {
        LearnedGamma learned = PolicySources.predictor(predictor);
        boolean named = spec.commandLine().getParseResult().hasMatchedOption("--schedulers");
        PolicySources sources = new PolicySources(learned, "--predictor FILE").add("--schedulers", anyPeriodic && !named ? PERIODIC_SCHEDULERS : schedulers);
        for (String given : tunedPolicies) sources.add("--policy", given);
        return sources.policies("--schedulers");
    }

    /** The headline: per workload, each policy's mean gaps over the cells. */
    private static void printSummary(List<GapComparison.Summary> summary, PrintWriter out) {
        out.println("| scenario | policy | weighted missed | gap to optimum | gap to certified bound | gap to bound | ANTT | ANTT gap to optimum | ANTT gap to bound | traces better than optimum |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        String last = null;
        for (GapComparison.Summary s : summary) {
            if (!s.workload().equals(last) && Double.isNaN(s.optimalWeightedMissed())) {
                out.printf(Locale.ROOT, "| %s | optimal: not run on these traces (said above) | | | | | | | | |%n", s.workload());
                last = s.workload();
            }
            if (!s.workload().equals(last)) {
                // The optimum's misses: proven on a share of the traces, else bracketed by the certified bound.
                out.printf(Locale.ROOT, "| %s | optimal (misses proven on %.0f%% of traces, certified bound %.2f) | %.2f | 0 | %.2f | %.2f | %.3f | 0 | %.3f | |%n",
                        s.workload(), 100 * s.missesProvenShare(), s.certifiedBoundWeightedMissed(), s.optimalWeightedMissed(),
                        s.optimalWeightedMissed() - s.certifiedBoundWeightedMissed(), s.optimalWeightedMissed() - s.boundWeightedMissed(),
                        s.optimalAntt(), s.optimalAntt() - s.boundAntt());
                last = s.workload();
            }
            out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %d |%n", s.workload(), s.policy(), s.weightedMissed(),
                    s.missedGapToOptimal(), s.missedGapToCertified(), s.missedGapToBound(), s.antt(), s.anttGapToOptimal(), s.anttGapToBound(),
                    s.seedsBetterThanOptimal());
        }
    }
}
