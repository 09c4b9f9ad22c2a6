package dev.cotenant.search.optimal.moca;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaNetwork;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaWork;

import java.util.ArrayList;
import java.util.Arrays;
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
 * below its target is missed by every run. Times are in whole units of {@link #UNIT_CYCLES}, arrivals,
 * last ends and lengths rounded down, so every met set of a real run is feasible in the model.
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
        return solve(trace, executor, MocaPolicies.coLocates(executor), work, cpSat, UNIT_CYCLES);
    }

    /**
     * A starting plan for the search, not a bound: the model without co-location (every layer in the
     * request's own slot on 2 tiles, so whole partners do not float free of any slot) with slot
     * lengths stretched by {@code margin} to leave room for memory contention; null when CP-SAT
     * found no solution. Which margin is best depends on the trace (measured: 1.1 on the first 50
     * requests of moca-b-h, 1.0 on moca-a-h), so the caller measures several with the runtime.
     */
    public static int[][] startingPlan(MocaTrace trace, double margin, CpSat cpSat) {
        if (!(margin >= 1)) throw new IllegalArgumentException("margin must be >= 1, got " + margin);
        return solve(trace, MocaPolicies.STATIC_PARTITION, false, MocaWork.standard(), cpSat, UNIT_CYCLES, margin).modelPlan();
    }

    /**
     * Model time unit: 1 000 cycles (1 us), which keeps CP-SAT's numbers small (a trace spans about
     * 10^9 cycles). Coarser units keep the relaxation valid: arrivals, last ends and lengths rounded
     * down turn a real slot [s, s + e) into [floor(s/u), floor(s/u) + floor(e/u)), which still ends
     * before the next one starts and before the deadline.
     */
    static final long UNIT_CYCLES = 1_000;

    /** The model in time units of {@code unit} cycles (tests compare unit 1 with an exhaustive search in cycles). */
    static Result solve(MocaTrace trace, String executor, boolean coLocation, MocaWork work, CpSat cpSat, long unit) {
        return solve(trace, executor, coLocation, work, cpSat, unit, 1);
    }

    /**
     * With slot lengths stretched by {@code margin} (at least 1): no longer a bound when above 1, but a
     * plan that leaves room for memory contention (the model's times are isolated ones). (Early
     * starts as a second CP-SAT objective were tried: on a 6-request instance the solve ran into the
     * 60 s wall-clock net without counting its deterministic time, so the plan is shaped by the
     * margins only.)
     */
    static Result solve(MocaTrace trace, String executor, boolean coLocation, MocaWork work, CpSat cpSat, long unit, double margin) {
        double[][] lengths = lengths(work, coLocation);
        int n = trace.size();
        long certain = 0;
        long[] release = new long[n], lastEnd = new long[n], length = new long[n];
        boolean[] candidate = new boolean[n];
        List<Integer> candidates = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            release[r] = Math.floorDiv(trace.arrivalCycles(r), unit);
            lastEnd[r] = Math.floorDiv(trace.arrivalCycles(r) + trace.targetCycles(r) - 1, unit);
            length[r] = (long) Math.floor(margin * lengths[trace.network(r)][1] / unit);
            // met needs latency < target; latency is at least the family's fastest
            if (lengths[trace.network(r)][0] >= trace.targetCycles(r)) {
                certain += weight(trace, r);
            } else {
                candidates.add(r);
                candidate[r] = true;
            }
        }
        if (candidates.size() <= 4) {
            return new Result(certain, true, "at most 4 candidates: each alone on a sub-group", certain, certain, executor, coLocation, 0,
                    plan(release, lastEnd, length, release.clone(), candidate));
        }
        CpSat.load();
        CpModel model = new CpModel();
        CumulativeConstraint subGroups = model.addCumulative(4);
        BoolVar[] late = new BoolVar[candidates.size()];
        IntVar[] starts = new IntVar[candidates.size()];
        long[] weights = new long[candidates.size()];
        for (int i = 0; i < late.length; i++) {
            int r = candidates.get(i);
            late[i] = model.newBoolVar("late" + r);
            weights[i] = weight(trace, r);
            if (length[r] == 0) continue; // a request its partner portion can finish occupies no slot for sure
            if (lastEnd[r] - length[r] < release[r]) { // only with a margin: stretched beyond its window, it is late in this plan
                model.addEquality(late[i], 1);
                continue;
            }
            starts[i] = model.newIntVar(release[r], lastEnd[r] - length[r], "s" + r);
            IntervalVar slot = model.newOptionalFixedSizeIntervalVar(starts[i], length[r], late[i].not(), "slot" + r);
            subGroups.addDemand(slot, 1);
        }
        model.minimize(LinearExpr.weightedSum(late, weights));
        hintGreedy(model, candidates, release, lastEnd, length, late, starts);
        CpSolver solver = cpSat.solver();
        CpSolverStatus status = solver.solve(model);
        long bound = Math.max(0, (long) Math.ceil(solver.bestObjectiveBound() - 1e-9));
        long found = -1;
        int[][] modelPlan = null;
        if (CpSat.hasSolution(status)) {
            found = certain;
            for (int i = 0; i < late.length; i++) if (solver.booleanValue(late[i])) found += weights[i];
            long[] start = release.clone();
            boolean[] met = new boolean[n];
            for (int i = 0; i < late.length; i++) {
                int r = candidates.get(i);
                met[r] = !solver.booleanValue(late[i]);
                if (starts[i] != null) start[r] = solver.value(starts[i]);
            }
            modelPlan = plan(release, lastEnd, length, start, met);
        }
        double spent = solver.response().getDeterministicTime();
        // the wall-clock safety net, not the deterministic limit, ended it: the answer depends on the machine's load
        boolean byWall = cpSat.endedByWallClock(solver);
        return new Result(certain + bound, status == CpSolverStatus.OPTIMAL, status.name() + (byWall ? " (wall-clock net)" : ""), certain,
                found, executor, coLocation, spent, modelPlan);
    }

    /**
     * A first solution: by deadline, each request on time on a sub-group if it fits there (the one
     * free latest by its arrival, else the one free first), else late. Without it one CP-SAT worker
     * can spend its whole limit on 50 requests without finding any solution (the all-late one
     * included) and return its LP bound only.
     */
    private static void hintGreedy(CpModel model, List<Integer> candidates, long[] release, long[] lastEnd, long[] length,
                                   BoolVar[] late, IntVar[] starts) {
        Integer[] byDeadline = new Integer[candidates.size()];
        for (int i = 0; i < byDeadline.length; i++) byDeadline[i] = i;
        Arrays.sort(byDeadline, (x, y) -> Long.compare(lastEnd[candidates.get(x)], lastEnd[candidates.get(y)]));
        long[] free = new long[4];
        Arrays.fill(free, Long.MIN_VALUE);
        for (int i : byDeadline) {
            int r = candidates.get(i);
            int k = subGroupFor(free, release[r]);
            long begin = Math.max(release[r], free[k]);
            boolean met = begin + length[r] <= lastEnd[r];
            model.addHint(late[i], met ? 0 : 1);
            if (starts[i] != null) model.addHint(starts[i], met ? begin : release[r]);
            if (met) free[k] = Math.max(free[k], begin + length[r]);
        }
    }

    /** The sub-group free latest at or before {@code time}, else the one free first. */
    private static int subGroupFor(long[] free, long time) {
        int chosen = -1;
        for (int k = 0; k < free.length; k++) if (free[k] <= time && (chosen < 0 || free[k] > free[chosen])) chosen = k;
        if (chosen >= 0) return chosen;
        chosen = 0;
        for (int k = 1; k < free.length; k++) if (free[k] < free[chosen]) chosen = k;
        return chosen;
    }

    /**
     * The model's schedule as four lists: met requests by start time, each to the sub-group that
     * freed last at or before its start (at most 4 overlap, so one always has: greedy colouring of an
     * interval graph); run back to back, each then starts no later than in the model, so it is met
     * again. The late requests follow, by deadline, each on the sub-group that frees first.
     */
    static int[][] plan(long[] release, long[] lastEnd, long[] length, long[] start, boolean[] met) {
        int n = release.length;
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) order[r] = r;
        Arrays.sort(order, (x, y) -> met[x] != met[y] ? (met[x] ? -1 : 1)
                : met[x] ? Long.compare(start[x], start[y]) : Long.compare(lastEnd[x], lastEnd[y]));
        long[] free = new long[4];
        Arrays.fill(free, Long.MIN_VALUE);
        List<List<Integer>> lists = new ArrayList<>();
        for (int k = 0; k < 4; k++) lists.add(new ArrayList<>());
        for (int r : order) {
            int k = subGroupFor(free, met[r] ? start[r] : release[r]);
            long begin = met[r] ? start[r] : Math.max(free[k], release[r]);
            free[k] = Math.max(free[k], begin + length[r]);
            lists.get(k).add(r);
        }
        int[][] orders = new int[4][];
        for (int k = 0; k < 4; k++) orders[k] = lists.get(k).stream().mapToInt(Integer::intValue).toArray();
        return orders;
    }

    private static long weight(MocaTrace trace, int r) { return trace.priorityLevel(r) + 1; }
}
