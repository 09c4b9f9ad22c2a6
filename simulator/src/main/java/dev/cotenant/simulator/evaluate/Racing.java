package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.metrics.Metric;

/**
 * Stops evaluating a candidate once it provably cannot beat an incumbent. After {@code k} of
 * {@code T} traces with sum {@code S}, the best mean the candidate could still reach is
 * {@code (S + (T - k) * metric.bestPossible()) / T}; when even that is worse than
 * {@code incumbentMean} by more than {@code margin}, the remaining traces are skipped. The rule
 * uses a hard bound, not a statistical test, so it never drops a candidate that could have won:
 * the winner of a batch is the same with racing on or off.
 *
 * @param objective     the metric the caller ranks candidates by (its direction is the metric's)
 * @param incumbentMean the best mean known before the batch (for example the tuner's best so far)
 * @param margin        how much worse than the incumbent a candidate must be bound to be, >= 0
 */
public record Racing(Metric objective, double incumbentMean, double margin) {
    public Racing {
        if (!(margin >= 0)) throw new IllegalArgumentException("margin must be >= 0");
    }

    /** True when a candidate with {@code sum} over {@code done} of {@code total} traces cannot win. */
    boolean hopeless(double sum, int done, int total) {
        double bound = (sum + (total - done) * objective.bestPossible()) / total;
        return objective.higherIsBetter() ? bound < incumbentMean - margin : bound > incumbentMean + margin;
    }
}
