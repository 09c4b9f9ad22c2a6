package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.multitile.policy.PlannedSchedule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The plan rule by hand. Two tiles, B = 100 B/s, compute-bound layers of 1 s on two tiles (2 s on one).
 * A (two layers) arrives at 0, B (one layer) at 0.5 s and ranks first; both take two tiles.
 * Preemptive: A's first layer ends at 1 s, B takes the tiles (1 to 2 s), A's second layer runs 2 to 3 s.
 * Not preemptive: A runs 0 to 2 s, then B 2 to 3 s. On one tile each they run side by side.
 */
class PlannedScheduleTest {
    static MultiTileTrace trace() {
        MultiTileHardware hw = new MultiTileHardware(2, 100, 1, 1);
        MultiTileWorkload w = MultiTileWorkload.builder(hw)
                .add("a", new double[][] {{2, 1}, {2, 1}}, new double[][] {{0, 0}, {0, 0}}, new double[][] {{1, 1}})
                .add("b", new double[][] {{2, 1}}, new double[][] {{0, 0}}, new double[][] {{1}}).build();
        return new MultiTileTrace(w, new double[] {0, 0.5}, new int[] {0, 1}, new int[] {0, 0}, new double[] {1, 1}, new double[] {10, 10});
    }

    static final double[] OPEN = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};

    @Test
    void aPreemptivePlanHandsTheTilesToTheHigherRankAtTheNextLayerBoundary() {
        MultiTileOutcome o = new MultiTileKernel().run(trace(), new PlannedSchedule(new int[] {1, 0}, new int[] {2, 2}, OPEN, true));
        assertEquals(1.0, o.firstStartSeconds(1), 1e-12);
        assertEquals(2.0, o.finishSeconds(1), 1e-12);
        assertEquals(3.0, o.finishSeconds(0), 1e-12);
        assertEquals(1, o.preemptions());
    }

    @Test
    void aNonPreemptivePlanLetsTheRunningRequestFinish() {
        MultiTileOutcome o = new MultiTileKernel().run(trace(), new PlannedSchedule(new int[] {1, 0}, new int[] {2, 2}, OPEN, false));
        assertEquals(2.0, o.finishSeconds(0), 1e-12);
        assertEquals(3.0, o.finishSeconds(1), 1e-12);
        assertEquals(0, o.preemptions());
    }

    @Test
    void oneTileEachRunsSideBySideWithTheirCaps() {
        MultiTileOutcome o = new MultiTileKernel().run(trace(), new PlannedSchedule(new int[] {1, 0}, new int[] {1, 1}, new double[] {50, 25}, true));
        assertEquals(4.0, o.finishSeconds(0), 1e-12); // two layers of 2 s on one tile, no bytes: caps do not bind
        assertEquals(2.5, o.finishSeconds(1), 1e-12);
        assertEquals(2, o.regulatorChanges());
    }

    @Test
    void aPlanThatIsNotAPermutationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PlannedSchedule(new int[] {0, 0}, new int[] {1, 1}, OPEN, false));
        assertThrows(IllegalArgumentException.class, () -> new PlannedSchedule(new int[] {0, 1}, new int[] {0, 1}, OPEN, false));
    }
}
