package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.compare.CompareCheckpoint;
import dev.cotenant.experiments.compare.CompareWorkload;
import dev.cotenant.experiments.compare.GapComparison;
import dev.cotenant.experiments.report.GapChart;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.spec.PolicySources;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.policy.LearnedGamma;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Gap of every published heuristic (and of tuned or learned policies) to the offline optimum and to the lower bound,",
                "per workload, arrival rate (or offered load) and SLO multiplier, averaged over seeds.",
                "Writes OUT/gaps.csv, OUT/gaps.png and OUT/run.json; prints the per-workload means.",
                "Resumable: each solved trace is checkpointed in .OUT.compare-checkpoint next to OUT, and a rerun with the same options",
                "solves only the traces still missing (other options start over); the checkpoint is deleted once OUT is written."})
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--scenario", split = ",", paramLabel = "NAME",
            description = "Time-multiplexed scenario(s) of 'cotenant workloads list' (repeatable or a comma list).")
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

    @Option(names = "--slo-mults", required = true, paramLabel = "LIST",
            description = "SLO multipliers: a list such as 5,10 (5:10 names the same two ends; LO:HI:STEP for evenly spaced values; repeatable).")
    List<String> sloMultipliers;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Traces per cell, generator seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--requests", defaultValue = "200", paramLabel = "N", description = "Requests per trace (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--schedulers", defaultValue = "all", paramLabel = "LIST",
            description = "Policies compared (default: ${DEFAULT-VALUE}; with --predictor, 'all' adds the learned ones): NAME, "
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

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (replaced atomically on success).")
    Path out;

    @Mixin ForceOption force;

    @Spec CommandSpec spec;

    /** Told after each trace is solved and checkpointed; tests throw from it to interrupt a run. */
    static GapComparison.Progress traceListener;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        try (ResultFolder folder = ResultFolder.claim(out, "compare", force.force, inputs())) {
            return run(manifest, folder);
        }
    }

    private Integer run(RunManifest manifest, ResultFolder folder) throws Exception {
        // Everything that can be wrong with the input is found before the first solve.
        if (seeds < 1) throw BadInputException.at("--seeds", "must be >= 1, got " + seeds);
        if ((rates == null) == (loads == null)) throw BadInputException.at("--rates", "give --rates or --loads (one of them)");
        OfflineOptimizer.Settings optimizer = optimal.toSettings();
        List<PolicySpec> policies = policies();
        GapComparison.Settings settings = new GapComparison.Settings(workloads(),
                rates != null ? GapComparison.LoadAxis.ARRIVAL_RATE_PER_S : GapComparison.LoadAxis.OFFERED_LOAD,
                rates != null ? NumberSyntax.list("--rates", String.join(",", rates)) : NumberSyntax.list("--loads", String.join(",", loads)),
                NumberSyntax.list("--slo-mults", String.join(",", sloMultipliers)), LongStream.rangeClosed(1, seeds).boxed().toList(), requests, policies, optimizer);

        PrintWriter err = spec.commandLine().getErr();
        Path checkpointFolder = ResultFolder.checkpointFolder(out, "compare");
        CompareCheckpoint checkpoint = CompareCheckpoint.open(checkpointFolder, settings, err);
        int resumed = checkpoint.size();
        if (checkpoint.size() > 0) {
            err.printf(Locale.ROOT, "compare: resuming: %d of %d traces already solved (%s)%n", checkpoint.size(), settings.traceCount(), checkpointFolder);
            err.flush();
        }
        List<GapComparison.Row> rows = GapComparison.run(settings, checkpoint, step -> {
            GapComparison.Cell c = step.cell();
            GapComparison.TraceResult s = step.result();
            err.printf(Locale.ROOT, "compare: %s load %.3g (%.3g/s) slo %s seed %d done (%d/%d), %.1f s, %s, %s; elapsed %s, ETA %s%n",
                    c.workload(), c.offeredLoad(), c.ratePerSecond(), c.sloMultiplier(), step.seed(), step.done(), step.total(), s.seconds(),
                    s.missesProven() ? String.format(Locale.ROOT, "weighted misses %.0f proven optimal", s.optimalWeightedMissed())
                            : String.format(Locale.ROOT, "weighted misses bracketed [%.0f, %.0f] (%d of %d busy periods proven)",
                                    s.certifiedBoundWeightedMissed(), s.optimalWeightedMissed(), s.partsMissesProven(), s.parts()),
                    s.proven() ? "order proven in family" : s.partsStoppedByTimeLimit() > 0 ? "search ended by --time-limit" : "order not proven in family",
                    duration(step.elapsedSeconds()), duration(step.etaSeconds()));
            err.flush();
            if (traceListener != null) traceListener.traceSolved(step);
        });

        // their optimum depends on this machine's speed, not on the options alone
        long clockEnded = checkpoint.traces().stream().filter(t -> t.partsStoppedByTimeLimit() > 0).count();
        if (clockEnded > 0) {
            err.printf(Locale.ROOT, "warning: compare: on %d of %d traces --time-limit ended a search before its move budget; their optimum depends "
                    + "on this machine's speed (give --moves-per-request and a longer --time-limit for results that do not)%n", clockEnded,
                    settings.traceCount());
            err.flush();
        }
        { // the claimed folder: files are staged until the commit
            GapComparison.writeCsv(rows, folder.file("gaps.csv"));
            GapChart.write(rows, folder.file("gaps.png"));
            Map<String, Object> workloads = new LinkedHashMap<>();
            for (CompareWorkload w : settings.workloads()) {
                workloads.put(w.name(), Map.of("source", w.provenance(), "rate_per_s_at_load_1", w.ratePerSecondAtFullLoad()));
            }
            Map<String, Object> compared = new LinkedHashMap<>();
            for (PolicySpec p : policies) compared.put(p.label(), p.origin());
            manifest.put("workloads", workloads).put("load_axis", settings.loadAxis().name().toLowerCase(Locale.ROOT))
                    .put("loads", settings.loads()).put("slo_mults", settings.sloMultipliers()).put("seeds", settings.seeds())
                    .put("requests", requests).put("resumed_traces", resumed).put("traces_with_search_ended_by_time_limit", clockEnded).put("policies", compared).put("optimizer", optimizer.toString())
                    .write(folder.file("run.json"));
            folder.commit();
        }
        checkpoint.delete(); // only now: OUT holds everything it held
        printSummary(GapComparison.summarize(rows));
        System.out.println("wrote " + out.toAbsolutePath().normalize() + " (gaps.csv, gaps.png, run.json)");
        return 0;
    }

    /** What the comparison reads: --out may not be one of these. */
    private Path[] inputs() {
        List<Path> in = new ArrayList<>(latencyDirs);
        in.add(predictor);
        for (String given : tunedPolicies) {
            int eq = given.indexOf('=');
            in.add(Path.of(eq > 0 ? given.substring(eq + 1) : given));
        }
        return in.toArray(Path[]::new);
    }

    private List<CompareWorkload> workloads() {
        List<CompareWorkload> workloads = new ArrayList<>();
        if (builtin != null) workloads.add(CompareWorkload.builtin(builtin));
        for (Path dir : latencyDirs) workloads.add(CompareWorkload.latencyDirectory(dir, sangerSequenceLength));
        for (String name : scenarios) workloads.add(CompareWorkload.scenario(name.trim(), samplesPerModel));
        if (workloads.isEmpty()) workloads.add(CompareWorkload.builtin(BuiltinLatencyDirectories.DEMO));
        return workloads;
    }

    private List<PolicySpec> policies() {
        LearnedGamma learned = PolicySources.predictor(predictor);
        PolicySources sources = new PolicySources(learned, "--predictor FILE").add("--schedulers", schedulers);
        for (String given : tunedPolicies) sources.add("--policy", given);
        List<PolicySpec> policies = sources.policies("--schedulers");
        return policies;
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s"
                : (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", s / 60 % 60) + "m";
    }

    /** The headline: per workload, each policy's mean gaps over the cells. */
    private static void printSummary(List<GapComparison.Summary> summary) {
        System.out.println("| scenario | policy | weighted missed | gap to optimum | gap to certified bound | gap to bound | ANTT | ANTT gap to optimum | ANTT gap to bound | traces better than optimum |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        String last = null;
        for (GapComparison.Summary s : summary) {
            if (!s.workload().equals(last)) {
                // The optimum's misses: proven on a share of the traces, else bracketed by the certified bound.
                System.out.printf(Locale.ROOT, "| %s | optimal (misses proven on %.0f%% of traces, certified bound %.2f) | %.2f | 0 | %.2f | %.2f | %.3f | 0 | %.3f | |%n",
                        s.workload(), 100 * s.missesProvenShare(), s.certifiedBoundWeightedMissed(), s.optimalWeightedMissed(),
                        s.optimalWeightedMissed() - s.certifiedBoundWeightedMissed(), s.optimalWeightedMissed() - s.boundWeightedMissed(),
                        s.optimalAntt(), s.optimalAntt() - s.boundAntt());
                last = s.workload();
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %d |%n", s.workload(), s.policy(), s.weightedMissed(),
                    s.missedGapToOptimal(), s.missedGapToCertified(), s.missedGapToBound(), s.antt(), s.anttGapToOptimal(), s.anttGapToBound(),
                    s.seedsBetterThanOptimal());
        }
    }
}
