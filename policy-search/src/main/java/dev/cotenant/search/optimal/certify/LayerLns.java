package dev.cotenant.search.optimal.certify;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.LayerPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Large-neighbourhood search over kernel schedules of one busy period, with CP-SAT: keep the
 * incumbent (a gapless layer schedule the kernel ran), free a set of its layer steps, fix every
 * other step where it ran, and let CP-SAT re-place the free steps in the holes they leave, for the
 * least priority-weighted misses among the requests that finish in a free step. Two neighbourhoods,
 * in turn: a window of consecutive steps (time), and every step of a window of consecutive
 * requests (by arrival); a pass over the period that improves nothing doubles the window size, once. An improved model schedule is replayed by the kernel ({@link LayerPlan})
 * and kept only if the kernel measures it better under the objective (one ruler), so the result is
 * never worse than the start.
 *
 * <p>Model time is the incumbent's order with each layer's duration rounded down to a nanosecond,
 * so fixed and free steps tile the holes exactly; the real schedule runs later than the model by at
 * most one nanosecond per layer before it, so releases are rounded up and deadlines lowered by that
 * drift: what the model calls on time is on time in the kernel (the replay checks it anyway).
 *
 * <p>Deterministic: one worker, fixed seed, deterministic time limits, a fixed visiting order.
 */
public final class LayerLns {
    /**
     * @param plan         the best plan (local request ids per layer step), the start's if nothing improved
     * @param cost         its kernel-measured cost
     * @param solves       CP-SAT solves made
     * @param improvements plans accepted
     * @param deterministicSeconds CP-SAT deterministic time used
     */
    public record Result(int[] plan, Cost cost, int solves, int improvements, double deterministicSeconds) {}

    private LayerLns() {}

    /**
     * @param windowSteps layer steps freed per time window (a request window frees about as many: {@code windowSteps x requests / steps} requests, at least 2)
     * @param perSolve    deterministic seconds per CP-SAT solve
     * @param budget      deterministic seconds for the whole search
     */
    public static Result improve(CompiledTrace part, int[] startPlan, ScheduleObjective objective, CpSat cpSat,
                                 int windowSteps, double perSolve, double budget) {
        int steps = startPlan.length;
        int[] plan = startPlan.clone();
        Timeline tl = Timeline.of(part, plan);
        Cost cost = objective.cost(part, tl.outcome);
        int n = part.size();
        long drift = steps; // at most 1 ns per rounded layer duration
        double origin = tl.startSeconds[0];
        long[] release = new long[n], deadline = new long[n];
        for (int r = 0; r < n; r++) {
            release[r] = Math.max(0, (long) Math.ceil((part.arrivalSeconds(r) - origin) * 1e9));
            deadline[r] = (long) Math.floor((part.deadlineSeconds(r) - origin) * 1e9) - drift;
        }
        int window = Math.max(2, Math.min(windowSteps, steps));
        double spent = 0;
        int solves = 0, improvements = 0;
        boolean lastPass = false;
        while (budget - spent > 1e-3) {
            // About as many steps as a time window: a window of 30 requests (1,139 steps of a 7,003-step
            // period) spent CP-SAT's 60 s wall-clock net on 0.24 deterministic seconds.
            int requestWindow = (int) Math.max(2, Math.min(n, (long) window * n / steps));
            boolean improvedInPass = false;
            List<boolean[]> neighbourhoods = new ArrayList<>();
            for (int a = 0; a < steps; a += Math.max(1, window / 2)) {
                boolean[] free = new boolean[steps];
                Arrays.fill(free, a, Math.min(steps, a + window), true);
                neighbourhoods.add(free);
                if (a + window >= steps) break;
            }
            for (int first = 0; first < n; first += Math.max(1, requestWindow / 2)) {
                neighbourhoods.add(null); // marker: filled from the current plan below, as plans change
                if (first + requestWindow >= n) break;
            }
            int timeWindows = 0;
            for (boolean[] f : neighbourhoods) if (f != null) timeWindows++;
            for (int k = 0; k < neighbourhoods.size() && budget - spent > 1e-3; k++) {
                boolean[] free = neighbourhoods.get(k);
                if (free == null) {
                    int first = (k - timeWindows) * Math.max(1, requestWindow / 2);
                    free = new boolean[steps];
                    for (int i = 0; i < steps; i++) free[i] = plan[i] >= first && plan[i] < first + requestWindow;
                }
                if (tl.lateWeightFinishingIn(part, free) == 0) continue; // nothing to gain in misses
                Attempt at = solve(part, plan, tl, free, release, deadline, cpSat.withDeterministicSeconds(Math.min(perSolve, budget - spent)));
                solves++;
                spent += at.deterministicSeconds;
                if (VERBOSE) System.err.printf("LNS %s %d: %d free steps, %.3f det s, %.2f wall s, %s%n", k < timeWindows ? "steps" : "requests", k,
                        count(free), at.deterministicSeconds, at.wallSeconds, at.status);
                if (at.plan == null) continue;
                Timeline replay = Timeline.of(part, at.plan);
                Cost replayCost = objective.cost(part, replay.outcome);
                if (objective.compare(replayCost, cost) < 0) {
                    plan = at.plan;
                    tl = replay;
                    cost = replayCost;
                    improvements++;
                    improvedInPass = true;
                }
            }
            // A local optimum for this window size: widen the neighbourhoods once (windows CP-SAT
            // proves unimprovable cost almost nothing). Not further: on a 7,003-step period, windows
            // of 1,200 steps spent CP-SAT's 60 s wall-clock net on 0.2-0.5 deterministic seconds,
            // which makes the answer depend on the machine.
            if (!improvedInPass) {
                if (lastPass || window >= steps) break;
                window = Math.min(steps, 2 * window);
                lastPass = true;
            }
        }
        return new Result(plan, cost, solves, improvements, spent);
    }

    private record Attempt(int[] plan, double deterministicSeconds, double wallSeconds, String status) {}

    private static final boolean VERBOSE = Boolean.getBoolean("cotenant.lns.verbose");

    private static int count(boolean[] free) {
        int c = 0;
        for (boolean f : free) if (f) c++;
        return c;
    }

    /** Re-places the free steps in the holes they leave; a plan only when the model beats the incumbent there. */
    private static Attempt solve(CompiledTrace part, int[] plan, Timeline tl, boolean[] free, long[] release, long[] deadline, CpSat cpSat) {
        int steps = plan.length;
        int firstFree = -1, lastFree = -1;
        for (int i = 0; i < steps; i++) if (free[i]) { if (firstFree < 0) firstFree = i; lastFree = i; }
        CpSat.load();
        CpModel model = new CpModel();
        IntVar[] start = new IntVar[steps];
        List<IntervalVar> intervals = new ArrayList<>();
        // Latest model end of a free step: the step after it of the same request, if fixed, bounds it.
        int n = part.size();
        int[] lastStepOf = new int[n];
        Arrays.fill(lastStepOf, -1);
        for (int i = 0; i < steps; i++) lastStepOf[plan[i]] = i;
        long spanEnd = tl.modelStart[lastFree] + tl.modelDuration[lastFree];
        for (int i = firstFree; i <= lastFree; i++) {
            long d = tl.modelDuration[i];
            if (!free[i]) {
                intervals.add(model.newFixedInterval(tl.modelStart[i], d, "f" + i));
                continue;
            }
            int r = plan[i];
            start[i] = model.newIntVar(tl.modelStart[firstFree], spanEnd - d, "s" + i);
            intervals.add(model.newFixedSizeIntervalVar(start[i], d, "i" + i));
            model.addHint(start[i], tl.modelStart[i]);
        }
        model.addNoOverlap(intervals);
        // Chains: a request's free steps in order, after its fixed step before them, before its fixed step after them.
        int[] previous = new int[n];
        Arrays.fill(previous, -1);
        List<BoolVar> late = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        long incumbentLate = 0;
        for (int i = 0; i <= lastFree; i++) {
            int r = plan[i];
            int p = previous[r];
            previous[r] = i;
            if (!free[i]) {
                if (p >= 0 && free[p]) model.addLessOrEqual(LinearExpr.newBuilder().add(start[p]).add(tl.modelDuration[p]).build(), tl.modelStart[i]);
                continue;
            }
            if (p >= 0) {
                if (free[p]) model.addGreaterOrEqual(start[i], LinearExpr.newBuilder().add(start[p]).add(tl.modelDuration[p]).build());
                else model.addGreaterOrEqual(start[i], tl.modelStart[p] + tl.modelDuration[p]);
            }
            model.addGreaterOrEqual(start[i], release[r]);
            if (lastStepOf[r] == i) {
                BoolVar isLate = model.newBoolVar("late" + r);
                model.addLessOrEqual(LinearExpr.newBuilder().add(start[i]).add(tl.modelDuration[i]).build(), deadline[r]).onlyEnforceIf(isLate.not());
                late.add(isLate);
                long w = (long) part.priority(r);
                weights.add(w);
                boolean wasLate = tl.lateInKernel[r];
                model.addHint(isLate, wasLate);
                if (wasLate) incumbentLate += w;
            }
        }
        // Free steps after lastFree cannot exist; fixed successors after the span are already ordered by the span's end.
        LinearExpr lateWeight = LinearExpr.weightedSum(late.toArray(new BoolVar[0]), weights.stream().mapToLong(Long::longValue).toArray());
        model.addLessOrEqual(lateWeight, Math.max(0, incumbentLate - 1));
        model.minimize(lateWeight);
        CpSolver solver = cpSat.solver();
        // No LP relaxation: on these no-overlap models it made every solve 10-40x slower and proved
        // less (measured: 40 s against 3.7 s for the same test, optimal windows instead of UNKNOWN).
        solver.getParameters().setLinearizationLevel(0);
        CpSolverStatus status = solver.solve(model);
        double det = solver.response().getDeterministicTime();
        if (!CpSat.hasSolution(status)) return new Attempt(null, det, solver.wallTime(), status.name());
        long[][] placed = new long[lastFree - firstFree + 1][];
        for (int i = firstFree; i <= lastFree; i++) {
            placed[i - firstFree] = new long[] {free[i] ? solver.value(start[i]) : tl.modelStart[i], i};
        }
        Arrays.sort(placed, (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int[] next = plan.clone();
        for (int k = 0; k < placed.length; k++) next[firstFree + k] = plan[(int) placed[k][1]];
        return new Attempt(next, det, solver.wallTime(), status.name() + " " + (long) solver.objectiveValue() + " (was " + incumbentLate + ")");
    }

    /** A plan as the kernel runs it: the steps' model times and each request's lateness. */
    private static final class Timeline {
        final long[] modelStart, modelDuration;
        final double[] startSeconds;
        final boolean[] lateInKernel;
        final int[] planInRunOrder;
        final Outcome outcome;

        private Timeline(int steps, int n, Outcome outcome) {
            modelStart = new long[steps];
            modelDuration = new long[steps];
            startSeconds = new double[steps];
            lateInKernel = new boolean[n];
            planInRunOrder = new int[steps];
            this.outcome = outcome;
        }

        static Timeline of(CompiledTrace part, int[] plan) {
            Outcome outcome = new Outcome();
            Timeline t = new Timeline(plan.length, part.size(), outcome);
            int[] k = {0};
            double[] finish = new double[part.size()];
            new TimeMultiplexedKernel().run(part, new LayerPlan(part, plan), outcome, (request, layer, s, e) -> {
                int i = k[0]++;
                t.planInRunOrder[i] = request;
                t.startSeconds[i] = s;
                t.modelDuration[i] = (long) Math.floor(KernelScheduleModel.layerSeconds(part, request, layer) * 1e9);
                t.modelStart[i] = i == 0 ? 0 : t.modelStart[i - 1] + t.modelDuration[i - 1];
                finish[request] = e;
            });
            // The kernel runs a plan in its own order: the steps are indexed in run order from here on.
            System.arraycopy(t.planInRunOrder, 0, plan, 0, plan.length);
            for (int r = 0; r < part.size(); r++) t.lateInKernel[r] = finish[r] > part.deadlineSeconds(r);
            return t;
        }

        long lateWeightFinishingIn(CompiledTrace part, boolean[] free) {
            long w = 0;
            boolean[] seen = new boolean[part.size()];
            for (int i = free.length - 1; i >= 0; i--) {
                int r = planInRunOrder[i];
                if (seen[r]) continue;
                seen[r] = true;
                if (free[i] && lateInKernel[r]) w += (long) part.priority(r);
            }
            return w;
        }
    }
}
