package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * {@code rate-monotonic}: static priority by frame rate, the stream with the highest rate first
 * (Liu and Layland's fixed-priority order). The rate of a stream is read off the trace (its
 * requests minus one over the span of their arrivals), so a Poisson trace, where every model has
 * about the same rate, gives nearly FCFS. Ties go to the request admitted first.
 */
final class RateMonotonic extends Scheduler {
    RateMonotonic() { super("rate-monotonic", false, false); }

    @Override
    public int pick(DecisionState s) {
        int best = 0;
        double bestRate = Double.NEGATIVE_INFINITY;
        for (int p = 0, n = s.admittedCount(); p < n; p++) {
            double rate = s.streamRatePerSecond(s.requestAt(p));
            if (rate > bestRate) {
                bestRate = rate;
                best = p;
            }
        }
        return best;
    }
}
