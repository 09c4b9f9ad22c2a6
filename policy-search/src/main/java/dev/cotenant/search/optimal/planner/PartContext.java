package dev.cotenant.search.optimal.planner;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;

/** Which busy period a solve is about, and how its orders are scored (kernel runs, memoised). */
record PartContext(IncrementalScheduleEvaluator evaluator, int part, ScheduleObjective objective) {
    /** Fixed-point scales: weighted misses to a millionth, turnaround sums to a billionth. */
    static final double MISS_SCALE = 1e6;
    static final double TURNAROUND_SCALE = 1e9;
    /** First keys (a miss rate, 100 minus a score) to a billionth: a rate's smallest step is one request over a trace's request count. */
    static final double FIRST_KEY_SCALE = 1e9;

    HardMediumSoftLongScore score(int[] localSequence) {
        return toScore(Cost.of(evaluator.scorePart(part, localSequence)));
    }

    /** The same, through the caller's scratch {@code cost} (three slots): no allocation but the score. */
    HardMediumSoftLongScore score(int[] localSequence, double[] cost) {
        evaluator.scorePart(part, localSequence, cost);
        return toScore(cost[0], cost[1], objective.wholeTrace() ? cost[2] : 0);
    }

    /**
     * Lexicographic: hard level = the objective's first key (0 without one),
     * medium = weighted misses, soft = turnaround sum (OptaPlanner compares hard first). Weighted sum:
     * everything on the soft level. Negated, as OptaPlanner maximises.
     */
    HardMediumSoftLongScore toScore(Cost c) { return toScore(c.weightedMissedDeadlines(), c.normalizedTurnaroundSum(), c.firstKey()); }

    HardMediumSoftLongScore toScore(double weightedMisses, double turnaroundSum, double firstKey) {
        if (objective.lexicographic()) {
            long key = objective.wholeTrace() ? -Math.round(firstKey * FIRST_KEY_SCALE) : 0;
            return HardMediumSoftLongScore.of(key, -Math.round(weightedMisses * MISS_SCALE), -Math.round(turnaroundSum * TURNAROUND_SCALE));
        }
        return HardMediumSoftLongScore.of(0, 0, -Math.round(objective.scalar(weightedMisses, turnaroundSum) * TURNAROUND_SCALE));
    }
}
