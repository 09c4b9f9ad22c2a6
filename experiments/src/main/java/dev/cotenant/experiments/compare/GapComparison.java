package dev.cotenant.experiments.compare;

import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.ScheduleObjective;
import dev.cotenant.search.optimal.ScheduleObjective.Cost;
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
                if (!CSV_SAFE.matcher(p.label()).matches()) {
                    throw BadInputException.at("--policy", "label '" + p.label() + "' must match " + CSV_SAFE.pattern()
                            + " (it is a CSV field); give one with --policy LABEL=FILE");
                }
                if (!labels.add(p.label())) {
                    throw BadInputException.at("--policy", "label '" + p.label() + "' is used twice; give another with --policy LABEL=FILE");
                }
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
    static final java.util.regex.Pattern CSV_SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9._()=+:-]+");

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
     */
    public record Row(Cell cell, String policy, String origin, int seeds, double violationRate, double optimalViolationRate,
                      double weightedMissed, double optimalWeightedMissed, double familyBoundWeightedMissed, double boundWeightedMissed,
                      double antt, double optimalAntt, double familyBoundAntt, double boundAntt,
                      int seedsBetterThanOptimal, double optimalProvenShare) {
        public double missedGapToOptimal() { return weightedMissed - optimalWeightedMissed; }
        public double missedGapToBound() { return weightedMissed - boundWeightedMissed; }
        public double anttGapToOptimal() { return antt - optimalAntt; }
        public double anttGapToBound() { return antt - boundAntt; }
    }

    /** A trace of a cell is done: the optimiser's answer on it, and the time so far and still to go. */
    public record Step(Cell cell, long seed, int done, int total, OfflineOptimizer.Solution solution, double elapsedSeconds) {
        /** Remaining traces at the mean pace so far (the optimiser's time limit dominates, so the pace is steady). */
        public double etaSeconds() { return elapsedSeconds / done * (total - done); }
    }

    @FunctionalInterface
    public interface Progress {
        void traceSolved(Step step);
    }

    private GapComparison() {}

    /** The rows, workload-major, then load, SLO multiplier, and the policies in the order given. */
    public static List<Row> run(Settings settings, Progress progress) {
        ScheduleObjective objective = settings.optimizer().objective();
        List<Policy> policies = settings.policies().stream().map(PolicySpec::policy).toList();
        int p = policies.size();
        long started = System.nanoTime();
        int done = 0;
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
                    int proven = 0;
                    for (long seed : settings.seeds()) {
                        CompiledTrace trace = trace(workload, compiled, settings.requests(), rate, slo, seed);
                        int n = trace.size();
                        OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace, settings.optimizer(), null);
                        List<PolicyRun> runs = Evaluator.runAll(trace, policies, KernelOptions.PUBLISHED);
                        for (int i = 0; i < p; i++) {
                            PolicyRun run = runs.get(i);
                            Cost c = objective.cost(trace, run.outcome());
                            sums[i][0] += run.metrics().violationRate();
                            sums[i][1] += c.weightedMissedDeadlines();
                            sums[i][2] += run.metrics().antt();
                            if (objective.compare(c, s.cost()) < 0) better[i]++;
                        }
                        RunMetrics optimal = RunMetrics.of(trace, s.outcome());
                        optViolation += optimal.violationRate();
                        optMissed += s.cost().weightedMissedDeadlines();
                        optAntt += optimal.antt();
                        // A cost's turnaround component is ANTT x N (ScheduleObjective), so a bound on it over N bounds ANTT.
                        familyMissed += s.familyBound().weightedMissedDeadlines();
                        familyAntt += s.familyBound().normalizedTurnaroundSum() / n;
                        boundMissed += s.relaxationBound().weightedMissedDeadlines();
                        boundAntt += s.relaxationBound().normalizedTurnaroundSum() / n;
                        if (s.proven()) proven++;
                        done++;
                        if (progress != null) progress.traceSolved(new Step(cell, seed, done, settings.traceCount(), s, (System.nanoTime() - started) / 1e9));
                    }
                    double k = settings.seeds().size();
                    for (int i = 0; i < p; i++) {
                        PolicySpec spec = settings.policies().get(i);
                        rows.add(new Row(cell, spec.label(), spec.origin(), (int) k, sums[i][0] / k, optViolation / k,
                                sums[i][1] / k, optMissed / k, familyMissed / k, boundMissed / k,
                                sums[i][2] / k, optAntt / k, familyAntt / k, boundAntt / k, better[i], proven / k));
                    }
                }
            }
        }
        return rows;
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
            + "seeds_better_than_optimal,optimal_proven_share";

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
                    String.valueOf(r.seedsBetterThanOptimal()), String.valueOf(r.optimalProvenShare())));
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
                          int seedsBetterThanOptimal) {}

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
                    g.stream().mapToInt(Row::seedsBetterThanOptimal).sum()));
        }
        return out;
    }

    static String round(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.valueOf((long) v);
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
