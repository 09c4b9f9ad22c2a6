package dev.cotenant.search.optimal.certify;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.policy.LayerPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CP-SAT model of the schedules the kernel runs on one busy period, for the least priority-weighted
 * missed deadlines: every layer of every request is an interval of its own fixed duration, after its
 * release and its request's previous layer; one no-overlap resource; all of it inside the busy
 * period (which the kernel, never idle while work waits, fills exactly). A request is on time if its
 * last layer ends by its deadline. Layers may interleave in any way (A, B, A with no arrival between:
 * no fixed priority order does that), so an optimum here is an optimum over <em>every</em> scheduler
 * the kernel can run, online or clairvoyant.
 *
 * <p>Integers, chosen so the model is a relaxation of the real one (its optimum is never above the
 * real optimum, so its bound is valid): times in whole nanoseconds from the period's first arrival,
 * layer durations, releases and deadlines rounded down, the period's end rounded up. A real kernel
 * schedule, its starts rounded down, is then a schedule of the model with the same on-time set. The
 * model may in turn idle for a few nanoseconds the kernel cannot; its answer is therefore never
 * trusted as such: its layer order is replayed by the kernel ({@link LayerPlan}) and measured by
 * {@link MetricCalculator}.
 */
public final class KernelScheduleModel {
    /**
     * @param status     CP-SAT's status
     * @param plan       the model's layer order, request ids (local) per step, or null without a solution
     * @param bound      CP-SAT's proven lower bound on the weighted misses of every kernel schedule
     * @param found      weighted misses of the model's solution (integer model), NaN without one
     */
    public record Result(String status, int[] plan, double bound, double found, double wallSeconds, double deterministicSeconds) {}

    private KernelScheduleModel() {}

    /**
     * @param lowerBound  a weighted-miss count no kernel schedule beats (for example the preemptive
     *                    bound), added as a cut
     * @param hintPlan    a kernel schedule to start from (its layer order, local ids), or null
     */
    public static Result solve(CompiledTrace part, double lowerBound, int[] hintPlan, CpSat cpSat) {
        int n = part.size();
        double origin = part.arrivalSeconds(0);
        double totalSeconds = 0;
        long[][] duration = new long[n][];
        for (int r = 0; r < n; r++) {
            int layers = part.layerCount(r);
            duration[r] = new long[layers];
            for (int l = 0; l < layers; l++) {
                double s = layerSeconds(part, r, l);
                totalSeconds += s;
                duration[r][l] = (long) Math.floor(s * 1e9);
            }
        }
        long horizon = (long) Math.ceil(totalSeconds * 1e9);
        boolean integral = true;
        for (int r = 0; r < n; r++) integral &= part.priority(r) == Math.rint(part.priority(r));
        double scale = integral ? 1 : 1e6;

        CpSat.load(); // before the model: its variables are native objects
        CpModel model = new CpModel();
        IntVar[][] start = new IntVar[n][];
        List<IntervalVar> intervals = new ArrayList<>();
        BoolVar[] late = new BoolVar[n];
        long[] weight = new long[n];
        for (int r = 0; r < n; r++) {
            long release = (long) Math.floor((part.arrivalSeconds(r) - origin) * 1e9);
            long deadline = (long) Math.floor((part.deadlineSeconds(r) - origin) * 1e9);
            int layers = duration[r].length;
            start[r] = new IntVar[layers];
            long before = 0, after = Arrays.stream(duration[r]).sum();
            for (int l = 0; l < layers; l++) {
                after -= duration[r][l];
                // Earliest: release plus the layers before; latest: the end minus the layers after.
                start[r][l] = model.newIntVar(release + before, horizon - after - duration[r][l], "s" + r + "_" + l);
                intervals.add(model.newFixedSizeIntervalVar(start[r][l], duration[r][l], "i" + r + "_" + l));
                if (l > 0) model.addGreaterOrEqual(start[r][l], LinearExpr.newBuilder().add(start[r][l - 1]).add(duration[r][l - 1]).build());
                before += duration[r][l];
            }
            late[r] = model.newBoolVar("late" + r);
            weight[r] = (long) Math.floor(part.priority(r) * scale);
            model.addLessOrEqual(LinearExpr.newBuilder().add(start[r][layers - 1]).add(duration[r][layers - 1]).build(), deadline)
                    .onlyEnforceIf(late[r].not());
        }
        model.addNoOverlap(intervals);
        LinearExpr misses = LinearExpr.weightedSum(late, weight);
        model.addGreaterOrEqual(misses, (long) Math.ceil(lowerBound * scale - 1e-6));
        model.minimize(misses);
        if (hintPlan != null) hint(part, hintPlan, origin, model, start, late);

        CpSolver solver = cpSat.solver();
        CpSolverStatus status = solver.solve(model);
        double bound = Math.max(lowerBound, Math.ceil(solver.bestObjectiveBound() - 1e-9) / scale);
        int[] plan = null;
        double found = Double.NaN;
        if (CpSat.hasSolution(status)) {
            found = solver.objectiveValue() / scale;
            int steps = intervals.size();
            long[] key = new long[steps];
            int[] owner = new int[steps];
            int k = 0;
            for (int r = 0; r < n; r++) {
                for (int l = 0; l < start[r].length; l++) {
                    owner[k] = r;
                    key[k++] = solver.value(start[r][l]);
                }
            }
            Integer[] order = new Integer[steps];
            for (int i = 0; i < steps; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> key[a] != key[b] ? Long.compare(key[a], key[b]) : Integer.compare(a, b));
            plan = new int[steps];
            for (int i = 0; i < steps; i++) plan[i] = owner[order[i]];
        }
        return new Result(status.name(), plan, bound, found, solver.wallTime(), solver.response().getDeterministicTime());
    }

    /** The kernel's run of {@code hintPlan}, starts rounded down: a solution of the model (see the class comment). */
    private static void hint(CompiledTrace part, int[] hintPlan, double origin, CpModel model, IntVar[][] start, BoolVar[] late) {
        Outcome outcome = new Outcome();
        new TimeMultiplexedKernel().run(part, new LayerPlan(part, hintPlan), outcome,
                (request, layer, s, e) -> model.addHint(start[request][layer], (long) Math.floor((s - origin) * 1e9)));
        for (int r = 0; r < part.size(); r++) {
            model.addHint(late[r], MetricCalculator.isLate(outcome.finishSeconds(r), part.deadlineSeconds(r)) ? 1 : 0);
        }
    }

    static double layerSeconds(CompiledTrace part, int request, int layer) {
        return part.workload().layerSeconds(part.trace().modelId(request), part.trace().sample(request), layer);
    }
}
