package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * {@code sdrm3}: the largest {@code u + alpha * f} among requests whose score is >= 0, with
 * urgency {@code u = min(1, estRemaining / slack)} and fairness {@code f = idle / est[next layer]}.
 * When no score is >= 0, the most recently admitted request runs (artifact behaviour).
 * {@code sdrm3-sparse} scales both estimates by the sparsity monitor's {@code gamma} and uses the
 * request's own model average.
 */
final class Sdrm3 extends Scheduler {
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("alpha", 1, 1e-3, 1e3, Parameter.Scale.LOG, "weight of fairness (idle time) against urgency"));

    private final double alpha;

    Sdrm3(String name, boolean sparse, double[] parameters) {
        super(name, sparse, sparse);
        alpha = parameters[0];
    }

    @Override
    public int pick(DecisionState s) {
        int n = s.admittedCount();
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            double gamma = s.gamma(r);
            double urgency = Math.min(1, gamma * s.estRemainingSeconds(r) / s.slackSeconds(r));
            double fairness = s.idleSeconds(r) / (gamma * s.estNextLayerSeconds(r));
            double score = urgency + alpha * fairness;
            if (score >= 0 && score > bestScore) {
                bestScore = score;
                best = p;
            }
        }
        return best >= 0 ? best : n - 1;
    }
}
