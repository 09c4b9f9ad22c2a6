package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.moca.MocaOptimum;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.setting.MocaSetting;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.policy.LayerPlan;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting.KernelContender;
import dev.cotenant.simulator.setting.TracePoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Points to metrics rows: each point's trace, every policy of the spec on it, through the
 * experiment's {@link Setting} (one session per batch: contenders x traces). The rows depend only
 * on the spec and the points, never on the thread count or on which other points share the batch.
 *
 * <p>On the time-multiplexed setting an {@code optimum} entry first asks {@link OfflineOptimizer} for
 * each trace's best priority order, then runs its layer plan ({@link LayerPlan}) in the same session
 * as the heuristics, so its row is measured by the same kernel and metric code. Two bound rows follow
 * it: the family bound (priority-weighted misses no fixed order beats; lexicographic objective only)
 * and the relaxation bound (misses and ANTT no schedule at all beats). Every other metric of a bound
 * row is NaN. With certification ({@code certify}) a third bound row holds the misses no schedule the
 * kernel can run beats (CP-SAT per busy period). With a move budget ({@code moves_per_request}) that binds before {@code time_limit_s},
 * the optimum is a function of the trace alone.
 */
public final class PointEvaluator {
    private final ExperimentSpec spec;
    private final ExperimentWorkload workload;
    /** The experiment folder an optimum entry keeps its per-point files in ({@link OptimumArtefacts}), or null: not kept. */
    private final java.nio.file.Path folder;
    /** Where each optimum solve reports its busy periods ({@link OptimumProgress}), or null: silent. */
    private final java.io.PrintStream optimumLog;

    /** @param spec resolved: tuned and learned entries carry their artefact ({@link PolicyArtefacts}) */
    public PointEvaluator(ExperimentSpec spec, ExperimentWorkload workload) { this(spec, workload, null, null); }

    PointEvaluator(ExperimentSpec spec, ExperimentWorkload workload, java.nio.file.Path folder, java.io.PrintStream optimumLog) {
        this.spec = spec;
        this.workload = workload;
        this.folder = folder;
        this.optimumLog = optimumLog;
    }

    private int optimumSolvesStoppedByTime;

    /**
     * Optimum solves (point x optimum entry) so far whose search the wall clock ended before the move
     * budget: their rows depend on the machine's speed, not on the spec alone.
     */
    public int optimumSolvesStoppedByTime() { return optimumSolvesStoppedByTime; }

    /** Rows in order: point by point, entries in spec order within a point (an optimum followed by its bounds). */
    public List<ExperimentRow> evaluate(List<SweepPoint> points, int threads) {
        List<TracePoint> tracePoints = points.stream().map(workload::tracePoint).toList();
        List<PolicySpec> entries = spec.policies();
        OfflineOptimizer.Solution[][] solutions = new OfflineOptimizer.Solution[entries.size()][];
        MocaOptimum.TraceResult[][] plans = new MocaOptimum.TraceResult[entries.size()][];
        List<Setting.Contender> contenders = new ArrayList<>();
        int[] column = new int[entries.size()]; // each entry's contender in the session (a MoCA optimum has none)
        List<CompiledTrace> traces = null;
        Setting.Session session;
        if (workload.setting() instanceof TimeMultiplexedSetting tm) {
            List<CompiledTrace> compiled = tm.compile(tracePoints);
            traces = compiled;
            for (int e = 0; e < entries.size(); e++) {
                PolicySpec entry = entries.get(e);
                column[e] = e;
                if (!entry.isOptimum()) {
                    contenders.add(new KernelContender(entry.policy())); // the policy may carry a trained predictor
                    continue;
                }
                OfflineOptimizer.Solution[] s = solve(entry, compiled, points, threads);
                solutions[e] = s;
                for (OfflineOptimizer.Solution one : s) if (one.partsStoppedByTimeLimit() > 0) optimumSolvesStoppedByTime++;
                contenders.add(new KernelContender(trace -> new LayerPlan(compiled.get(trace), s[trace].layerPlan())));
            }
            session = tm.openCompiled(compiled, threads);
        } else {
            for (int e = 0; e < entries.size(); e++) {
                PolicySpec entry = entries.get(e);
                if (entry.isOptimum()) {
                    plans[e] = solvePlans(entry, tracePoints.stream().map(MocaSetting::trace).toList(), points, threads);
                    continue;
                }
                column[e] = contenders.size();
                contenders.add(new Setting.PolicyVector(entry.schedulerName(), entry.parameters()));
            }
            session = workload.setting().open(tracePoints, threads);
        }
        Setting.Metrics matrix;
        int[] requests = new int[points.size()];
        try (session) {
            matrix = session.evaluate(contenders, null);
            for (int t = 0; t < requests.length; t++) requests[t] = session.requestCount(t);
        }
        List<ExperimentRow> rows = new ArrayList<>();
        for (int t = 0; t < points.size(); t++) {
            for (int e = 0; e < entries.size(); e++) {
                PolicySpec entry = entries.get(e);
                double[] values = new double[MetricCalculator.METRIC_COUNT];
                if (plans[e] != null) { // MoCA's best plan, measured by MoCA's metric code; then the bound no schedule beats
                    MocaOptimum.TraceResult r = plans[e][t];
                    for (Metric m : Metric.values()) values[m.ordinal()] = MocaSetting.value(r.bestMetrics(), m);
                    double weights = java.util.stream.IntStream.range(0, r.trace().size()).map(i -> r.trace().priorityLevel(i) + 1).sum();
                    values[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = r.best().weightedMisses() / weights;
                    rows.add(new ExperimentRow(points.get(t), entry.label(), requests[t], values));
                    double[] bound = new double[MetricCalculator.METRIC_COUNT];
                    Arrays.fill(bound, Double.NaN);
                    bound[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = r.bound().weightedMisses() / weights;
                    rows.add(new ExperimentRow(points.get(t), entry.label() + PolicySpec.RELAXATION_BOUND_SUFFIX, requests[t], bound));
                    continue;
                }
                for (Metric m : Metric.values()) values[m.ordinal()] = matrix.get(column[e], t, m);
                rows.add(new ExperimentRow(points.get(t), entry.label(), requests[t], values));
                if (entry.isOptimum()) {
                    OfflineOptimizer.Solution s = solutions[e][t];
                    CompiledTrace trace = traces.get(t);
                    boolean lexicographic = entry.optimum().objective().equals("lexicographic");
                    // Under a weighted objective the proven optimum bounds the weighted sum, not the misses alone.
                    rows.add(boundRow(points.get(t), entry.label() + PolicySpec.FAMILY_BOUND_SUFFIX, trace,
                            lexicographic ? s.familyBound().weightedMissedDeadlines() : Double.NaN, Double.NaN));
                    Cost r = s.relaxationBound();
                    // with a drop rule the relaxation bounds no turnaround (RelaxationBound): NaN, not 0
                    ExperimentRow relaxationRow = boundRow(points.get(t), entry.label() + PolicySpec.RELAXATION_BOUND_SUFFIX, trace,
                            r.weightedMissedDeadlines(), spec.kernel().drop() == DropRule.NONE ? r.normalizedTurnaroundSum() : Double.NaN);
                    // an objective's first key has its bound in its own column
                    if (entry.optimum().objective().equals("worst_model_miss_rate")) {
                        relaxationRow.metrics()[Metric.WORST_MODEL_MISS_RATE.ordinal()] = r.firstKey();
                    } else if (entry.optimum().objective().equals("max:xr_score")) {
                        relaxationRow.metrics()[Metric.XR_SCORE.ordinal()] = 100 - r.firstKey(); // no schedule scores more
                    }
                    rows.add(relaxationRow);
                    if (entry.optimum().certify() != null) {
                        rows.add(boundRow(points.get(t), entry.label() + PolicySpec.CERTIFIED_BOUND_SUFFIX, trace,
                                s.certifiedBound().weightedMissedDeadlines(), Double.NaN));
                    }
                }
            }
        }
        return rows;
    }

    private static ExperimentRow boundRow(SweepPoint point, String label, CompiledTrace trace, double weightedMisses, double turnaroundSum) {
        double[] values = new double[MetricCalculator.METRIC_COUNT];
        Arrays.fill(values, Double.NaN);
        double priorities = 0;
        for (int r = 0; r < trace.size(); r++) priorities += trace.priority(r);
        values[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = MetricCalculator.priorityWeightedViolationRate(weightedMisses, priorities);
        values[Metric.ANTT.ordinal()] = MetricCalculator.antt(turnaroundSum, trace.size());
        return new ExperimentRow(point, label, trace.size(), values);
    }

    /**
     * MoCA: per trace, every online policy of the spec run and the best of those on sub-groups seeding the plan
     * search (each trace single-threaded, so the plans do not depend on {@code threads}); files kept as for the other optimum.
     */
    private MocaOptimum.TraceResult[] solvePlans(PolicySpec entry, List<MocaTrace> traces, List<SweepPoint> points, int threads) {
        if (((MocaSetting) workload.setting()).artifactRuntime()) throw BadInputException.at(entry.label(), "MoCA's plan search runs the physical runtime only");
        List<String> online = spec.policies().stream().filter(p -> !p.isOptimum()).map(PolicySpec::schedulerName).toList();
        List<MocaOptimum.TraceResult> results = MocaOptimum.solveAll(traces, online, entry.optimum().planSettings(),
                entry.optimum().planCertification(), threads);
        for (int t = 0; t < results.size(); t++) {
            if (results.get(t).search().stoppedByTimeLimit()) optimumSolvesStoppedByTime++;
            if (folder != null) OptimumArtefacts.writePlans(OptimumArtefacts.folder(folder, entry.label(), points.get(t).index()), results.get(t));
        }
        return results.toArray(MocaOptimum.TraceResult[]::new);
    }

    /**
     * One optimiser run per trace, the traces shared out over {@code threads}; each run is independent of the others.
     * With a folder, each point's files are kept as soon as its solve ends.
     */
    private OfflineOptimizer.Solution[] solve(PolicySpec entry, List<CompiledTrace> traces, List<SweepPoint> points, int threads) {
        // the spec's drop rule: the optimum's schedules are measured by the kernel the heuristics run on
        OfflineOptimizer.Settings settings = entry.optimum().optimizerSettings().withDrop(spec.kernel().drop());
        OfflineOptimizer.Solution[] out = new OfflineOptimizer.Solution[traces.size()];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, traces.size()).parallel()
                    .forEach(t -> {
                        out[t] = OfflineOptimizer.solve(traces.get(t), settings, optimumLog == null ? null : new OptimumProgress(optimumLog, entry.label(), traces.get(t).size()));
                        if (folder != null) {
                            OptimumArtefacts.write(OptimumArtefacts.folder(folder, entry.label(), points.get(t).index()), entry.label(),
                                    traces.get(t), out[t], settings);
                        }
                    })).join();
        } finally {
            pool.shutdown();
        }
        return out;
    }
}
