package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * {@code planaria}: the largest {@code priority / slack} among requests that can still make their
 * deadline ({@code slack > 0}). When none can, the most recently admitted request runs: an
 * artifact behaviour kept because it is what the paper measured.
 */
final class Planaria extends Scheduler {
    Planaria() { super("planaria", false, false); }

    @Override
    public int pick(DecisionState s) {
        int n = s.admittedCount();
        int best = -1;
        double bestUrgency = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            double slack = s.slackSeconds(r);
            if (slack > 0) {
                double urgency = s.priority(r) / slack;
                if (urgency > bestUrgency) {
                    bestUrgency = urgency;
                    best = p;
                }
            }
        }
        return best >= 0 ? best : n - 1;
    }
}
