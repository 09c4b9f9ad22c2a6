package dev.cotenant.search.optimal.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTileKernel;
import dev.cotenant.simulator.multitile.MultiTileOutcome;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.MultiTileWorkload;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.multitile.policy.PlannedSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A case small enough to solve by hand. Two tiles, bus B = 100 B/s, no contention loss. Two
 * compute-bound one-layer requests arrive at 0, each taking 2 s on one tile and 1 s on two (so
 * isolated = 1 s): A (priority 1, target 10 s) and B (priority 3, target 1.5 s).
 * <ul>
 *   <li>side by side on one tile each: both end at 2 s, B is late: 3 weighted misses;</li>
 *   <li>A first on both tiles: B ends at 2 s, late: 3;</li>
 *   <li>B first on both tiles, then A on both: B ends at 1 s, A at 2 s: no miss,
 *       STP = 1/1 + 1/2 = 1.5; then A on one tile would end at 3 s (STP 4/3), worse.</li>
 * </ul>
 * So the family's optimum (tiles {1, 2}, throttles {1, 0.25}: 2! x 2^2 x 2^2 x 2 = 64 plans) is 0 misses and STP 1.5,
 * with B ranked first and both on two tiles.
 */
class HandWorkedPlanTest {
    static MultiTileTrace trace() {
        MultiTileHardware hw = new MultiTileHardware(2, 100, 1, 1);
        double[][] compute = {{2, 1}};
        double[][] bytes = {{0, 0}};
        MultiTileWorkload w = MultiTileWorkload.builder(hw).add("a", compute, bytes, new double[][] {{1}}).add("b", compute, bytes, new double[][] {{1}}).build();
        return new MultiTileTrace(w, new double[] {0, 0}, new int[] {0, 1}, new int[] {0, 0}, new double[] {1, 3}, new double[] {10, 1.5});
    }

    static final List<Integer> TILES = List.of(1, 2);
    static final List<Double> THROTTLES = List.of(1.0, 0.25);

    @Test
    void exhaustiveSearchFindsTheHandWorkedOptimum() {
        MultiTileTrace trace = trace();
        PlanFamily family = PlanFamily.of(TILES, THROTTLES, trace);
        assertEquals(64, family.planCount(2));
        ExhaustivePlanSearch.Result r = ExhaustivePlanSearch.solve(new PlanEvaluator(trace, family, MultiTileObjective.MISSES_THEN_STP, 0), 1e6, null);
        assertEquals(64, r.plans());
        assertEquals(0, r.cost().weightedMissedDeadlines());
        assertEquals(1.5, r.cost().stp(), 1e-12);
        assertEquals(0, r.best().rank()[1], "B ranks first");
        assertArrayEquals(new int[] {1, 1}, r.best().tileChoice(), "both on two tiles");
    }

    @Test
    void theOptimizerLabelsItOptimalInFamilyAndRunsItThroughTheKernel() {
        MultiTileTrace trace = trace();
        MultiTileOptimizer.Solution s = MultiTileOptimizer.solve(trace,
                MultiTileOptimizer.Settings.defaults(Duration.ofSeconds(5)).withFamily(TILES, THROTTLES), null);
        assertEquals(MultiTileOptimizer.OPTIMAL_IN_FAMILY, s.label());
        assertEquals(1.0, s.outcome().finishSeconds(1), 1e-12);
        assertEquals(2.0, s.outcome().finishSeconds(0), 1e-12);
        assertEquals(1.0, s.metrics().slaSatisfactionRate());
        assertFalse(s.worseThanBestOnline(MultiTileObjective.MISSES_THEN_STP));
    }

    @Test
    void theGeneticSearchFindsItToo() {
        MultiTileTrace trace = trace();
        MultiTileOptimizer.Solution s = MultiTileOptimizer.solve(trace, MultiTileOptimizer.Settings.defaults(Duration.ofSeconds(5))
                .withFamily(TILES, THROTTLES).withAutoExactMaxPlans(0).withGenetic(20, 0, 8, 3), null);
        assertEquals(MultiTileOptimizer.BEST_FOUND, s.label());
        assertEquals(0, s.cost().weightedMissedDeadlines());
        assertEquals(1.5, s.cost().stp(), 1e-12);
    }

    @Test
    void aThrottledCoRunnerFreesBandwidth() {
        // Two memory-bound one-layer requests on one tile each: alone each asks 100 B/s for 100 B.
        // Open: 50 B/s each, both end at 2 s. A capped at 25 B/s: B gets 75 B/s and ends at 4/3 s.
        MultiTileHardware hw = new MultiTileHardware(2, 100, 1, 1);
        MultiTileWorkload w = MultiTileWorkload.builder(hw).add("m", new double[][] {{1, 1}}, new double[][] {{100, 100}}, new double[][] {{1}}).build();
        MultiTileTrace trace = new MultiTileTrace(w, new double[] {0, 0}, new int[] {0, 0}, new int[] {0, 0}, new double[] {1, 1}, new double[] {10, 10});
        PlanFamily family = PlanFamily.of(TILES, THROTTLES, trace);
        assertEquals(25, family.capBytesPerSecond(1, hw), 1e-12);
        MultiTileOutcome open = new MultiTileKernel().run(trace, family.policy(new Plan(new int[] {0, 1}, new int[] {0, 0}, new int[] {0, 0}, false), trace));
        assertEquals(2, open.finishSeconds(1), 1e-9);
        MultiTileOutcome throttled = new MultiTileKernel().run(trace, family.policy(new Plan(new int[] {0, 1}, new int[] {0, 0}, new int[] {1, 0}, false), trace));
        assertEquals(4.0 / 3, throttled.finishSeconds(1), 1e-9);
        // A keeps its cap alone: 100/3 B by 4/3 s, the other 200/3 B at 25 B/s takes 8/3 s more.
        assertEquals(4, throttled.finishSeconds(0), 1e-9);
    }

    @Test
    void aSeedReplaysStaticPartitionExactly() {
        // static-partition gives every request a fixed share, FCFS, no preemption, no throttle: in the family.
        MultiTileTrace trace = TinyInstances.moca(4, 6);
        PlanFamily family = PlanFamily.of(List.of(1, 2, 4, 8), THROTTLES, trace);
        OnlineSeeds online = OnlineSeeds.of(trace, family, MultiTilePolicies.published("static-partition"));
        MultiTileOutcome replay = new MultiTileKernel().run(trace, family.policy(online.seeds().get(0), trace));
        MultiTileOutcome original = new MultiTileKernel().run(trace, MultiTilePolicies.published("static-partition"));
        for (int r = 0; r < trace.size(); r++) assertEquals(original.finishSeconds(r), replay.finishSeconds(r), 0, "request " + r);
    }

    @Test
    void aPlanOfTheWrongSizeOrATooLargeExactRequestIsRefused() {
        MultiTileTrace trace = TinyInstances.moca(0, 3);
        PlannedSchedule twoRequests = new PlannedSchedule(new int[] {0, 1}, new int[] {1, 1}, new double[] {1, 1}, false);
        assertThrows(IllegalStateException.class, () -> new MultiTileKernel().run(trace, twoRequests));
        MultiTileOptimizer.Settings exact = MultiTileOptimizer.Settings.defaults(Duration.ofSeconds(1)).withExact(true, 1000);
        BadInputException e = assertThrows(BadInputException.class, () -> MultiTileOptimizer.solve(TinyInstances.moca(0, 6), exact, null));
        assertTrue(e.getMessage().startsWith("--exact"), e.getMessage());
    }
}
