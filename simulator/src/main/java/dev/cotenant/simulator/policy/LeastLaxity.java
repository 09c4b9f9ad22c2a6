package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * {@code least-laxity}: the smallest laxity {@code slack - gamma * estRemaining} runs, the
 * remaining time estimated from the request's own model profile corrected by the sparsity monitor
 * (as Dysta estimates it). Ties go to the request admitted first.
 */
final class LeastLaxity extends Scheduler {
    LeastLaxity() { super("least-laxity", true, true); }

    @Override
    public int pick(DecisionState s) {
        int best = 0;
        double bestLaxity = Double.POSITIVE_INFINITY;
        for (int p = 0, n = s.admittedCount(); p < n; p++) {
            int r = s.requestAt(p);
            double laxity = s.slackSeconds(r) - s.gamma(r) * s.estRemainingSeconds(r);
            if (laxity < bestLaxity) {
                bestLaxity = laxity;
                best = p;
            }
        }
        return best;
    }
}
