package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * {@code sjf}: smallest static remaining estimate (architecture average). {@code sjf-sparse}: the
 * same with the request's own model average scaled by the sparsity monitor's {@code gamma}.
 * {@code sjf-learned}: own model average scaled by the learned predictor's {@code gamma}.
 */
final class ShortestJobFirst extends Scheduler {
    private final LearnedGamma.Reader learned;

    ShortestJobFirst(String name, boolean sparse) {
        super(name, sparse, sparse);
        learned = null;
    }

    ShortestJobFirst(String name, LearnedGamma predictor) {
        super(name, true, false);
        learned = predictor.reader();
    }

    @Override
    public int pick(DecisionState s) {
        int best = 0;
        double bestRemaining = Double.POSITIVE_INFINITY;
        for (int p = 0, n = s.admittedCount(); p < n; p++) {
            int r = s.requestAt(p);
            double gamma = learned == null ? s.gamma(r) : learned.gamma(s, r);
            double remaining = gamma * s.estRemainingSeconds(r);
            if (remaining < bestRemaining) {
                bestRemaining = remaining;
                best = p;
            }
        }
        return best;
    }
}
