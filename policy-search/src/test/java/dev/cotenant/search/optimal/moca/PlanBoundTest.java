package dev.cotenant.search.optimal.moca;

import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaNetwork;
import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPlan;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanBoundTest {
    private static final MocaWork WORK = MocaWork.standard();
    private static final CpSat CP_SAT = new CpSat(1, 1, 5);

    /**
     * Hand-worked: five SqueezeNets at cycle 0, levels 0..4 (weights 1..5), target 1.5 x e, where e
     * = the network's 2-tile isolated layer times summed (static-partition: no co-location, so every
     * layer runs in the request's own slot on 2 tiles). Four sub-groups run four of them from 0; the
     * fifth cannot start before e and ends at 2e > 1.5e. So every plan misses at least one, and the
     * cheapest is weight 1. The every-schedule bound sees only tile-cycles (8 tiles for 1.5e) and says 0.
     */
    @Test
    void fiveRequestsOnFourSubGroupsMissTheLightestOne() {
        int squeeze = MocaNetwork.SQUEEZENET.ordinal();
        double e = PlanBound.lengths(WORK, false)[squeeze][1];
        long target = (long) (1.5 * e);
        MocaTrace trace = new MocaTrace("five", new long[5], new int[] {squeeze, squeeze, squeeze, squeeze, squeeze},
                new int[] {0, 1, 2, 3, 4}, new long[] {target, target, target, target, target});
        PlanBound.Result bound = PlanBound.of(trace, MocaPolicies.STATIC_PARTITION, CP_SAT);
        assertEquals(1, bound.weightedMisses());
        assertTrue(bound.exact());
        assertEquals(0, MissBound.of(trace).weightedMisses());
        // the runtime agrees: the best of all 6 720 plans misses at least that
        assertTrue(bestOfAllPlans(trace, MocaPolicies.STATIC_PARTITION) >= 1);
    }

    /**
     * Under a co-locating executor a SqueezeNet can run whole beside a ResNet-50's or YOLOv2's
     * memory-heavy block (MOCA.md §6), so no slot of its own is certain: the same five requests give
     * 0. The networks a partner portion can finish (SqueezeNet, YOLO-Lite beside ResNet-50/YOLOv2;
     * GoogLeNet, KWS beside AlexNet) have no exclusive length; the others keep a positive one.
     */
    @Test
    void coLocationLeavesWholePartnersWithoutASlot() {
        double[][] co = PlanBound.lengths(WORK, true), alone = PlanBound.lengths(WORK, false);
        for (MocaNetwork n : MocaNetwork.values()) {
            boolean whole = n == MocaNetwork.SQUEEZENET || n == MocaNetwork.YOLOLITE || n == MocaNetwork.GOOGLENET || n == MocaNetwork.KWSNET;
            if (whole) assertEquals(0, co[n.ordinal()][1], n.name());
            else assertTrue(co[n.ordinal()][1] > 0, n.name());
            assertTrue(co[n.ordinal()][1] <= alone[n.ordinal()][1] && co[n.ordinal()][0] <= alone[n.ordinal()][0], n.name());
        }
        int squeeze = MocaNetwork.SQUEEZENET.ordinal();
        long target = (long) (1.5 * alone[squeeze][1]);
        MocaTrace trace = new MocaTrace("five", new long[5], new int[] {squeeze, squeeze, squeeze, squeeze, squeeze},
                new int[] {0, 1, 2, 3, 4}, new long[] {target, target, target, target, target});
        assertEquals(0, PlanBound.of(trace, MocaPolicies.MOCA, CP_SAT).weightedMisses());
    }

    @Test
    void executorsThatMoveRequestsAcrossSubGroupsAreRefused() {
        MocaTrace trace = tight(0, 5);
        assertThrows(BadInputException.class, () -> PlanBound.of(trace, MocaPolicies.PLANARIA, CP_SAT));
        assertThrows(BadInputException.class, () -> PlanBound.of(trace, MocaPolicies.PREMA, CP_SAT));
    }

    /**
     * The model's optimum is the best back-to-back plan of its own times: on 12 random 6-request
     * instances CP-SAT equals the minimum over all 60 480 plans (6! orders x C(9, 3) cuts into 4 lists),
     * each plan evaluated with the model's whole-cycle lengths (each request as early as its arrival
     * and its predecessor allow). The model's own plan ({@code modelPlan}, its met set coloured onto 4
     * sub-groups) reaches that optimum when evaluated the same way, and the microsecond model is never
     * above it. Some instances must force misses, else the check says nothing.
     */
    @Test
    void cpSatEqualsTheBestOfAllPlansOfTheModel() {
        int binding = 0;
        for (int seed = 0; seed < 12; seed++) {
            MocaTrace trace = tight(seed, 6);
            long brute = bestModelPlan(trace, PlanBound.lengths(WORK, false));
            // in cycles (unit 1), as the exhaustive evaluation counts them
            PlanBound.Result bound = PlanBound.solve(trace, MocaPolicies.STATIC_PARTITION, false, WORK, CP_SAT, 1);
            assertTrue(bound.exact(), "seed " + seed + ": " + bound.status());
            // the default unit (1 us) is a relaxation of it: never above
            assertTrue(PlanBound.of(trace, MocaPolicies.STATIC_PARTITION, CP_SAT).weightedMisses() <= brute, "seed " + seed);
            assertEquals(brute, bound.weightedMisses(), "seed " + seed);
            assertEquals(brute, modelMisses(trace, PlanBound.lengths(WORK, false), bound.modelPlan()), "seed " + seed + ": the model's plan");
            if (brute > 0) binding++;
        }
        assertTrue(binding >= 3, "only " + binding + " of 12 instances force a miss");
    }

    /**
     * Valid for every plan the runtime runs: on tight 5-request traces, under static-partition and
     * moca, the bound is at most the runtime's weighted misses of every one of the 6 720 plans, and it
     * binds (is above 0) on some of them.
     */
    @Test
    void theBoundIsAtMostEveryPlanTheRuntimeRuns() {
        int binding = 0;
        for (int seed = 0; seed < 4; seed++) {
            MocaTrace trace = tight(seed, 5);
            for (String policy : List.of(MocaPolicies.STATIC_PARTITION, MocaPolicies.MOCA)) {
                long bound = PlanBound.of(trace, policy, CP_SAT).weightedMisses();
                long best = bestOfAllPlans(trace, policy);
                assertTrue(bound <= best, "seed " + seed + " " + policy + ": bound " + bound + " > every plan's best " + best);
                if (bound > 0) binding++;
            }
        }
        assertTrue(binding > 0, "no instance binds");
    }

    /** The premise, on whole runs: every request's latency is at least its fastest time in the family. */
    @Test
    void noPlannedRequestIsFasterThanTheFamilyAllows() {
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        for (String policy : List.of(MocaPolicies.STATIC_PARTITION, MocaPolicies.MOCA, MocaPolicies.MOCA_NO_THROTTLE, MocaPolicies.MOCA_DYSTA)) {
            double[][] lengths = PlanBound.lengths(WORK, MocaPolicies.coLocates(policy));
            MocaTrace trace = MocaOptimum.firstRequests(dev.cotenant.simulator.moca.MocaTraces.scenario("moca-b-h"), 60);
            runtime.run(policy, MocaPolicies.defaults(policy), trace, false, out);
            for (int r = 0; r < trace.size(); r++) {
                double floor = lengths[trace.network(r)][0];
                assertTrue(out.loggedLatencyCycles(r) >= floor * (1 - 1e-9), policy + " request " + r);
            }
        }
    }

    /** m requests within 100 k cycles, random networks and levels, targets 1.05-1.65 x the 2-tile isolated time. */
    static MocaTrace tight(int seed, int m) { return MissBoundTest.randomTrace("tight-", seed, m, 100_000, 1.05, 0.6); }

    /** Least weighted misses over all plans, each list run back to back with the model's lengths. */
    private static long bestModelPlan(MocaTrace trace, double[][] lengths) {
        long best = Long.MAX_VALUE;
        for (int[][] plan : MissBoundTest.allPlans(trace.size())) best = Math.min(best, modelMisses(trace, lengths, plan));
        return best;
    }

    /** A plan's weighted misses in the model: each list back to back, a request as early as its arrival and predecessor allow. */
    private static long modelMisses(MocaTrace trace, double[][] lengths, int[][] plan) {
        long misses = 0;
        int placed = 0;
        for (int[] list : plan) {
            long free = Long.MIN_VALUE;
            for (int r : list) {
                long length = (long) Math.floor(lengths[trace.network(r)][1]);
                long start = Math.max(free, trace.arrivalCycles(r));
                free = start + length;
                boolean certain = lengths[trace.network(r)][0] >= trace.targetCycles(r);
                if (certain || free > trace.arrivalCycles(r) + trace.targetCycles(r) - 1) misses += trace.priorityLevel(r) + 1;
                placed++;
            }
        }
        assertEquals(trace.size(), placed, "a plan holds every request once");
        return misses;
    }

    private static long bestOfAllPlans(MocaTrace trace, String policy) {
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        long best = Long.MAX_VALUE;
        for (int[][] orders : MissBoundTest.allPlans(trace.size())) {
            runtime.runPlan(policy, MocaPolicies.defaults(policy), trace, MocaPlan.ofOrders(orders), out);
            best = Math.min(best, PlanCost.of(trace, out).weightedMisses());
        }
        return best;
    }
}
