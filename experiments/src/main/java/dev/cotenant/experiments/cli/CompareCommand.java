package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.ScheduleObjective;
import dev.cotenant.search.optimal.ScheduleObjective.Cost;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.Evaluator;
import dev.cotenant.simulator.evaluate.PolicyRun;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Gap of every published heuristic to the offline optimum (and to the lower bound), per arrival rate and SLO multiplier,",
                "averaged over seeds. Writes OUT/gaps.csv and OUT/run.json."})
public final class CompareCommand implements Callable<Integer> {
    static final String HEADER = "rate_per_s,slo_mult,scheduler,seeds,violation_rate,optimal_violation_rate,"
            + "weighted_missed_deadlines,optimal_weighted_missed_deadlines,bound_weighted_missed_deadlines,"
            + "missed_gap_to_optimal,missed_gap_to_bound,antt,optimal_antt,bound_antt,antt_gap_to_optimal,antt_gap_to_bound,optimal_proven_share";

    @Option(names = "--latency-dir", paramLabel = "DIR", description = "Folder of per-model latency CSVs. Default: the built-in synthetic directory.")
    Path latencyDir;

    @Option(names = "--seq-len", defaultValue = "" + SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH, paramLabel = "TOKENS",
            description = "Sequence length for Sanger-layout tables (default: ${DEFAULT-VALUE}).")
    int sangerSequenceLength;

    @Option(names = "--rates", required = true, split = ",", paramLabel = "LIST", description = "Arrival rates per second, e.g. 2,3,4.")
    double[] rates;

    @Option(names = "--slo-mults", required = true, split = ",", paramLabel = "LIST", description = "SLO multipliers, e.g. 5,10.")
    double[] sloMultipliers;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Traces per (rate, SLO) cell, seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--requests", defaultValue = "200", paramLabel = "N", description = "Requests per trace (default: ${DEFAULT-VALUE}).")
    int requests;

    @Mixin OptimalSettings optimal;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (replaced atomically on success).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        if (seeds < 1) throw BadInputException.at("--seeds", "must be >= 1, got " + seeds);
        OfflineOptimizer.Settings settings = optimal.toSettings();
        ScheduleObjective objective = settings.objective();
        LatencyDirectory directory = latencyDir == null ? BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO)
                : LatencyCsv.loadDirectory(latencyDir, sangerSequenceLength);
        CompiledWorkload workload = new CompiledWorkload(directory);
        List<Policy> policies = Schedulers.parseList("all");
        int cells = rates.length * sloMultipliers.length * seeds, done = 0;
        List<String> lines = new ArrayList<>();
        for (double rate : rates) {
            for (double slo : sloMultipliers) {
                // per policy: sums over seeds of violation rate, weighted misses, antt
                double[][] sums = new double[policies.size()][3];
                double optViolation = 0, optMissed = 0, optAntt = 0, boundMissed = 0, boundAntt = 0;
                int proven = 0;
                for (int seed = 1; seed <= seeds; seed++) {
                    CompiledTrace trace = new CompiledTrace(workload, PoissonTraceGenerator.generate(directory, requests, rate, slo, seed));
                    OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace, settings, null);
                    List<PolicyRun> runs = Evaluator.runAll(trace, policies, KernelOptions.PUBLISHED);
                    for (int i = 0; i < runs.size(); i++) {
                        Cost c = objective.cost(trace, runs.get(i).outcome());
                        sums[i][0] += runs.get(i).metrics().get(Metric.VIOLATION_RATE);
                        sums[i][1] += c.weightedMissedDeadlines();
                        sums[i][2] += c.normalizedTurnaroundSum() / requests;
                    }
                    optViolation += dev.cotenant.simulator.metrics.RunMetrics.of(trace, s.outcome()).violationRate();
                    optMissed += s.cost().weightedMissedDeadlines();
                    optAntt += s.cost().normalizedTurnaroundSum() / requests;
                    boundMissed += s.familyBound().weightedMissedDeadlines();
                    boundAntt += s.relaxationBound().normalizedTurnaroundSum() / requests;
                    if (s.proven()) proven++;
                    done++;
                    System.err.printf("compare: rate %s slo %s seed %d done (%d/%d), %.1f s, %s%n", rate, slo, seed, done, cells, s.seconds(),
                            s.proven() ? "proven" : "bounded");
                }
                for (int i = 0; i < policies.size(); i++) {
                    double k = seeds;
                    double[] v = {rate, slo, 0, seeds, sums[i][0] / k, optViolation / k, sums[i][1] / k, optMissed / k, boundMissed / k,
                            (sums[i][1] - optMissed) / k, (sums[i][1] - boundMissed) / k, sums[i][2] / k, optAntt / k, boundAntt / k,
                            (sums[i][2] - optAntt) / k, (sums[i][2] - boundAntt) / k, proven / k};
                    StringBuilder line = new StringBuilder().append(rate).append(',').append(slo).append(',').append(policies.get(i).label())
                            .append(',').append(seeds);
                    for (int c = 4; c < v.length; c++) line.append(',').append(v[c]);
                    lines.add(line.toString());
                }
            }
        }
        try (ResultFolder folder = new ResultFolder(out)) {
            try (Writer w = Files.newBufferedWriter(folder.file("gaps.csv"))) {
                w.write(HEADER + "\n");
                for (String l : lines) w.write(l + "\n");
            }
            manifest.put("latency_dir", latencyDir == null ? "builtin:" + BuiltinLatencyDirectories.DEMO : latencyDir.toString())
                    .put("rates", Arrays.toString(rates)).put("slo_mults", Arrays.toString(sloMultipliers)).put("seeds", seeds)
                    .put("requests", requests).put("optimizer", settings.toString()).write(folder.file("run.json"));
            folder.commit();
        }
        System.out.println(HEADER);
        lines.forEach(System.out::println);
        System.out.println("wrote " + out.toAbsolutePath().normalize());
        return 0;
    }
}
