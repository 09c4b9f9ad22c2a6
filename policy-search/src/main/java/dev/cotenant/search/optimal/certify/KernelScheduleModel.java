package dev.cotenant.search.optimal.certify;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.policy.LayerPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * CP-SAT model of every layer schedule of one busy period, for the least priority-weighted missed
 * deadlines. Each on-time request is a chain of layer intervals of their own durations, after its
 * release, its last layer ending by its deadline; one no-overlap resource. A late request's layers
 * are left out: they can run after everything else, so they never constrain the on-time ones.
 * Layers may interleave in any way (A, B, A with no arrival between: no fixed priority order does
 * that) and the machine may idle, so an optimum here is an optimum over <em>every</em> schedule with
 * preemption at layer boundaries, in particular over every scheduler the kernel can run.
 *
 * <p>Solved as a sequence of feasibility questions, from a proven lower bound upwards: "can the late
 * requests weigh at most {@code T}?" A proof of "no" raises the bound to {@code T + 1} (weights are
 * integers); a "yes" is a schedule with at most {@code T}; a solve that ends on its limit leaves the
 * bracket. Cheaper for CP-SAT than one optimisation: a capped late set leaves most chains mandatory.
 *
 * <p>Integers, chosen so the model is a relaxation of the real one (every real schedule, its starts
 * rounded down, is a schedule of the model with the same on-time set, so its bounds are valid):
 * nanoseconds from the period's first arrival, with durations, releases and deadlines rounded down.
 * The model's schedule is therefore never trusted as such: its layer order (on-time layers by start,
 * then the late requests' layers by arrival) is replayed by the kernel ({@link LayerPlan}), which
 * cannot idle, and measured by {@link MetricCalculator}.
 */
public final class KernelScheduleModel {
    /**
     * @param status  the last solve's CP-SAT status
     * @param plan    the best model schedule's layer order (local request ids per step), or null
     * @param bound   proven lower bound on the weighted misses of every layer schedule
     * @param found   weighted misses of the best model schedule, NaN without one
     * @param solves  CP-SAT solves made
     */
    public record Result(String status, int[] plan, double bound, double found, int solves, double wallSeconds, double deterministicSeconds) {}

    private KernelScheduleModel() {}

    /**
     * @param lowerBound a weighted-miss count no schedule beats (for example the preemptive bound)
     * @param upperBound stop once a schedule this good is known (the incumbent's misses, minus one step)
     * @param budget     deterministic seconds for all the solves together
     */
    public static Result solve(CompiledTrace part, double lowerBound, double upperBound, CpSat cpSat, double budget, boolean kernelSchedules) {
        int n = part.size();
        boolean integral = true;
        for (int r = 0; r < n; r++) integral &= part.priority(r) == Math.rint(part.priority(r));
        if (!integral) return new Result("skipped: non-integer priorities", null, lowerBound, Double.NaN, 0, 0, 0);
        long bound = (long) Math.ceil(lowerBound - 1e-6);
        double spent = 0, wall = 0;
        int solves = 0;
        String status = "not run";
        int[] plan = null;
        double found = Double.NaN;
        while (bound <= upperBound + 1e-6 && budget - spent > 1e-3) {
            Attempt a = attempt(part, bound, cpSat.withDeterministicSeconds(budget - spent), kernelSchedules);
            solves++;
            spent += a.deterministicSeconds;
            wall += a.wallSeconds;
            status = a.status;
            if (a.status.equals(CpSolverStatus.INFEASIBLE.name())) {
                bound++;
            } else {
                if (a.plan != null) {
                    plan = a.plan;
                    found = a.misses;
                }
                break;
            }
        }
        return new Result(status, plan, bound, found, solves, wall, spent);
    }

    private record Attempt(String status, int[] plan, long misses, double wallSeconds, double deterministicSeconds) {}

    /** Is there a layer schedule (a kernel schedule if asked) whose late requests weigh at most {@code cap}? */
    private static Attempt attempt(CompiledTrace part, long cap, CpSat cpSat, boolean kernelSchedules) {
        int n = part.size();
        double origin = part.arrivalSeconds(0);
        double totalSeconds = 0;
        for (int r = 0; r < n; r++) for (int l = 0; l < part.layerCount(r); l++) totalSeconds += layerSeconds(part, r, l);
        // The kernel never idles while work waits, so its schedules fill the busy period exactly.
        long horizon = (long) Math.ceil(totalSeconds * 1e9);
        CpSat.load(); // before the model: its variables are native objects
        CpModel model = new CpModel();
        IntVar[][] start = new IntVar[n][];
        long[][] durations = new long[n][];
        long[] deadlines = new long[n];
        BoolVar[] onTime = new BoolVar[n];
        long[] weight = new long[n];
        List<IntervalVar> intervals = new ArrayList<>();
        long alwaysLate = 0;
        for (int r = 0; r < n; r++) {
            weight[r] = (long) part.priority(r);
            int layers = part.layerCount(r);
            long[] duration = new long[layers];
            long total = 0;
            for (int l = 0; l < layers; l++) {
                duration[l] = (long) Math.floor(layerSeconds(part, r, l) * 1e9);
                total += duration[l];
            }
            long release = (long) Math.floor((part.arrivalSeconds(r) - origin) * 1e9);
            long deadline = (long) Math.floor((part.deadlineSeconds(r) - origin) * 1e9);
            durations[r] = duration;
            deadlines[r] = deadline;
            boolean lateAlone = release + total > deadline;
            if (lateAlone) alwaysLate += weight[r];
            if (lateAlone && !kernelSchedules) continue;
            if (!lateAlone) onTime[r] = model.newBoolVar("on" + r);
            start[r] = new IntVar[layers];
            long before = 0, after = total;
            // Every schedule: an on-time request's layers, inside its window. Kernel schedules: every
            // request's layers, inside the busy period, the deadline enforced when on time.
            long end = kernelSchedules ? horizon : deadline;
            for (int l = 0; l < layers; l++) {
                after -= duration[l];
                start[r][l] = model.newIntVar(release + before, Math.max(release + before, end - after - duration[l]), "s" + r + "_" + l);
                intervals.add(kernelSchedules ? model.newFixedSizeIntervalVar(start[r][l], duration[l], "i" + r + "_" + l)
                        : model.newOptionalFixedSizeIntervalVar(start[r][l], duration[l], onTime[r], "i" + r + "_" + l));
                if (l > 0) model.addGreaterOrEqual(start[r][l], LinearExpr.newBuilder().add(start[r][l - 1]).add(duration[l - 1]).build());
                before += duration[l];
            }
            if (kernelSchedules && onTime[r] != null) {
                model.addLessOrEqual(LinearExpr.newBuilder().add(start[r][layers - 1]).add(duration[layers - 1]).build(), deadline)
                        .onlyEnforceIf(onTime[r]);
            }
        }
        if (kernelSchedules) {
            addPrecedence(model, part, start, durations);
        } else {
            addOnTimePrecedence(model, part, start, durations, deadlines, onTime);
        }
        if (alwaysLate > cap) return new Attempt(CpSolverStatus.INFEASIBLE.name(), null, 0, 0, 0);
        List<BoolVar> vars = new ArrayList<>();
        List<Long> coefficients = new ArrayList<>();
        long candidatesWeight = 0;
        for (int r = 0; r < n; r++) {
            if (onTime[r] == null) continue;
            vars.add(onTime[r]);
            coefficients.add(weight[r]);
            candidatesWeight += weight[r];
        }
        // Late weight = alwaysLate + candidatesWeight - on-time weight <= cap.
        model.addGreaterOrEqual(LinearExpr.weightedSum(vars.toArray(new BoolVar[0]), coefficients.stream().mapToLong(Long::longValue).toArray()),
                alwaysLate + candidatesWeight - cap);
        model.addNoOverlap(intervals);

        CpSolver solver = cpSat.solver();
        CpSolverStatus status = solver.solve(model);
        double det = solver.response().getDeterministicTime();
        String said = status.name() + (cpSat.endedByWallClock(solver) ? " (ended by the wall-clock net)" : "");
        if (!CpSat.hasSolution(status)) return new Attempt(said, null, 0, solver.wallTime(), det);
        // On-time layers by their start, then the late requests' layers, request by request in arrival order.
        List<long[]> steps = new ArrayList<>();
        long misses = alwaysLate;
        boolean[] placed = new boolean[n];
        for (int r = 0; r < n; r++) {
            boolean on = onTime[r] != null && solver.booleanValue(onTime[r]);
            if (onTime[r] != null && !on) misses += weight[r];
            if (on || kernelSchedules) {
                placed[r] = true;
                for (int l = 0; l < start[r].length; l++) steps.add(new long[] {solver.value(start[r][l]), r});
            }
        }
        steps.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int total = 0;
        for (int r = 0; r < n; r++) total += part.layerCount(r);
        int[] plan = new int[total];
        int k = 0;
        for (long[] s : steps) plan[k++] = (int) s[1];
        for (int r = 0; r < n; r++) {
            if (placed[r]) continue;
            for (int l = 0; l < part.layerCount(r); l++) plan[k++] = r;
        }
        return new Attempt(said, plan, misses, solver.wallTime(), det);
    }

    /**
     * A dependant's first layer starts after each predecessor's last layer ends, for models that
     * place every layer of every request. Rounded down, a real schedule still satisfies it
     * ({@code floor(a + b) >= floor(a) + floor(b)}).
     */
    static void addPrecedence(CpModel model, CompiledTrace part, IntVar[][] start, long[][] duration) {
        if (!part.hasDependencies()) return;
        for (int r = 0; r < part.size(); r++) {
            for (int k = 0; k < part.trace().dependencyCount(r); k++) {
                int p = part.trace().dependency(r, k);
                int last = start[p].length - 1;
                model.addGreaterOrEqual(start[r][0], LinearExpr.newBuilder().add(start[p][last]).add(duration[p][last]).build());
            }
        }
    }

    /**
     * Precedence in the model of on-time requests only. Both on time: the dependant starts after the
     * predecessor's last layer. The predecessor late (or left out, late in any case) and the dependant
     * on time: the predecessor finishes after its deadline (or is dropped, and its dependant with it),
     * so the dependant starts after that deadline. Both hold for every schedule, under any drop rule.
     */
    private static void addOnTimePrecedence(CpModel model, CompiledTrace part, IntVar[][] start, long[][] duration, long[] deadline, BoolVar[] onTime) {
        if (!part.hasDependencies()) return;
        for (int r = 0; r < part.size(); r++) {
            if (onTime[r] == null) continue; // late in any case: not in this model
            for (int k = 0; k < part.trace().dependencyCount(r); k++) {
                int p = part.trace().dependency(r, k);
                if (onTime[p] == null) {
                    model.addGreaterOrEqual(start[r][0], deadline[p]).onlyEnforceIf(onTime[r]);
                    continue;
                }
                int last = start[p].length - 1;
                model.addGreaterOrEqual(start[r][0], LinearExpr.newBuilder().add(start[p][last]).add(duration[p][last]).build())
                        .onlyEnforceIf(new Literal[] {onTime[r], onTime[p]});
                model.addGreaterOrEqual(start[r][0], deadline[p]).onlyEnforceIf(new Literal[] {onTime[r], onTime[p].not()});
            }
        }
    }

    static double layerSeconds(CompiledTrace part, int request, int layer) {
        return part.workload().layerSeconds(part.trace().modelId(request), part.trace().sample(request), layer);
    }
}
