package dev.cotenant.search.optimal.moca;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaNetwork;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaWork;

import java.util.ArrayList;
import java.util.List;

/**
 * A lower bound, solved with CP-SAT, on the priority-weighted missed targets of every run of the
 * physical runtime in which each request is served by one of the four 2-tile sub-groups, as
 * {@code moca-optimal}'s plans are (any assignment, any order, one round or several, and the
 * online runs of the same executor). The executor must keep every request on one sub-group
 * ({@link MocaPolicies#keepsRequestsOnOneSubGroup}: not PREMA, not Planaria).
 *
 * <p>What no such run escapes:
 * <ul>
 *   <li>a sub-group runs one slot at a time, and a slot runs its request's layers back to back on
 *       the sub-group's 2 tiles, or on 1 tile for a co-located heavy's memory-heavy block: each layer
 *       takes at least {@code min(isolated on 1 tile, isolated on 2 tiles)} (contention and
 *       regulation only slow a layer);</li>
 *   <li>under a co-locating executor a request may run a leading portion as some heavy's partner,
 *       beside it on tile 1; only the layers after the longest such portion
 *       ({@link MocaRuntime#partnerEnd}, over every heavy network) are sure to run in its own slot.
 *       Without co-location all layers run in its own slot on 2 tiles.</li>
 * </ul>
 * So each request met occupies a sub-group exclusively for at least {@code e_r} cycles inside
 * {@code [arrival, arrival + target)}. The relaxation: choose the met set of largest weight such that
 * those intervals (release = arrival, last end = arrival + target - 1, fixed length {@code e_r}) fit
 * on 4 machines; late requests are left out (a plan can run them last). Four machines are a
 * cumulative of capacity 4 with unit demands: intervals whose overlap never exceeds 4 can always be
 * given to 4 sub-groups (interval graphs are perfect), so no symmetric assignment variables are
 * needed. A request whose fastest latency in this family ({@code sum of the per-layer minima}) is not
 * below its target is missed by every run. Times are whole cycles: lengths rounded down (arrivals
 * and targets are whole already), so every met set of a real run is feasible in the model.
 *
 * <p>The model's optimum equals the best back-to-back plan of the model's own times (a fixed list per
 * sub-group, each request as early as its arrival and its predecessor allow): the exhaustive test's
 * reference. It ignores memory contention (shared DRAM bandwidth, which the runtime models as a
 * fixed point CP-SAT cannot express), so it is below the runtime's cost of the same plans wherever
 * contention makes misses; it is a certificate where the best plan found reaches it.
 */
public final class PlanBound {
    /**
     * @param weightedMisses lower bound (integer weights: CP-SAT's proven bound rounded up)
     * @param exact          CP-SAT proved the model's optimum ({@code weightedMisses} is it)
     * @param status         CP-SAT's status, or why no model was needed
     * @param certainMisses  weight of the requests missed by every run of the family
     * @param modelMisses    the model's best met set's misses when CP-SAT found one (at least the bound), else -1
     * @param executor       the executing policy whose family the bound covers
     * @param coLocation     whether that executor co-locates (weaker exclusive lengths)
     * @param deterministicSeconds CP-SAT's deterministic time spent
     * @param modelPlan      the model's best met set as a one-round plan (per sub-group, request ids in order; the late
     *                       ones last), for the runtime to measure; null when CP-SAT found none
     */
    public record Result(long weightedMisses, boolean exact, String status, long certainMisses, long modelMisses,
                         String executor, boolean coLocation, double deterministicSeconds, int[][] modelPlan) {}

    private PlanBound() {}

    /** Per network: {@code [fastest latency in the family, least exclusive slot length]} in cycles. */
    static double[][] lengths(MocaWork work, boolean coLocation) {
        MocaNetwork[] networks = MocaNetwork.values();
        double[][] lengths = new double[networks.length][2];
        for (int n = 0; n < networks.length; n++) {
            int firstOwn = 0;
            if (coLocation) for (MocaNetwork heavy : networks) firstOwn = Math.max(firstOwn, MocaRuntime.partnerEnd(heavy, networks[n]));
            double latency = 0, own = 0;
            for (int l = 0; l < work.layerCount(n); l++) {
                double layer = work.isolatedLayerCycles(n, l, 2);
                if (coLocation) layer = Math.min(layer, work.isolatedLayerCycles(n, l, 1));
                latency += layer;
                if (l >= firstOwn) own += layer;
            }
            lengths[n][0] = latency;
            lengths[n][1] = own;
        }
        return lengths;
    }

    public static Result of(MocaTrace trace, String executor, CpSat cpSat) { return of(trace, executor, MocaWork.standard(), cpSat); }

    public static Result of(MocaTrace trace, String executor, MocaWork work, CpSat cpSat) {
        if (!MocaPolicies.keepsRequestsOnOneSubGroup(executor)) {
            throw BadInputException.setting("executor", executor + " does not keep each request on one 2-tile sub-group; the plan bound does not cover it");
        }
        return solve(trace, executor, MocaPolicies.coLocates(executor), work, cpSat);
    }

    /**
     * The model without co-location (every layer in the request's own slot on 2 tiles): its bound
     * holds for executors that do not co-locate, and its plan, which gives every request its whole
     * slot, is the better starting plan for any executor (a co-locating one's model lets whole
     * partners float free of any slot).
     */
    public static Result withoutCoLocation(MocaTrace trace, CpSat cpSat) {
        return solve(trace, MocaPolicies.STATIC_PARTITION, false, MocaWork.standard(), cpSat);
    }

    private static Result solve(MocaTrace trace, String executor, boolean coLocation, MocaWork work, CpSat cpSat) {
        double[][] lengths = lengths(work, coLocation);
        int n = trace.size();
        long certain = 0;
        List<Integer> candidates = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            // met needs latency < target; latency is at least the family's fastest
            if (lengths[trace.network(r)][0] >= trace.targetCycles(r)) certain += weight(trace, r);
            else candidates.add(r);
        }
        if (candidates.size() <= 4) {
            long[] start = new long[n];
            for (int r = 0; r < n; r++) start[r] = trace.arrivalCycles(r);
            boolean[] met = new boolean[n];
            for (int r : candidates) met[r] = true;
            return new Result(certain, true, "at most 4 candidates: each alone on a sub-group", certain, certain, executor, coLocation, 0,
                    plan(trace, lengths, start, met));
        }
        CpSat.load();
        CpModel model = new CpModel();
        CumulativeConstraint subGroups = model.addCumulative(4);
        Literal[] late = new Literal[candidates.size()];
        IntVar[] starts = new IntVar[candidates.size()];
        long[] weights = new long[candidates.size()];
        for (int i = 0; i < late.length; i++) {
            int r = candidates.get(i);
            long length = (long) Math.floor(lengths[trace.network(r)][1]);
            long arrival = trace.arrivalCycles(r);
            long lastEnd = arrival + trace.targetCycles(r) - 1;
            late[i] = model.newBoolVar("late" + r);
            weights[i] = weight(trace, r);
            if (length == 0) continue; // a request its partner portion can finish occupies no slot for sure
            IntVar start = model.newIntVar(arrival, lastEnd - length, "s" + r);
            starts[i] = start;
            IntervalVar slot = model.newOptionalFixedSizeIntervalVar(start, length, late[i].not(), "slot" + r);
            subGroups.addDemand(slot, 1);
        }
        model.minimize(LinearExpr.weightedSum(late, weights));
        CpSolver solver = cpSat.solver();
        CpSolverStatus status = solver.solve(model);
        long bound = Math.max(0, (long) Math.ceil(solver.bestObjectiveBound() - 1e-9));
        long found = -1;
        int[][] modelPlan = null;
        if (CpSat.hasSolution(status)) {
            found = Math.round(solver.objectiveValue()) + certain;
            long[] start = new long[n];
            boolean[] met = new boolean[n];
            for (int i = 0; i < late.length; i++) {
                int r = candidates.get(i);
                met[r] = !solver.booleanValue(late[i]);
                start[r] = starts[i] == null ? trace.arrivalCycles(r) : solver.value(starts[i]);
            }
            modelPlan = plan(trace, lengths, start, met);
        }
        return new Result(certain + bound, status == CpSolverStatus.OPTIMAL, status.name(), certain, found, executor, coLocation,
                solver.response().getDeterministicTime(), modelPlan);
    }

    /**
     * The model's schedule as four lists: met requests by start time, each to the sub-group that
     * freed last at or before its start (at most 4 overlap, so one always has: greedy colouring of an
     * interval graph); run back to back, each then starts no later than in the model, so it is met
     * again. The late requests follow, by deadline, each on the sub-group that frees first.
     */
    static int[][] plan(MocaTrace trace, double[][] lengths, long[] start, boolean[] met) {
        int n = trace.size();
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) order[r] = r;
        java.util.Arrays.sort(order, (x, y) -> met[x] != met[y] ? (met[x] ? -1 : 1)
                : met[x] ? Long.compare(start[x], start[y]) : Long.compare(trace.arrivalCycles(x) + trace.targetCycles(x), trace.arrivalCycles(y) + trace.targetCycles(y)));
        long[] free = new long[4];
        java.util.Arrays.fill(free, Long.MIN_VALUE);
        List<List<Integer>> lists = new ArrayList<>();
        for (int k = 0; k < 4; k++) lists.add(new ArrayList<>());
        for (int r : order) {
            long length = (long) Math.floor(lengths[trace.network(r)][1]);
            int chosen = -1;
            if (met[r]) {
                for (int k = 0; k < 4; k++) if (free[k] <= start[r] && (chosen < 0 || free[k] > free[chosen])) chosen = k;
            }
            if (chosen < 0) { // late (or, defensively, no sub-group free): the one that frees first
                chosen = 0;
                for (int k = 1; k < 4; k++) if (free[k] < free[chosen]) chosen = k;
            }
            long begin = met[r] ? start[r] : Math.max(free[chosen], trace.arrivalCycles(r));
            free[chosen] = Math.max(free[chosen], begin + length);
            lists.get(chosen).add(r);
        }
        int[][] orders = new int[4][];
        for (int k = 0; k < 4; k++) orders[k] = lists.get(k).stream().mapToInt(Integer::intValue).toArray();
        return orders;
    }

    private static long weight(MocaTrace trace, int r) { return trace.priorityLevel(r) + 1; }
}
