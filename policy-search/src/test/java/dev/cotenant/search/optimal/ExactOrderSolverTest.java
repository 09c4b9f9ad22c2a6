package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.FixedOrder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactOrderSolverTest {
    private static final ScheduleObjective LEX = ScheduleObjective.LEXICOGRAPHIC;

    /** The best cost over all n! orders, each run by the kernel: the definition of the family's optimum. */
    static Cost bruteForce(CompiledTrace trace, ScheduleObjective objective, Cost[] componentMinima) {
        int n = trace.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
        Outcome outcome = new Outcome();
        Cost best = null;
        double minMisses = Double.POSITIVE_INFINITY, minTurnaround = Double.POSITIVE_INFINITY;
        do {
            kernel.run(trace, FixedOrder.ofSequence(order), outcome, null);
            Cost c = objective.cost(trace, outcome);
            if (best == null || objective.compare(c, best) < 0) best = c;
            minMisses = Math.min(minMisses, c.weightedMissedDeadlines());
            minTurnaround = Math.min(minTurnaround, c.normalizedTurnaroundSum());
        } while (Instances.nextPermutation(order));
        if (componentMinima != null) componentMinima[0] = new Cost(minMisses, minTurnaround);
        return best;
    }


    @Test
    void exactEqualsBruteForceOnEveryTinyInstanceAndItsOrderReproducesItsCost() {
        // 7 requests: 5040 orders per instance, under 0.1 s each.
        int withMisses = 0;
        for (long seed = 0; seed < 60; seed++) {
            CompiledTrace trace = Instances.small(seed, 7);
            for (ScheduleObjective objective : new ScheduleObjective[] {LEX, ScheduleObjective.weightedSum(0.5, 1)}) {
                Cost brute = bruteForce(trace, objective, null);
                OnlineBaseline seedOrder = OnlineBaseline.of(trace, objective);
                ExactOrderSolver.Result exact = new ExactOrderSolver(objective, 1_000_000).solve(trace, seedOrder.completionOrder());
                assertTrue(exact.proven(), "seed " + seed);
                assertEquals(0, objective.compare(exact.cost(), brute), "seed " + seed + ": exact " + exact.cost() + " brute " + brute);
                Cost rerun = objective.cost(trace, new TimeMultiplexedKernel().run(trace, FixedOrder.ofSequence(exact.sequence())));
                assertEquals(0, objective.compare(rerun, exact.cost()), "the returned order must reproduce the returned cost");
                if (objective == LEX && brute.weightedMissedDeadlines() > 0) withMisses++;
            }
        }
        // the instances are meant to be hard: deadlines are lost in a good share of them
        assertTrue(withMisses >= 10, "instances with unavoidable misses: " + withMisses);
    }

    @Test
    void relaxationBoundIsBelowTheBestOfEveryComponentOverAllOrders() {
        for (long seed = 100; seed < 160; seed++) {
            CompiledTrace trace = Instances.small(seed, 7);
            Cost[] minima = new Cost[1];
            bruteForce(trace, LEX, minima);
            Cost bound = RelaxationBound.of(trace);
            assertTrue(bound.weightedMissedDeadlines() <= minima[0].weightedMissedDeadlines() + 1e-9, "seed " + seed + " misses");
            assertTrue(bound.normalizedTurnaroundSum() <= minima[0].normalizedTurnaroundSum() + 1e-9, "seed " + seed + " turnaround");
            assertTrue(bound.normalizedTurnaroundSum() >= trace.size(), "never below one per request");
        }
    }
}
