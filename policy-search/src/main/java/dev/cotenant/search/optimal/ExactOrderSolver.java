package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.metrics.MetricCalculator;

import java.util.Arrays;

/**
 * Proves the best {@link dev.cotenant.simulator.policy.FixedOrder} schedule of a small trace (one
 * busy period of up to {@link #DEFAULT_MAX_REQUESTS} requests) by branch and bound, independent of
 * OptaPlanner.
 *
 * <p>It branches on what the kernel decides, not on permutations. A node is a partial order
 * "request x ranks above request y". The kernel runs the node under a scheduler that, at each
 * decision, may run only a request with no admitted request ranked above it; while that request
 * is unique the decision is forced. At the first decision with several candidates the node
 * branches: child {@code x} adds "x above every other admitted request". Every total order is a
 * linear extension of exactly one leaf, and every leaf's schedule is the kernel's run of any of
 * its linear extensions, so the leaves are exactly the distinct schedules of the family, each
 * simulated by the same kernel every policy is measured by. Orders that differ only in requests
 * that never compete are never enumerated twice.
 *
 * <p>Bounding: everything before the branching instant {@code t} is fixed by the node. After
 * {@code t}, the admitted requests (with their remaining work) can at best be run in Smith's
 * order (smallest remaining x isolated first, optimal for a sum of turnarounds weighted by
 * {@code 1 / isolated} when all are available), can at best lose the fewest deadlines
 * Moore-Hodgson allows (the cheapest priorities of that many late requests, plus those late in
 * any case), and requests still to come finish no earlier than {@code arrival + isolated}. Work
 * arriving later only delays the admitted requests, so each part is a valid lower bound. Each
 * node's own run completes its partial order in the incumbent's preferred way, so every node is
 * also a feasible schedule that can improve the incumbent.
 */
public final class ExactOrderSolver {
    /** Busy periods up to this size are solved exactly by default. */
    public static final int DEFAULT_MAX_REQUESTS = 12;
    /** Masks are ints: no more requests than this per busy period, whatever the limit given. */
    public static final int HARD_MAX_REQUESTS = 30;

    private final ScheduleObjective objective;
    private final long nodeLimit;
    private final KernelOptions kernelOptions;

    /**
     * @param result    the best order found (first to rank first) and its cost
     * @param proven    the search finished within the node limit, so {@code cost} is the optimum
     *                  of the family
     * @param nodes     kernel runs done
     */
    public record Result(int[] sequence, Cost cost, boolean proven, long nodes) {}

    /** @param nodeLimit kernel runs allowed before giving up the proof (the best so far is returned) */
    public ExactOrderSolver(ScheduleObjective objective, long nodeLimit) { this(objective, nodeLimit, KernelOptions.PUBLISHED); }

    /** @param kernelOptions the kernel every node is run with (its drop rule); physical clock, no switch cost */
    public ExactOrderSolver(ScheduleObjective objective, long nodeLimit, KernelOptions kernelOptions) {
        if (nodeLimit < 1) throw new IllegalArgumentException("nodeLimit must be >= 1");
        this.objective = objective;
        this.nodeLimit = nodeLimit;
        this.kernelOptions = kernelOptions;
    }

    public Result solve(CompiledTrace trace, int[] incumbentSequence) {
        int n = trace.size();
        if (n > HARD_MAX_REQUESTS) {
            throw BadInputException.setting("exact", "a busy period of " + n + " requests exceeds the exact solver's hard limit of " + HARD_MAX_REQUESTS);
        }
        if (incumbentSequence.length != n) throw new IllegalArgumentException("incumbent has " + incumbentSequence.length + " ids, trace " + n);
        Search search = new Search(trace, incumbentSequence);
        search.node(new int[n]);
        return new Result(search.bestSequence, search.bestCost, !search.stopped, search.nodes);
    }

    private final class Search {
        final CompiledTrace trace;
        final int n;
        final int[] preference; // rank of each request in the incumbent: the tie-break of every dive
        final TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(kernelOptions);
        final Outcome outcome = new Outcome();
        int[] bestSequence;
        Cost bestCost;
        long nodes;
        boolean stopped;

        Search(CompiledTrace trace, int[] incumbent) {
            this.trace = trace;
            this.n = trace.size();
            preference = new int[n];
            for (int i = 0; i < n; i++) preference[incumbent[i]] = i;
        }

        void node(int[] above) {
            if (nodes >= nodeLimit) {
                stopped = true;
                return;
            }
            nodes++;
            Branching run = new Branching(above, preference);
            kernel.run(trace, run, outcome, null);
            Cost cost = objective.cost(trace, outcome);
            if (bestCost == null || objective.compare(cost, bestCost) < 0) {
                bestCost = cost;
                bestSequence = run.linearExtension();
            }
            if (!run.branched) return;
            if (objective.compare(lowerBound(run), bestCost) >= 0) return;
            Integer[] candidates = new Integer[Integer.bitCount(run.candidateMask)];
            for (int m = run.candidateMask, k = 0; m != 0; m &= m - 1) candidates[k++] = Integer.numberOfTrailingZeros(m);
            Arrays.sort(candidates, (a, b) -> Integer.compare(preference[a], preference[b]));
            for (int x : candidates) {
                int[] child = above.clone();
                for (int m = run.admittedMask & ~(1 << x); m != 0; m &= m - 1) addAbove(child, x, Integer.numberOfTrailingZeros(m));
                node(child);
                if (stopped) return;
            }
        }

        /**
         * Cost of what the node fixes before its branching instant, plus the bound of what follows.
         * A request not admitted at the branch but arrived is finished or dropped before it (fixed),
         * or waits for a predecessor (it has not started, so it finishes no earlier than
         * {@code t + isolated}). With a drop rule any request not yet resolved may still be dropped:
         * a miss, but no turnaround term, so the turnaround bound counts only what is fixed.
         */
        Cost lowerBound(Branching run) {
            double t = run.branchSeconds;
            boolean drops = kernelOptions.drop() != DropRule.NONE;
            double misses = 0, turnaround = 0;
            int admittedCount = Integer.bitCount(run.admittedMask);
            int[] admitted = new int[admittedCount];
            // the worst model's miss rate: per model the misses that are certain already
            int models = trace.workload().directory().modelCount();
            int[] certainMisses = objective.worstModelFirst() ? new int[models] : null;
            // the XR score: per model the frame scores at each request's earliest finish from the node
            boolean xr = objective.first() == ScheduleObjective.FirstKey.XR_SCORE_SHORTFALL;
            double[] xrSum = xr ? new double[models] : null;
            int k = 0;
            for (int r = 0; r < n; r++) {
                double arrival = trace.arrivalSeconds(r), isolated = trace.realIsolatedSeconds(r);
                boolean late;
                double earliest; // finish, or earliest possible finish; NaN: dropped for good
                if ((run.admittedMask & (1 << r)) != 0) {
                    admitted[k++] = r;
                    earliest = t + run.remainingAtBranch[r];
                    late = MetricCalculator.isLate(earliest, trace.deadlineSeconds(r));
                } else if (arrival > t) {
                    // still to come: no earlier than arrival + isolated
                    if (!drops) turnaround += 1;
                    earliest = arrival + isolated;
                    late = MetricCalculator.isLate(earliest, trace.deadlineSeconds(r));
                    if (late) misses += trace.priority(r);
                } else if (outcome.dropped(r) ? outcome.finishSeconds(r) < t : outcome.finishSeconds(r) <= t) {
                    // resolved before the branching instant: fixed by the node
                    double finish = outcome.finishSeconds(r);
                    earliest = outcome.dropped(r) ? Double.NaN : finish;
                    late = outcome.dropped(r) || MetricCalculator.isLate(finish, trace.deadlineSeconds(r));
                    if (!outcome.dropped(r)) turnaround += MetricCalculator.normalizedTurnaround(arrival, finish, isolated);
                    if (late) misses += trace.priority(r);
                } else {
                    // arrived, waiting for a predecessor (or dropped at the branching instant): not started
                    if (!drops) turnaround += MetricCalculator.normalizedTurnaround(arrival, t + isolated, isolated);
                    earliest = t + isolated;
                    late = MetricCalculator.isLate(earliest, trace.deadlineSeconds(r));
                    if (late) misses += trace.priority(r);
                }
                if (late && certainMisses != null) certainMisses[trace.trace().modelId(r)]++;
                if (xr && !Double.isNaN(earliest)) xrSum[trace.trace().modelId(r)] += MetricCalculator.xrFrameScore(earliest - trace.deadlineSeconds(r));
            }
            double[] remaining = run.remainingAtBranch;
            if (!drops) {
                // Smith's rule for sum of w C with w = 1 / isolated: ascending remaining * isolated.
                Integer[] smith = Arrays.stream(admitted).boxed().toArray(Integer[]::new);
                Arrays.sort(smith, (a, b) -> Double.compare(remaining[a] * trace.realIsolatedSeconds(a), remaining[b] * trace.realIsolatedSeconds(b)));
                double clock = t;
                for (int r : smith) {
                    clock += remaining[r];
                    turnaround += MetricCalculator.normalizedTurnaround(trace.arrivalSeconds(r), clock, trace.realIsolatedSeconds(r));
                }
            }
            misses += minimumLateWeight(admitted, remaining, t);
            double key = 0;
            if (certainMisses != null || xr) {
                int[] requests = new int[models];
                for (int r = 0; r < n; r++) requests[trace.trace().modelId(r)]++;
                double xrTotal = 0;
                int present = 0;
                for (int m = 0; m < models; m++) {
                    if (requests[m] == 0) continue;
                    present++;
                    if (certainMisses != null) key = Math.max(key, (double) certainMisses[m] / requests[m]);
                    if (xr) xrTotal += xrSum[m] / requests[m];
                }
                // 100 minus the most the score can still reach, as MetricCalculator averages it
                if (xr) key = 100 - 100 * xrTotal / present;
            }
            return new Cost(misses, turnaround, key);
        }

        /**
         * A lower bound on the priority of late requests among {@code admitted} from {@code t}:
         * Moore-Hodgson gives the fewest late ones, m; those late even if run first are late in
         * every schedule and count in full, the rest of the m are charged the cheapest priorities.
         */
        double minimumLateWeight(int[] admitted, double[] remaining, double t) {
            Integer[] edd = Arrays.stream(admitted).boxed().toArray(Integer[]::new);
            Arrays.sort(edd, (a, b) -> Double.compare(trace.deadlineSeconds(a), trace.deadlineSeconds(b)));
            java.util.PriorityQueue<Integer> kept = new java.util.PriorityQueue<>((a, b) -> Double.compare(remaining[b], remaining[a]));
            double clock = t;
            int late = 0;
            for (int r : edd) {
                kept.add(r);
                clock += remaining[r];
                if (MetricCalculator.isLate(clock, trace.deadlineSeconds(r))) {
                    clock -= remaining[kept.poll()];
                    late++;
                }
            }
            double certain = 0;
            int certainCount = 0;
            double[] others = new double[admitted.length];
            int o = 0;
            for (int r : admitted) {
                if (MetricCalculator.isLate(t + remaining[r], trace.deadlineSeconds(r))) {
                    certain += trace.priority(r);
                    certainCount++;
                } else {
                    others[o++] = trace.priority(r);
                }
            }
            Arrays.sort(others, 0, o);
            double weight = certain;
            for (int i = 0; i < late - certainCount && i < o; i++) weight += others[i];
            return weight;
        }
    }

    /** Records {@code x} above {@code y} in the transitively closed relation {@code above}. */
    static void addAbove(int[] above, int x, int y) {
        if ((above[y] & (1 << x)) != 0) return;
        int lifted = above[x] | (1 << x);
        for (int z = 0; z < above.length; z++) {
            if (z == y || (above[z] & (1 << y)) != 0) above[z] |= lifted;
        }
    }

    /**
     * Runs a node: forced decisions follow the partial order; the first free decision is recorded
     * as the branching point, and that and every later free decision go to the preferred
     * candidate (recorded as a new "above" relation), so the run is a complete member of the family.
     */
    private static final class Branching extends Scheduler {
        final int[] above;
        final int[] preference;
        boolean branched;
        double branchSeconds;
        int candidateMask;
        int admittedMask;
        double[] remainingAtBranch;

        Branching(int[] above, int[] preference) {
            super("exact-branch", false, false);
            this.above = above.clone();
            this.preference = preference;
        }

        @Override
        public int pick(DecisionState s) {
            int count = s.admittedCount();
            int mask = 0;
            for (int p = 0; p < count; p++) mask |= 1 << s.requestAt(p);
            int eligible = 0;
            int best = -1;
            for (int p = 0; p < count; p++) {
                int r = s.requestAt(p);
                if ((above[r] & mask) == 0) {
                    eligible |= 1 << r;
                    if (best < 0 || preference[r] < preference[s.requestAt(best)]) best = p;
                }
            }
            if (Integer.bitCount(eligible) > 1) {
                if (!branched) {
                    branched = true;
                    branchSeconds = s.nowSeconds();
                    candidateMask = eligible;
                    admittedMask = mask;
                    remainingAtBranch = new double[above.length];
                    for (int p = 0; p < count; p++) remainingAtBranch[s.requestAt(p)] = s.realRemainingSeconds(s.requestAt(p));
                }
                int x = s.requestAt(best);
                for (int m = mask & ~(1 << x); m != 0; m &= m - 1) addAbove(above, x, Integer.numberOfTrailingZeros(m));
            }
            return best;
        }

        /** A total order consistent with every relation the run used: preferred first among the free. */
        int[] linearExtension() {
            int n = above.length;
            int[] order = new int[n];
            int placed = 0;
            int remainingMask = n == 32 ? -1 : (1 << n) - 1;
            while (placed < n) {
                int pick = -1;
                for (int r = 0; r < n; r++) {
                    if ((remainingMask & (1 << r)) != 0 && (above[r] & remainingMask) == 0 && (pick < 0 || preference[r] < preference[pick])) pick = r;
                }
                order[placed++] = pick;
                remainingMask &= ~(1 << pick);
            }
            return order;
        }
    }
}
