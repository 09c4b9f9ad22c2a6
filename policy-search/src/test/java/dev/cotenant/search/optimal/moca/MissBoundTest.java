package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaNetwork;
import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPlan;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.moca.MocaWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissBoundTest {
    private static final MocaWork WORK = MocaWork.standard();

    /** A request whose target is below its fastest possible latency is missed by any schedule: bound = its weight, level 6 + 1. */
    @Test
    void aRequestThatCannotMeetItsTargetEvenAloneCountsItsWeight() {
        int kws = MocaNetwork.KWSNET.ordinal();
        long target = (long) (0.9 * MissBound.minCycles(WORK, kws));
        MocaTrace trace = new MocaTrace("hopeless", new long[] {0, 0}, new int[] {kws, kws}, new int[] {6, 2},
                new long[] {target, 1_000_000_000L});
        MissBound.Result bound = MissBound.of(trace);
        assertEquals(7, bound.certainMisses());
        assertEquals(7, bound.weightedMisses());
    }

    /**
     * Hand-worked capacity case: m = 20 SqueezeNets of level 0 all arriving at 0 with target T =
     * 2 x their fastest latency. In [0, T] the SoC offers 8T tile-cycles, each needs w =
     * minTileCycles, so at most 8T/w fit and at least ceil(20 - 8T/w) are missed (weight 1 each).
     */
    @Test
    void identicalRequestsBeyondTheCapacityOfTheirWindowAreMissed() {
        int squeeze = MocaNetwork.SQUEEZENET.ordinal();
        double fastest = MissBound.minCycles(WORK, squeeze);
        long target = (long) (2 * fastest);
        int m = 20;
        long[] arrival = new long[m], targets = new long[m];
        int[] network = new int[m], level = new int[m];
        for (int i = 0; i < m; i++) {
            network[i] = squeeze;
            targets[i] = target;
        }
        double fit = 8.0 * target / MissBound.minTileCycles(WORK, squeeze);
        long expected = (long) Math.ceil(m - fit);
        assertTrue(expected > 0 && expected < m, "the case must bind: " + fit + " fit");
        MissBound.Result bound = MissBound.of(new MocaTrace("burst", arrival, network, level, targets));
        assertEquals(expected, bound.weightedMisses());
        assertEquals(m / fit, bound.peakWindowLoad(), 1e-9); // the one window [0, T] holds all 20
    }

    /** The relaxation's premise: under every policy every request takes at least its fastest isolated time. */
    @Test
    void noOnlineRequestIsFasterThanItsFastestIsolatedTime() {
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        for (String scenario : List.of("moca-a-h", "moca-b-h", "moca-c-h")) {
            MocaTrace trace = MocaTraces.scenario(scenario);
            for (String policy : MocaPolicies.names()) {
                runtime.run(policy, MocaPolicies.defaults(policy), trace, false, out);
                for (int r = 0; r < trace.size(); r++) {
                    double floor = MissBound.minCycles(WORK, trace.network(r));
                    assertTrue(out.loggedLatencyCycles(r) >= floor * (1 - 1e-9),
                            scenario + " " + policy + " request " + r + ": " + out.loggedLatencyCycles(r) + " < " + floor);
                }
            }
        }
    }

    /** Valid for every schedule: at most every online policy's weighted misses on all nine artifact traces. */
    @Test
    void theBoundIsAtMostEveryOnlinePolicy() {
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        for (String scenario : MocaTraces.scenarioNames()) {
            MocaTrace trace = MocaTraces.scenario(scenario);
            long bound = MissBound.of(trace).weightedMisses();
            for (String policy : MocaPolicies.names()) {
                runtime.run(policy, MocaPolicies.defaults(policy), trace, false, out);
                long misses = PlanCost.of(trace, out).weightedMisses();
                assertTrue(bound <= misses, scenario + " " + policy + ": bound " + bound + " > " + misses);
            }
        }
    }

    /**
     * On tiny traces (5 requests, tight targets) every plan of the family is enumerated under
     * static-partition and moca: the bound never exceeds the best. The traces are tight enough
     * that some optimum misses something (else the check would be empty).
     */
    @Test
    void theBoundIsAtMostTheExhaustiveOptimumOfTinyTraces() {
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        int tight = 0;
        StringBuilder log = new StringBuilder();
        for (int seed = 0; seed < 6; seed++) {
            MocaTrace trace = tinyTrace(seed, 5);
            long bound = MissBound.of(trace).weightedMisses();
            for (String policy : List.of(MocaPolicies.STATIC_PARTITION, MocaPolicies.MOCA)) {
                long best = Long.MAX_VALUE;
                for (int[][] orders : allPlans(trace.size())) {
                    runtime.runPlan(policy, MocaPolicies.defaults(policy), trace, MocaPlan.ofOrders(orders), out);
                    best = Math.min(best, PlanCost.of(trace, out).weightedMisses());
                }
                log.append(seed).append(policy).append(" bound ").append(bound).append(" best ").append(best).append("; ");
                assertTrue(bound <= best, "seed " + seed + " " + policy + ": bound " + bound + " > optimum " + best);
                if (best > 0) tight++;
            }
        }
        assertTrue(tight > 0, "some tiny trace should force a miss: " + log);
    }

    /** m requests within 3 M cycles, random networks and levels, targets 0.8-2.0 x the 2-tile isolated time. */
    static MocaTrace tinyTrace(int seed, int m) { return randomTrace("tiny-", seed, m, 3_000_000, 0.8, 1.2); }

    /** m requests within {@code spanCycles}, random networks and levels, targets (low + U(0, width)) x the 2-tile isolated time. */
    static MocaTrace randomTrace(String prefix, int seed, int m, int spanCycles, double low, double width) {
        Random random = new Random(seed);
        long[] arrival = new long[m], target = new long[m];
        int[] network = new int[m], level = new int[m];
        long t = 0;
        for (int i = 0; i < m; i++) {
            network[i] = random.nextInt(MocaNetwork.values().length);
            level[i] = random.nextInt(12);
            arrival[i] = t;
            t += random.nextInt(spanCycles / m);
            target[i] = (long) ((low + width * random.nextDouble()) * WORK.isolatedCycles(network[i], 2));
        }
        return new MocaTrace(prefix + seed, arrival, network, level, target);
    }

    /** Every assignment of m requests to 4 ordered lists: m! x C(m + 3, 3) plans. */
    static List<int[][]> allPlans(int m) {
        List<int[][]> plans = new ArrayList<>();
        int[] perm = new int[m];
        for (int i = 0; i < m; i++) perm[i] = i;
        permutations(perm, 0, plans);
        return plans;
    }

    private static void permutations(int[] perm, int i, List<int[][]> plans) {
        if (i == perm.length) {
            // cut the permutation into 4 consecutive lists: choose 3 cut points with repetition
            int m = perm.length;
            for (int a = 0; a <= m; a++) for (int b = a; b <= m; b++) for (int c = b; c <= m; c++) {
                plans.add(new int[][] {slice(perm, 0, a), slice(perm, a, b), slice(perm, b, c), slice(perm, c, m)});
            }
            return;
        }
        for (int j = i; j < perm.length; j++) {
            swap(perm, i, j);
            permutations(perm, i + 1, plans);
            swap(perm, i, j);
        }
    }

    private static int[] slice(int[] a, int from, int to) { return java.util.Arrays.copyOfRange(a, from, to); }

    private static void swap(int[] a, int i, int j) { int t = a[i]; a[i] = a[j]; a[j] = t; }
}
