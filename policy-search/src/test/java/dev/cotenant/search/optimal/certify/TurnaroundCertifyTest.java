package dev.cotenant.search.optimal.certify;

import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.policy.LayerPlan;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The second lexicographic solve: turnaround with the weighted misses fixed at their proven optimum. */
class TurnaroundCertifyTest {
    private static final ScheduleObjective LEX = ScheduleObjective.LEXICOGRAPHIC;
    private static final CpSat CP = new CpSat(1, 1, 1, 8);

    /**
     * docs/optimal.md's counterexample: Y (layers 1 s, 10 s) and X (one 10 s layer) at 0, Z (one
     * 1 s layer, deadline 2 s) at 1 s. Requests 0 = Y, 1 = X, 2 = Z.
     */
    static CompiledTrace counterexample() {
        LatencyDirectory directory = new LatencyDirectory(List.of(dense("y", 1, 10), dense("x", 10), dense("z", 1)));
        int[] model = {directory.modelId("y"), directory.modelId("x"), directory.modelId("z")};
        Trace trace = new Trace(new double[] {0, 0, 1}, model, new int[] {0, 0, 0}, new double[] {1, 1, 1}, new double[] {100, 100, 1});
        return new CompiledTrace(new CompiledWorkload(directory), trace);
    }

    static LatencyTable dense(String name, double... layerSeconds) {
        return new LatencyTable(name, LatencyTable.Layout.EYERISS_V2, 1, layerSeconds.length, layerSeconds.clone(), new double[layerSeconds.length]);
    }

    @Test
    void solvesTheDocumentedCounterexampleToItsTrueOptimum() {
        CompiledTrace trace = counterexample();
        // Without the second solve: the family's best meets every deadline with Y ranked above X,
        // Y's 10 s layer before X: 12/11 + 22/10 + 1 = 4.2909...
        OfflineOptimizer.Solution family = OfflineOptimizer.solve(trace, OfflineOptimizer.Settings.defaults(Duration.ofSeconds(5))
                .withCertify(CP.withTurnaroundMaxRequests(0)), null);
        assertEquals(0, family.cost().weightedMissedDeadlines(), 0);
        assertEquals(12 / 11.0 + 22 / 10.0 + 1, family.cost().normalizedTurnaroundSum(), 1e-9);
        // With it: Y's first layer, Z, X, Y's rest (no fixed order does this): 22/11 + 12/10 + 1 = 4.2,
        // measured by the kernel replaying CP-SAT's plan, and proven by CP-SAT's bound.
        OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace, OfflineOptimizer.Settings.defaults(Duration.ofSeconds(5)).withCertify(CP), null);
        assertEquals(0, s.cost().weightedMissedDeadlines(), 0);
        assertEquals(4.2, s.cost().normalizedTurnaroundSum(), 1e-9);
        Cost rerun = LEX.cost(trace, new TimeMultiplexedKernel().run(trace, new LayerPlan(trace, s.layerPlan())));
        assertEquals(4.2, rerun.normalizedTurnaroundSum(), 1e-9);
        assertEquals(1, s.partsTurnaroundImprovedByCpSat());
        assertEquals(1, s.partsTurnaroundProven());
        assertTrue(s.certifiedTurnaroundBound() <= 4.2 && s.certifiedTurnaroundBound() > 4.2 - 1e-5, "bound " + s.certifiedTurnaroundBound());
    }

    /**
     * On random 5-request instances: every fixed order (all 120, run by the kernel) that reaches the
     * proven least weighted misses has a turnaround sum at least the certified turnaround bound; the
     * answer, re-run by the kernel from its layer plan, is never worse than the best such order and
     * never below the bound.
     */
    @Test
    void boundIsBelowEveryOrderWithTheOptimalMisses() {
        int proven = 0, improved = 0, instances = 10;
        for (long seed = 0; seed < instances; seed++) {
            CompiledTrace trace = CertifyTest.small(seed, 5);
            OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace, OfflineOptimizer.Settings.defaults(Duration.ofSeconds(5)).withCertify(CP), null);
            assertTrue(s.missesProven(), "seed " + seed);
            double bound = s.certifiedTurnaroundBound();
            int[] order = {0, 1, 2, 3, 4};
            Outcome outcome = new Outcome();
            double bestOrder = Double.POSITIVE_INFINITY;
            do {
                new TimeMultiplexedKernel().run(trace, FixedOrder.ofSequence(order), outcome, null);
                Cost c = LEX.cost(trace, outcome);
                if (c.weightedMissedDeadlines() != s.cost().weightedMissedDeadlines()) continue;
                assertTrue(bound <= c.normalizedTurnaroundSum() + 1e-9, "seed " + seed + ": bound " + bound + " above an order's " + c.normalizedTurnaroundSum());
                bestOrder = Math.min(bestOrder, c.normalizedTurnaroundSum());
            } while (dev.cotenant.search.optimal.Instances.nextPermutation(order));
            Cost rerun = LEX.cost(trace, new TimeMultiplexedKernel().run(trace, new LayerPlan(trace, s.layerPlan())));
            assertEquals(0, LEX.compare(rerun, s.cost()), "seed " + seed + ": the layer plan reproduces the reported cost");
            assertTrue(s.cost().normalizedTurnaroundSum() <= bestOrder + 1e-9, "seed " + seed);
            assertTrue(bound <= s.cost().normalizedTurnaroundSum() + 1e-9, "seed " + seed);
            if (s.partsTurnaroundProven() == s.parts().size()) proven++;
            improved += s.partsTurnaroundImprovedByCpSat();
        }
        if (Boolean.getBoolean("cotenant.test.verbose")) {
            System.out.printf("certify turnaround: proven on %d of %d instances; %d periods improved over the best order%n", proven, instances, improved);
        }
        // Measured with one worker, seed 1 and a limit of 1 unit (deterministic): seeds 2 and 6 stay
        // bracketed at that limit (both are proven with 2 units); on seeds 3 and 8 the CP-SAT schedule,
        // run by the kernel, beats every fixed order with the same misses.
        assertEquals(8, proven, "instances whose turnaround is proven");
        assertEquals(2, improved, "periods where an interleaving beats the family");
    }
}
