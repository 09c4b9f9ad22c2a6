package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPlan;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MocaPlanSearchTest {
    private static MocaPlanSearch.Settings budget(long moves) { return new MocaPlanSearch.Settings(moves, null, 7, 50); }

    /** The first 40 requests of set B at QoS high, seeded with moca's realised plan flattened to one round. */
    private static PlanProblem problem() {
        return new PlanProblem(MocaOptimum.firstRequests(MocaTraces.scenario("moca-b-h"), 40), MocaPolicies.MOCA,
                MocaPolicies.defaults(MocaPolicies.MOCA));
    }

    private static int[][] seedOf(PlanProblem problem) {
        MocaRuntime runtime = new MocaRuntime();
        runtime.run(problem.policy(), problem.parameters(), problem.trace(), false, new MocaOutcome());
        return runtime.realisedPlan().orders();
    }

    @Test
    void theSearchIsNeverWorseThanItsSeedAndRespectsItsBudget() {
        PlanProblem problem = problem();
        MocaPlanSearch.Result result = MocaPlanSearch.solve(problem, seedOf(problem), budget(150));
        assertFalse(result.seedCost().betterThan(result.cost()), result.seedCost() + " better than " + result.cost());
        assertFalse(result.stoppedByTimeLimit());
        assertTrue(result.scoreCalculations() <= 151, "budget 150, scored " + result.scoreCalculations());
        // the reported cost is the plan's own: a fresh runtime run of the returned plan gives it again
        MocaOutcome out = new MocaOutcome();
        new MocaRuntime().runPlan(problem.policy(), problem.parameters(), problem.trace(), result.plan(), out);
        assertEquals(result.cost(), PlanCost.of(problem.trace(), out));
    }

    @Test
    void aMoveBudgetAndASeedFixTheResult() {
        PlanProblem a = problem(), b = problem();
        MocaPlanSearch.Result first = MocaPlanSearch.solve(a, seedOf(a), budget(80));
        MocaPlanSearch.Result second = MocaPlanSearch.solve(b, seedOf(b), budget(80));
        assertEquals(first.cost(), second.cost());
        for (int k = 0; k < 4; k++) assertArrayEquals(first.plan().orders()[k], second.plan().orders()[k]);
    }

    /**
     * Without a seed the construction heuristic places every request, then local search. On tiny
     * traces (5 requests) every plan is enumerated: the search can never beat the exhaustive optimum
     * (same runtime, same family), must lie between the bound and it, and with 3 000 scored plans
     * reaches it on most traces. It does not on all: on tiny-3 the optimum leaves a sub-group empty to
     * spare memory contention, two moves away through a worse plan (see docs/moca-optimal.md).
     */
    @Test
    void onTinyTracesTheSearchMostlyReachesTheExhaustiveOptimum() {
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        int reached = 0;
        StringBuilder log = new StringBuilder();
        for (int seed = 0; seed < 6; seed++) {
            MocaTrace trace = MissBoundTest.tinyTrace(seed, 5);
            PlanProblem problem = new PlanProblem(trace, MocaPolicies.STATIC_PARTITION, MocaPolicies.defaults(MocaPolicies.STATIC_PARTITION));
            PlanCost best = null;
            for (int[][] orders : MissBoundTest.allPlans(5)) {
                runtime.runPlan(problem.policy(), problem.parameters(), trace, MocaPlan.ofOrders(orders), out);
                PlanCost c = PlanCost.of(trace, out);
                if (best == null || c.betterThan(best)) best = c;
            }
            MocaPlanSearch.Result found = MocaPlanSearch.solve(problem, new int[4][0], new MocaPlanSearch.Settings(3_000L, null, 7, 5));
            assertFalse(found.cost().betterThan(best), "tiny-" + seed + " beat the exhaustive optimum");
            assertTrue(MissBound.of(trace).weightedMisses() <= found.cost().weightedMisses());
            if (found.cost().weightedMisses() == best.weightedMisses()) reached++;
            log.append("tiny-").append(seed).append(' ').append(found.cost().weightedMisses()).append('/').append(best.weightedMisses()).append("; ");
        }
        assertTrue(reached >= 5, "reached the optimum on " + reached + " of 6: " + log);
    }

    @Test
    void firstRequestsKeepsTheTracesHead() {
        MocaTrace trace = MocaTraces.scenario("moca-a-m");
        MocaTrace head = MocaOptimum.firstRequests(trace, 10);
        assertEquals(10, head.size());
        for (int r = 0; r < 10; r++) assertEquals(trace.arrivalCycles(r), head.arrivalCycles(r));
    }
}
