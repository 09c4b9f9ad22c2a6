package dev.cotenant.search.optimal.planner;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/** Which busy period a solve is about, and how its orders are scored (kernel runs, memoised). */
record PartContext(IncrementalScheduleEvaluator evaluator, int part, ScheduleObjective objective) {
    /** Fixed-point scales: weighted misses to a millionth, turnaround sums to a billionth. */
    static final double MISS_SCALE = 1e6;
    static final double TURNAROUND_SCALE = 1e9;

    HardSoftLongScore score(int[] localSequence) {
        return toScore(Cost.of(evaluator.scorePart(part, localSequence)));
    }

    /** The same, through the caller's scratch {@code cost} (two slots): no allocation but the score. */
    HardSoftLongScore score(int[] localSequence, double[] cost) {
        evaluator.scorePart(part, localSequence, cost);
        return toScore(cost[0], cost[1]);
    }

    /**
     * Lexicographic: hard level = weighted misses, soft = turnaround sum (OptaPlanner compares hard
     * first). Weighted sum: everything on the soft level. Negated, as OptaPlanner maximises.
     */
    HardSoftLongScore toScore(Cost c) { return toScore(c.weightedMissedDeadlines(), c.normalizedTurnaroundSum()); }

    HardSoftLongScore toScore(double weightedMisses, double turnaroundSum) {
        if (objective.lexicographic()) {
            return HardSoftLongScore.of(-Math.round(weightedMisses * MISS_SCALE), -Math.round(turnaroundSum * TURNAROUND_SCALE));
        }
        return HardSoftLongScore.of(0, -Math.round(objective.scalar(weightedMisses, turnaroundSum) * TURNAROUND_SCALE));
    }
}
