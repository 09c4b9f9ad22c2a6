package dev.cotenant.experiments.compare;

import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.Evaluator;
import dev.cotenant.simulator.evaluate.PolicyRun;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far each policy is from the offline optimum, and from the lower bound no schedule can beat:
 * for every workload, load and SLO multiplier, every seed's Poisson trace is solved by
 * {@link OfflineOptimizer} and run by every policy through {@link Evaluator} (the project's one
 * kernel and metric code, published kernel options, as the optimiser assumes), and the costs are
 * averaged over the seeds. A cost is the optimiser's pair ({@link ScheduleObjective#cost}):
 * priority-weighted missed deadlines and ANTT.
 *
 * <p>Under the lexicographic objective an ANTT gap to the optimum can be negative (a policy may
 * buy ANTT with missed deadlines), and the optimum searches fixed priority orders only, so a policy
 * outside that family can beat it; {@link Row#seedsBetterThanOptimal()} counts when one did. The
 * gaps to the bound are to {@code relaxationBound}, valid for every schedule.
 */
public final class GapComparison {
    /** What the {@code loads} of the settings are. */
    public enum LoadAxis {
        /** Requests per second, the same for every workload. */
        ARRIVAL_RATE_PER_S,
        /** Offered load, turned into each workload's own rate ({@link CompareWorkload#ratePerSecondAtFullLoad()}). */
        OFFERED_LOAD
    }

    /**
     * @param seeds    generator seeds of the traces of every cell (the same seeds in every cell)
     * @param requests requests per trace
     * @param policies the policies compared, each under its label (unique, CSV-safe)
     */
    public record Settings(List<CompareWorkload> workloads, LoadAxis loadAxis, List<Double> loads, List<Double> sloMultipliers,
                           List<Long> seeds, int requests, List<PolicySpec> policies, OfflineOptimizer.Settings optimizer) {
        public Settings {
            workloads = List.copyOf(workloads);
            loads = List.copyOf(loads);
            sloMultipliers = List.copyOf(sloMultipliers);
            seeds = List.copyOf(seeds);
            policies = List.copyOf(policies);
            if (workloads.isEmpty()) throw BadInputException.at("--scenario", "no workload to compare on");
            positives(loadAxis == LoadAxis.OFFERED_LOAD ? "--loads" : "--rates", loads);
            positives("--slo-mults", sloMultipliers);
            if (seeds.isEmpty()) throw BadInputException.at("--seeds", "must be >= 1, got 0");
            if (new HashSet<>(seeds).size() != seeds.size()) throw BadInputException.at("--seeds", "a seed is listed twice: " + seeds);
            if (requests < 1) throw BadInputException.at("--requests", "must be >= 1, got " + requests);
            if (policies.isEmpty()) throw BadInputException.at("--schedulers", "no policy to compare");
            Set<String> names = new HashSet<>();
            for (CompareWorkload w : workloads) {
                if (!names.add(w.name())) throw BadInputException.at("--scenario", "workload '" + w.name() + "' is given twice");
            }
            Set<String> labels = new HashSet<>();
            for (PolicySpec p : policies) {
                String problem = PolicySpec.labelProblem(p.label(), labels);
                if (problem != null) throw BadInputException.at("--policy", problem + "; give one with --policy LABEL=FILE");
            }
        }

        private static void positives(String option, List<Double> values) {
            if (values.isEmpty()) throw BadInputException.at(option, "no value given");
            for (double v : values) {
                if (!(v > 0) || Double.isInfinite(v)) throw BadInputException.at(option, "must be finite and > 0, got " + v);
            }
            if (new HashSet<>(values).size() != values.size()) throw BadInputException.at(option, "a value is listed twice: " + values);
        }

        public int traceCount() { return workloads.size() * loads.size() * sloMultipliers.size() * seeds.size(); }
    }

    /** Labels are CSV fields and chart legends: no comma, quote or space. */

    /** One (workload, load, SLO multiplier) condition. */
    public record Cell(String workload, double offeredLoad, double ratePerSecond, double sloMultiplier) {
        public String label() {
            return workload + " load " + round(offeredLoad) + " (" + round(ratePerSecond) + "/s) SLO " + round(sloMultiplier);
        }
    }

    /**
     * A policy's means over the seeds of a cell, and the optimum's and the bounds' on the same traces.
     *
     * @param familyBoundWeightedMissed  per busy period the proven optimum, else the relaxation bound: no fixed order does better
     * @param boundWeightedMissed        relaxation bound: no schedule at all does better
     * @param seedsBetterThanOptimal     traces on which the policy's cost beat the optimiser's answer under its objective
     * @param optimalProvenShare         share of the traces whose optimum is proven within the family
     * @param certifiedBoundWeightedMissed no schedule the kernel can run does better (exact preemptive
     *                                     bound and CP-SAT; the relaxation bound without certification)
     * @param missesProvenShare          share of the traces whose optimum's weighted misses are proven
     *                                   optimal over every kernel schedule
     */
    public record Row(Cell cell, String policy, String origin, int seeds, double violationRate, double optimalViolationRate,
                      double weightedMissed, double optimalWeightedMissed, double familyBoundWeightedMissed, double boundWeightedMissed,
                      double antt, double optimalAntt, double familyBoundAntt, double boundAntt,
                      int seedsBetterThanOptimal, double optimalProvenShare, double certifiedBoundWeightedMissed, double missesProvenShare) {
        public double missedGapToOptimal() { return weightedMissed - optimalWeightedMissed; }
        public double missedGapToCertified() { return weightedMissed - certifiedBoundWeightedMissed; }
        public double missedGapToBound() { return weightedMissed - boundWeightedMissed; }
        public double anttGapToOptimal() { return antt - optimalAntt; }
        public double anttGapToBound() { return antt - boundAntt; }
    }

    /**
     * Everything the rows need from one trace: per policy its violation rate, weighted missed deadlines,
     * ANTT and whether it beat the optimiser's answer; the optimum's, the family bound's and the relaxation
     * bound's costs (ANTT already divided by the trace's size); whether the optimum is proven, the seconds
     * the solve took and how many of its searches the wall clock ended. What {@link CompareCheckpoint} keeps.
     */
    public record TraceResult(String workload, double load, double sloMultiplier, long seed,
                              double[] violationRate, double[] weightedMissed, double[] antt, boolean[] betterThanOptimal,
                              double optimalViolationRate, double optimalWeightedMissed, double optimalAntt,
                              double familyBoundWeightedMissed, double familyBoundAntt, double boundWeightedMissed, double boundAntt,
                              boolean proven, double seconds, int partsStoppedByTimeLimit,
                              double certifiedBoundWeightedMissed, int parts, int partsMissesProven) {
        /** The optimum's weighted misses are proven over every kernel schedule (every busy period is). */
        public boolean missesProven() { return partsMissesProven == parts; }

        /** The trace's identity within a run: workload, load (as given), SLO multiplier and seed. */
        public String key() { return key(workload, load, sloMultiplier, seed); }

        static String key(String workload, double load, double sloMultiplier, long seed) {
            return workload + "\t" + load + "\t" + sloMultiplier + "\t" + seed;
        }

        /** One tab-separated line; doubles by {@link Double#toString}, which parses back to the same value. */
        String format() {
            StringBuilder b = new StringBuilder(key());
            for (double v : new double[] {optimalViolationRate, optimalWeightedMissed, optimalAntt, familyBoundWeightedMissed,
                    familyBoundAntt, boundWeightedMissed, boundAntt, seconds, certifiedBoundWeightedMissed}) b.append('\t').append(v);
            b.append('\t').append(proven).append('\t').append(partsStoppedByTimeLimit).append('\t').append(parts).append('\t').append(partsMissesProven)
                    .append('\t').append(violationRate.length);
            for (int i = 0; i < violationRate.length; i++) {
                b.append('\t').append(violationRate[i]).append('\t').append(weightedMissed[i]).append('\t').append(antt[i])
                        .append('\t').append(betterThanOptimal[i]);
            }
            return b.toString();
        }

        /** The inverse of {@link #format}; throws on anything else, or on another number of policies. */
        static TraceResult parse(String line, int policies) {
            String[] f = line.split("\t", -1);
            int fixed = 4 + 9 + 5;
            if (f.length != fixed + 4 * policies || Integer.parseInt(f[17]) != policies) {
                throw new IllegalArgumentException(f.length + " fields, expected " + (fixed + 4 * policies));
            }
            double[] v = new double[9];
            for (int i = 0; i < 9; i++) v[i] = Double.parseDouble(f[4 + i]);
            double[] violation = new double[policies], missed = new double[policies], antt = new double[policies];
            boolean[] better = new boolean[policies];
            for (int i = 0; i < policies; i++) {
                int o = fixed + 4 * i;
                violation[i] = Double.parseDouble(f[o]);
                missed[i] = Double.parseDouble(f[o + 1]);
                antt[i] = Double.parseDouble(f[o + 2]);
                better[i] = bool(f[o + 3]);
            }
            return new TraceResult(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]), violation, missed, antt,
                    better, v[0], v[1], v[2], v[3], v[4], v[5], v[6], bool(f[13]), v[7], Integer.parseInt(f[14]), v[8],
                    Integer.parseInt(f[15]), Integer.parseInt(f[16]));
        }

        private static boolean bool(String s) {
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
            throw new IllegalArgumentException("not a boolean: " + s);
        }
    }

    /**
     * A trace of a cell is done: its result, and the time so far and still to go. {@code resumed} traces
     * came from a checkpoint (counted in {@code done}, not in the pace).
     */
    public record Step(Cell cell, long seed, int done, int total, int resumed, TraceResult result, double elapsedSeconds) {
        /** Remaining traces at the mean pace of the traces solved in this run (the optimiser's time limit dominates, so the pace is steady). */
        public double etaSeconds() { return done == resumed ? 0 : elapsedSeconds / (done - resumed) * (total - done); }
    }

    @FunctionalInterface
    public interface Progress {
        void traceSolved(Step step);
    }

    private GapComparison() {}

    /** The rows, workload-major, then load, SLO multiplier, and the policies in the order given. */
    public static List<Row> run(Settings settings, Progress progress) {
        try {
            return run(settings, null, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no checkpoint, no I/O
        }
    }

    /**
     * The rows, reusing the traces already in {@code checkpoint} (if not null) and adding each trace
     * solved to it before {@code progress} hears of it. Rows are summed in the same order either way,
     * so a resumed run's rows equal an uninterrupted one's when the optimiser is deterministic.
     */
    public static List<Row> run(Settings settings, CompareCheckpoint checkpoint, Progress progress) throws IOException {
        ScheduleObjective objective = settings.optimizer().objective();
        List<Policy> policies = settings.policies().stream().map(PolicySpec::policy).toList();
        int p = policies.size();
        long started = System.nanoTime();
        int done = 0, resumed = 0;
        List<CompiledWorkload> compiledWorkloads = new ArrayList<>();
        for (CompareWorkload workload : settings.workloads()) {
            CompiledWorkload compiled = new CompiledWorkload(workload.directory());
            compiledWorkloads.add(compiled);
            // Every policy runs on every workload (a learned one knows its models) before the first costly solve.
            Evaluator.runAll(trace(workload, compiled, Math.min(settings.requests(), 10), ratePerSecond(settings, workload, settings.loads().get(0)),
                    settings.sloMultipliers().get(0), settings.seeds().get(0)), policies, KernelOptions.PUBLISHED);
        }
        List<Row> rows = new ArrayList<>();
        for (int w = 0; w < settings.workloads().size(); w++) {
            CompareWorkload workload = settings.workloads().get(w);
            CompiledWorkload compiled = compiledWorkloads.get(w);
            boolean rateAxis = settings.loadAxis() == LoadAxis.ARRIVAL_RATE_PER_S;
            for (double load : settings.loads()) {
                double rate = ratePerSecond(settings, workload, load);
                for (double slo : settings.sloMultipliers()) {
                    Cell cell = new Cell(workload.name(), rateAxis ? rate / workload.ratePerSecondAtFullLoad() : load, rate, slo);
                    // per policy, summed over seeds: violation rate, weighted misses, antt
                    double[][] sums = new double[p][3];
                    int[] better = new int[p];
                    double optViolation = 0, optMissed = 0, optAntt = 0, familyMissed = 0, familyAntt = 0, boundMissed = 0, boundAntt = 0;
                    int proven = 0, missesProven = 0;
                    double certifiedMissed = 0;
                    for (long seed : settings.seeds()) {
                        TraceResult t = checkpoint == null ? null : checkpoint.get(TraceResult.key(workload.name(), load, slo, seed));
                        done++;
                        boolean reused = t != null;
                        if (reused) {
                            resumed++;
                        } else {
                            t = solve(settings, objective, policies, workload, compiled, load, rate, slo, seed);
                            if (checkpoint != null) checkpoint.add(t);
                        }
                        for (int i = 0; i < p; i++) {
                            sums[i][0] += t.violationRate()[i];
                            sums[i][1] += t.weightedMissed()[i];
                            sums[i][2] += t.antt()[i];
                            if (t.betterThanOptimal()[i]) better[i]++;
                        }
                        optViolation += t.optimalViolationRate();
                        optMissed += t.optimalWeightedMissed();
                        optAntt += t.optimalAntt();
                        familyMissed += t.familyBoundWeightedMissed();
                        familyAntt += t.familyBoundAntt();
                        boundMissed += t.boundWeightedMissed();
                        boundAntt += t.boundAntt();
                        if (t.proven()) proven++;
                        if (t.missesProven()) missesProven++;
                        certifiedMissed += t.certifiedBoundWeightedMissed();
                        if (progress != null && !reused) {
                            progress.traceSolved(new Step(cell, seed, done, settings.traceCount(), resumed, t, (System.nanoTime() - started) / 1e9));
                        }
                    }
                    double k = settings.seeds().size();
                    for (int i = 0; i < p; i++) {
                        PolicySpec spec = settings.policies().get(i);
                        rows.add(new Row(cell, spec.label(), spec.origin(), (int) k, sums[i][0] / k, optViolation / k,
                                sums[i][1] / k, optMissed / k, familyMissed / k, boundMissed / k,
                                sums[i][2] / k, optAntt / k, familyAntt / k, boundAntt / k, better[i], proven / k, certifiedMissed / k,
                                missesProven / k));
                    }
                }
            }
        }
        return rows;
    }

    /** Solves one trace and runs every policy on it. */
    private static TraceResult solve(Settings settings, ScheduleObjective objective, List<Policy> policies, CompareWorkload workload,
                                     CompiledWorkload compiled, double load, double rate, double slo, long seed) {
        int p = policies.size();
        CompiledTrace trace = trace(workload, compiled, settings.requests(), rate, slo, seed);
        int n = trace.size();
        OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace, settings.optimizer(), null);
        List<PolicyRun> runs = Evaluator.runAll(trace, policies, KernelOptions.PUBLISHED);
        double[] violation = new double[p], missed = new double[p], antt = new double[p];
        boolean[] better = new boolean[p];
        for (int i = 0; i < p; i++) {
            PolicyRun run = runs.get(i);
            Cost c = objective.cost(trace, run.outcome());
            violation[i] = run.metrics().violationRate();
            missed[i] = c.weightedMissedDeadlines();
            antt[i] = run.metrics().antt();
            better[i] = objective.compare(c, s.cost()) < 0;
        }
        RunMetrics optimal = RunMetrics.of(trace, s.outcome());
        // A cost's turnaround component is ANTT x N (ScheduleObjective), so a bound on it over N bounds ANTT.
        return new TraceResult(workload.name(), load, slo, seed, violation, missed, antt, better,
                optimal.violationRate(), s.cost().weightedMissedDeadlines(), optimal.antt(),
                s.familyBound().weightedMissedDeadlines(), s.familyBound().normalizedTurnaroundSum() / n,
                s.relaxationBound().weightedMissedDeadlines(), s.relaxationBound().normalizedTurnaroundSum() / n,
                s.proven(), s.seconds(), s.partsStoppedByTimeLimit(), s.certifiedBound().weightedMissedDeadlines(), s.parts().size(),
                s.partsMissesProven());
    }

    private static double ratePerSecond(Settings settings, CompareWorkload workload, double load) {
        return settings.loadAxis() == LoadAxis.ARRIVAL_RATE_PER_S ? load : load * workload.ratePerSecondAtFullLoad();
    }

    /** The trace of a cell and seed: Poisson arrivals, one SLO multiplier, the workload's priorities. */
    private static CompiledTrace trace(CompareWorkload workload, CompiledWorkload compiled, int requests, double ratePerSecond,
                                       double sloMultiplier, long seed) {
        return new CompiledTrace(compiled, PoissonTraceGenerator.generate(workload.directory(), requests, ratePerSecond,
                sloMultiplier, sloMultiplier, workload.priorities(), seed));
    }

    public static final String CSV_HEADER = "scenario,offered_load,rate_per_s,slo_mult,policy,origin,seeds,violation_rate,optimal_violation_rate,"
            + "weighted_missed_deadlines,optimal_weighted_missed_deadlines,family_bound_weighted_missed_deadlines,bound_weighted_missed_deadlines,"
            + "missed_gap_to_optimal,missed_gap_to_bound,antt,optimal_antt,family_bound_antt,bound_antt,antt_gap_to_optimal,antt_gap_to_bound,"
            + "seeds_better_than_optimal,optimal_proven_share,certified_bound_weighted_missed_deadlines,missed_gap_to_certified,"
            + "optimal_missed_proven_share";

    /** One CSV line per row, under {@link #CSV_HEADER}. */
    public static List<String> csvLines(List<Row> rows) {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(CSV_HEADER);
        for (Row r : rows) {
            Cell c = r.cell();
            lines.add(String.join(",", csvField(c.workload()), String.valueOf(c.offeredLoad()), String.valueOf(c.ratePerSecond()),
                    String.valueOf(c.sloMultiplier()), csvField(r.policy()), csvField(r.origin()), String.valueOf(r.seeds()),
                    String.valueOf(r.violationRate()), String.valueOf(r.optimalViolationRate()),
                    String.valueOf(r.weightedMissed()), String.valueOf(r.optimalWeightedMissed()), String.valueOf(r.familyBoundWeightedMissed()),
                    String.valueOf(r.boundWeightedMissed()), String.valueOf(r.missedGapToOptimal()), String.valueOf(r.missedGapToBound()),
                    String.valueOf(r.antt()), String.valueOf(r.optimalAntt()), String.valueOf(r.familyBoundAntt()), String.valueOf(r.boundAntt()),
                    String.valueOf(r.anttGapToOptimal()), String.valueOf(r.anttGapToBound()),
                    String.valueOf(r.seedsBetterThanOptimal()), String.valueOf(r.optimalProvenShare()),
                    String.valueOf(r.certifiedBoundWeightedMissed()), String.valueOf(r.missedGapToCertified()), String.valueOf(r.missesProvenShare())));
        }
        return lines;
    }

    public static void writeCsv(List<Row> rows, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            for (String line : csvLines(rows)) w.write(line + "\n");
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break (a best.json path may). */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A policy's gaps on one workload, averaged over its cells (loads x SLO multipliers), each cell a mean over seeds. */
    public record Summary(String workload, String policy, int cells, double weightedMissed, double antt,
                          double optimalWeightedMissed, double optimalAntt, double boundWeightedMissed, double boundAntt,
                          double missedGapToOptimal, double missedGapToBound, double anttGapToOptimal, double anttGapToBound,
                          int seedsBetterThanOptimal, double certifiedBoundWeightedMissed, double missedGapToCertified, double missesProvenShare) {}

    /** The headline: one line per (workload, policy), in row order. */
    public static List<Summary> summarize(List<Row> rows) {
        Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) groups.computeIfAbsent(List.of(r.cell().workload(), r.policy()), k -> new ArrayList<>()).add(r);
        List<Summary> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Row> g = e.getValue();
            out.add(new Summary(e.getKey().get(0), e.getKey().get(1), g.size(),
                    g.stream().mapToDouble(Row::weightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::antt).average().orElseThrow(),
                    g.stream().mapToDouble(Row::optimalWeightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::optimalAntt).average().orElseThrow(),
                    g.stream().mapToDouble(Row::boundWeightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::boundAntt).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missedGapToOptimal).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missedGapToBound).average().orElseThrow(),
                    g.stream().mapToDouble(Row::anttGapToOptimal).average().orElseThrow(),
                    g.stream().mapToDouble(Row::anttGapToBound).average().orElseThrow(),
                    g.stream().mapToInt(Row::seedsBetterThanOptimal).sum(),
                    g.stream().mapToDouble(Row::certifiedBoundWeightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missedGapToCertified).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missesProvenShare).average().orElseThrow()));
        }
        return out;
    }

    static String round(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.valueOf((long) v);
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
