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
import dev.cotenant.simulator.policy.LayerPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * The second lexicographic solve: the least normalised turnaround sum of one busy period over every
 * schedule the kernel can run whose late requests weigh at most {@code missCap} (the proven optimum
 * of the first solve). Every request is a chain of layer intervals after its release on one
 * no-overlap resource, all inside the busy period: the kernel never idles while work waits, so its
 * schedules fill the period exactly, and conversely every gapless layer schedule that respects the
 * releases is one the kernel runs ({@link LayerPlan} replays it). Layers may interleave in any way
 * (the documented counterexample's optimum does), so the objective bound is a lower bound on the
 * turnaround of every kernel schedule with those misses, whatever its scheduler. A schedule that idles
 * on purpose is not covered (as for the misses, a kernel cannot run it).
 *
 * <p>Integers chosen so the model is a relaxation, as in {@link KernelScheduleModel}: nanoseconds
 * from the first arrival, durations, releases and deadlines rounded down; request {@code r}'s
 * turnaround {@code (end - release) / isolated} is weighted by an integer {@code c_r <= Q / isolated_r}
 * (nanoseconds), {@code Q} as large as keeps the objective in 62 bits. A real schedule, its starts
 * rounded down, is a model schedule whose {@code end - release} exceeds the real turnaround by at most
 * 1 ns, so {@code objectiveBound / Q - sum 1 / isolatedNs} is below the real optimum; that is the bound
 * reported. The model's schedule is only a layer order: the kernel replays it and measures it.
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

    /** Largest objective value allowed (CP-SAT wants sums well inside 64 bits). */
    private static final double OBJECTIVE_CEILING = 1e18;

    private TurnaroundModel() {}

    /**
     * No solution hint: on random 5-request periods the incumbent as a hint kept CP-SAT from proving
     * within 5x the limit what it proves in 0.04 units without one.
     *
     * @param missCap weighted misses allowed (an integer: priorities are)
     */
    public static Result solve(CompiledTrace part, long missCap, CpSat cpSat) {
        int n = part.size();
        for (int r = 0; r < n; r++) {
            if (part.priority(r) != Math.rint(part.priority(r))) return new Result("skipped: non-integer priorities", null, Double.NaN, Double.NaN, 0, 0);
        }
        double origin = part.arrivalSeconds(0);
        double totalSeconds = 0, minIsolatedNs = Double.POSITIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            for (int l = 0; l < part.layerCount(r); l++) totalSeconds += KernelScheduleModel.layerSeconds(part, r, l);
            minIsolatedNs = Math.min(minIsolatedNs, part.realIsolatedSeconds(r) * 1e9);
        }
        // The kernel fills the busy period exactly (one extra nanosecond for the rounding of its end).
        long horizon = (long) Math.ceil(totalSeconds * 1e9) + 1;
        // Each term is at most (Q / minIsolated) * horizon; n of them stay under the ceiling.
        double q = Math.floor(OBJECTIVE_CEILING * minIsolatedNs / ((double) n * horizon));
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
        KernelScheduleModel.addPrecedence(model, part, start, duration);
        if (alwaysLate > missCap) return new Result(CpSolverStatus.INFEASIBLE.name(), null, Double.NaN, Double.NaN, 0, 0);
        model.addLessOrEqual(lateWeight.build(), missCap - alwaysLate);
        model.addNoOverlap(intervals);
        model.minimize(objective.build());
        CpSolver solver = cpSat.solver();
        CpSolverStatus status = solver.solve(model);
        double det = solver.response().getDeterministicTime();
        boolean bounded = CpSat.hasSolution(status);
        double bound = bounded ? (solver.bestObjectiveBound() + constant) / q - slack : Double.NaN;
        // CP-SAT undercounts deterministic time on some of these models; a solve the wall-clock net
        // ended depends on the machine, and says so.
        String said = status.name() + (cpSat.endedByWallClock(solver) ? " (ended by the wall-clock net)" : "");
        if (!bounded) return new Result(said, null, bound, Double.NaN, solver.wallTime(), det);
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
        return new Result(said, plan, bound, modelTurnaround, solver.wallTime(), det);
    }
}
