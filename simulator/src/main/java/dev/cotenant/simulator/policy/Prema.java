package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * {@code prema}: PREMA's token rule ({@link PremaTokens}) as the Sparse-DySta artifact runs it, over
 * the admitted requests; among requests whose token reaches the threshold, the smallest static
 * remaining estimate runs.
 */
final class Prema extends Scheduler {
    static final ParameterSpace SPACE = PremaTokens.SPACE;

    private final PremaTokens tokens;

    Prema(double[] parameters) {
        super("prema", false, false);
        tokens = new PremaTokens(parameters);
    }

    @Override
    public void reset(int requestCount) { tokens.reset(requestCount); }

    @Override
    public int pick(DecisionState s) {
        int n = s.admittedCount();
        tokens.beginDecision();
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            tokens.update(r, s.priority(r), s.idleSeconds(r), s.estIsolatedSeconds(r));
        }
        int best = -1;
        double bestRemaining = Double.POSITIVE_INFINITY;
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            double remaining = s.estRemainingSeconds(r);
            if (tokens.eligible(r) && remaining < bestRemaining) {
                bestRemaining = remaining;
                best = p;
            }
        }
        // Only reachable when priorities are below the low threshold: fall back to plain SJF.
        if (best < 0) {
            for (int p = 0; p < n; p++) {
                double remaining = s.estRemainingSeconds(s.requestAt(p));
                if (best < 0 || remaining < bestRemaining) {
                    bestRemaining = remaining;
                    best = p;
                }
            }
        }
        return best;
    }
}
