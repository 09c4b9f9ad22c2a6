package dev.cotenant.search.optimal.certify;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.LayerPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * The second lexicographic solve: the least normalised turnaround sum of one busy period over every
 * layer schedule whose late requests weigh at most {@code missCap} (the proven optimum of the
 * first solve). Every request is a chain of layer intervals after its release on one no-overlap
 * resource; the machine may idle and layers may interleave in any way, so its objective bound is a
 * lower bound on the turnaround of every schedule with those misses, the documented idling and
 * interleaving optima included.
 *
 * <p>Integers chosen so the model is a relaxation, as in {@link KernelScheduleModel}: nanoseconds
 * from the first arrival, durations, releases and deadlines rounded down; request {@code r}'s
 * turnaround {@code (end - release) / isolated} is weighted by an integer {@code c_r <= Q / isolated_r}
 * (nanoseconds). A real schedule, its starts rounded down, is a model schedule whose
 * {@code end - release} exceeds the real turnaround by at most 1 ns, so
 * {@code objectiveBound / Q - sum 1 / isolatedNs} is below the real optimum; that is the bound reported.
 * The model's schedule is only a layer order: the kernel replays it ({@link LayerPlan}) and measures it.
 */
public final class TurnaroundModel {
    /**
     * @param status              CP-SAT status
     * @param plan                layer order of the best model schedule (local request ids per step), or null
     * @param turnaroundBound     no schedule with at most {@code missCap} weighted misses has a smaller
     *                            normalised turnaround sum (NaN if the solve gave no bound)
     * @param modelTurnaround     the best model schedule's turnaround sum (in the model's rounding), NaN without one
     */
    public record Result(String status, int[] plan, double turnaroundBound, double modelTurnaround, double wallSeconds, double deterministicSeconds) {}

    /** Fixed-point scale of the objective: the largest isolated latency gets weight {@code SCALE}. */
    private static final double SCALE = 1e5;

    private TurnaroundModel() {}

    /**
     * @param missCap  weighted misses allowed (an integer: priorities are)
     * @param hintPlan a layer plan to start from (the incumbent's, replayed by the kernel for its times), or null
     */
    public static Result solve(CompiledTrace part, long missCap, int[] hintPlan, CpSat cpSat) {
        int n = part.size();
        for (int r = 0; r < n; r++) {
            if (part.priority(r) != Math.rint(part.priority(r))) return new Result("skipped: non-integer priorities", null, Double.NaN, Double.NaN, 0, 0);
        }
        double origin = part.arrivalSeconds(0);
        double totalSeconds = 0, lastRelease = 0, maxIsolatedNs = 0;
        for (int r = 0; r < n; r++) {
            for (int l = 0; l < part.layerCount(r); l++) totalSeconds += KernelScheduleModel.layerSeconds(part, r, l);
            lastRelease = Math.max(lastRelease, part.arrivalSeconds(r) - origin);
            maxIsolatedNs = Math.max(maxIsolatedNs, part.realIsolatedSeconds(r) * 1e9);
        }
        // Any schedule, shifted left without reordering, ends no later and fits in this horizon.
        long horizon = (long) Math.ceil((lastRelease + totalSeconds) * 1e9) + 1;
        double q = SCALE * maxIsolatedNs;
        CpSat.load();
        CpModel model = new CpModel();
        IntVar[][] start = new IntVar[n][];
        long[][] duration = new long[n][];
        long[] release = new long[n];
        long[] coefficient = new long[n];
        List<IntervalVar> intervals = new ArrayList<>();
        LinearExprBuilder objective = LinearExpr.newBuilder();
        LinearExprBuilder lateWeight = LinearExpr.newBuilder();
        long constant = 0, alwaysLate = 0;
        double slack = 0;
        for (int r = 0; r < n; r++) {
            int layers = part.layerCount(r);
            duration[r] = new long[layers];
            long total = 0;
            for (int l = 0; l < layers; l++) total += duration[r][l] = (long) Math.floor(KernelScheduleModel.layerSeconds(part, r, l) * 1e9);
            release[r] = (long) Math.floor((part.arrivalSeconds(r) - origin) * 1e9);
            long deadline = (long) Math.floor((part.deadlineSeconds(r) - origin) * 1e9);
            double isolatedNs = part.realIsolatedSeconds(r) * 1e9;
            coefficient[r] = (long) Math.floor(q / isolatedNs);
            slack += 1 / isolatedNs;
            start[r] = new IntVar[layers];
            long before = 0, after = total;
            for (int l = 0; l < layers; l++) {
                after -= duration[r][l];
                start[r][l] = model.newIntVar(release[r] + before, Math.max(release[r] + before, horizon - after - duration[r][l]), "s" + r + "_" + l);
                intervals.add(model.newFixedSizeIntervalVar(start[r][l], duration[r][l], "i" + r + "_" + l));
                if (l > 0) model.addGreaterOrEqual(start[r][l], LinearExpr.newBuilder().add(start[r][l - 1]).add(duration[r][l - 1]).build());
                before += duration[r][l];
            }
            long lastDuration = duration[r][layers - 1];
            objective.addTerm(start[r][layers - 1], coefficient[r]);
            constant += coefficient[r] * (lastDuration - release[r]);
            long weight = (long) part.priority(r);
            if (release[r] + total > deadline) {
                alwaysLate += weight;
                continue;
            }
            BoolVar late = model.newBoolVar("late" + r);
            model.addLessOrEqual(LinearExpr.newBuilder().add(start[r][layers - 1]).add(lastDuration).build(), deadline).onlyEnforceIf(late.not());
            lateWeight.addTerm(late, weight);
        }
        if (alwaysLate > missCap) return new Result(CpSolverStatus.INFEASIBLE.name(), null, Double.NaN, Double.NaN, 0, 0);
        model.addLessOrEqual(lateWeight.build(), missCap - alwaysLate);
        model.addNoOverlap(intervals);
        model.minimize(objective.build());
        if (hintPlan != null) {
            // The kernel's times for the hint, rounded as the model's; CP-SAT repairs what rounding breaks.
            new TimeMultiplexedKernel().run(part, new LayerPlan(part, hintPlan), new dev.cotenant.simulator.kernel.Outcome(),
                    (request, layer, s, e) -> model.addHint(start[request][layer], Math.max(start[request][layer].getDomain().min(),
                            Math.min(start[request][layer].getDomain().max(), (long) Math.floor((s - origin) * 1e9)))));
        }
        CpSolver solver = cpSat.solver();
        CpSolverStatus status = solver.solve(model);
        double det = solver.response().getDeterministicTime();
        boolean bounded = CpSat.hasSolution(status);
        double bound = bounded ? (solver.bestObjectiveBound() + constant) / q - slack : Double.NaN;
        if (!bounded) return new Result(status.name(), null, bound, Double.NaN, solver.wallTime(), det);
        List<long[]> steps = new ArrayList<>();
        for (int r = 0; r < n; r++) for (int l = 0; l < start[r].length; l++) steps.add(new long[] {solver.value(start[r][l]), r});
        steps.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] plan = new int[steps.size()];
        for (int k = 0; k < plan.length; k++) plan[k] = (int) steps.get(k)[1];
        double modelTurnaround = 0;
        for (int r = 0; r < n; r++) {
            int last = start[r].length - 1;
            modelTurnaround += (solver.value(start[r][last]) + duration[r][last] - release[r]) / (part.realIsolatedSeconds(r) * 1e9);
        }
        return new Result(status.name(), plan, bound, modelTurnaround, solver.wallTime(), det);
    }
}
