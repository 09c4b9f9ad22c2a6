package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The unboxed forms of the objective's order and weighted sum agree with the {@link Cost} forms, in both modes. */
class ScheduleObjectiveTest {
    private static final ScheduleObjective WEIGHTED = ScheduleObjective.weightedSum(2, 0.5);
    private static final double[][] SCORES = {{0, 0}, {0, 10}, {1, 0}, {1, 1e-12}, {1, 3}, {2.5, 0.25}, {0.000001, 7}};

    @Test
    void unboxedScalarAndCompareAgreeWithCost() {
        for (ScheduleObjective o : new ScheduleObjective[] {ScheduleObjective.LEXICOGRAPHIC, WEIGHTED}) {
            for (double[] a : SCORES) {
                assertEquals(o.scalar(Cost.of(a)), o.scalar(a[0], a[1]));
                for (double[] b : SCORES) assertEquals(o.compare(Cost.of(a), Cost.of(b)), o.compare(a, b), o.describe());
            }
        }
    }

    @Test
    void moveAcceptanceFollowsTheObjectivesMode() {
        double[] oneMissNoWait = {1, 0}, noMissLongWait = {0, 10};
        assertFalse(noWorse(ScheduleObjective.LEXICOGRAPHIC, oneMissNoWait, noMissLongWait), "a miss is worse first");
        assertTrue(noWorse(WEIGHTED, oneMissNoWait, noMissLongWait), "2 * 1 + 0.5 * 0 < 2 * 0 + 0.5 * 10");
        assertTrue(noWorse(ScheduleObjective.LEXICOGRAPHIC, new double[] {1, 3}, new double[] {1, 3 + 1e-12}), "ties count as no worse");
    }

    /** The move acceptance of the planner's move-cost harness (experiments' bench.MoveCost): keep a move that is no worse. */
    private static boolean noWorse(ScheduleObjective objective, double[] a, double[] b) { return objective.compare(a, b) <= 0; }
}
