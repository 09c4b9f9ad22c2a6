package dev.cotenant.search.optimal.multitile;

import dev.cotenant.search.optimal.multitile.MultiTileObjective.Cost;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTileKernel;
import dev.cotenant.simulator.multitile.MultiTileMetrics;
import dev.cotenant.simulator.multitile.MultiTileOutcome;
import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileState;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The online multi-tile policies on one trace, and the plans their decisions suggest: the
 * search's starting points. Each policy runs once, observed after every decision: per request the
 * order in which it first started, the tiles it first got, and its tightest regulator cap.
 * Its seed plans rank requests by that start order or by finish time, take the family's tile
 * choice nearest the first tiles (the smallest choice at least as large), the nearest throttle level
 * (or none), and either preemption switch.
 *
 * <p>A plan that ranks by start order with the policy's own tiles, caps and preemption switch
 * replays exactly the runs of policies that give each request one tile count and one cap for life
 * and start greedily ({@code static-partition}, and {@code moca-no-throttle} when its tile counts are
 * among the family's); for the others the seeds are approximations, and the search's answer is
 * checked against the best online cost rather than assumed no worse.
 *
 * @param policy   the policy's name
 * @param cost     its cost on the trace (the kernel's run, through {@link MultiTileMetrics})
 * @param metrics  its metrics
 * @param seeds    the plans suggested by its decisions (distinct)
 * @param events   the kernel's events in its run
 */
public record OnlineSeeds(String policy, Cost cost, MultiTileMetrics metrics, List<Plan> seeds, long events) {

    /** Every named policy's published vector on the trace, in the given order. */
    public static List<OnlineSeeds> of(MultiTileTrace trace, PlanFamily family, List<String> policies) {
        List<OnlineSeeds> out = new ArrayList<>();
        for (String name : policies) out.add(of(trace, family, MultiTilePolicies.published(name)));
        return out;
    }

    public static OnlineSeeds of(MultiTileTrace trace, PlanFamily family, MultiTilePolicy policy) {
        Recorder recorder = new Recorder(policy, trace.size());
        MultiTileOutcome outcome = new MultiTileKernel().run(trace, recorder);
        MultiTileMetrics metrics = MultiTileMetrics.of(trace, outcome);
        int n = trace.size();
        int[] byStart = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(r -> recorder.startSequence[r])).mapToInt(Integer::intValue).toArray();
        int[] byFinish = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(outcome::finishSeconds).thenComparingLong(r -> recorder.startSequence[r]))
                .mapToInt(Integer::intValue).toArray();
        MultiTileHardware hw = trace.workload().hardware();
        int[] tiles = new int[n];
        int[] throttle = new int[n];
        int[] open = new int[n];
        for (int r = 0; r < n; r++) {
            tiles[r] = family.nearestTileChoice(recorder.firstTiles[r]);
            throttle[r] = family.nearestThrottleLevel(recorder.tightestCap[r], hw);
            open[r] = family.nearestThrottleLevel(Double.POSITIVE_INFINITY, hw);
        }
        boolean preempted = outcome.preemptions() > 0;
        Set<Plan> seeds = new LinkedHashSet<>();
        // First the one that replays the policy when it can be replayed.
        seeds.add(new Plan(Plan.ranksOf(byStart), tiles, throttle, preempted));
        for (int[] order : List.of(byStart, byFinish)) {
            for (int[] caps : List.of(throttle, open)) {
                for (boolean preemptive : new boolean[] {preempted, !preempted}) seeds.add(new Plan(Plan.ranksOf(order), tiles, caps, preemptive));
            }
        }
        return new OnlineSeeds(policy.name(), MultiTileObjective.cost(trace, metrics), metrics, List.copyOf(seeds), outcome.events());
    }

    /** The best of the policies under the objective (first on ties). */
    public static OnlineSeeds best(List<OnlineSeeds> all, MultiTileObjective objective) {
        OnlineSeeds best = null;
        for (OnlineSeeds s : all) if (best == null || objective.compare(s.cost(), best.cost()) < 0) best = s;
        return best;
    }

    /** Runs a policy and notes, after each of its decisions, who started first, on how many tiles, and the tightest cap. */
    static final class Recorder extends MultiTilePolicy {
        private final MultiTilePolicy inner;
        final long[] startSequence;
        final int[] firstTiles;
        final double[] tightestCap;
        private long started;

        Recorder(MultiTilePolicy inner, int n) {
            super(inner.name());
            this.inner = inner;
            startSequence = new long[n];
            firstTiles = new int[n];
            tightestCap = new double[n];
        }

        @Override
        public void reset(MultiTileState s) {
            java.util.Arrays.fill(startSequence, Long.MAX_VALUE);
            java.util.Arrays.fill(firstTiles, 0);
            java.util.Arrays.fill(tightestCap, Double.POSITIVE_INFINITY);
            started = 0;
            inner.reset(s);
        }

        @Override
        public void decide(MultiTileState s) {
            inner.decide(s);
            // running[] lists requests in the order they were started, so new ones are seen in start order
            for (int i = 0; i < s.runningCount(); i++) {
                int r = s.runningAt(i);
                if (firstTiles[r] == 0) {
                    firstTiles[r] = s.tilesOf(r);
                    startSequence[r] = started++;
                }
                tightestCap[r] = Math.min(tightestCap[r], s.capBytesPerSecond(r));
            }
        }
    }
}
