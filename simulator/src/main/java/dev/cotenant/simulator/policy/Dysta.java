package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * Sparse-DySta's scheduler: the smallest {@code remaining + beta * score}, with
 * {@code score = max(0, slack - remaining) + (idle / isolated) / n}. The variants differ only in
 * where {@code remaining} and {@code isolated} come from:
 * <ul>
 *   <li>{@code dysta}: own-model static estimate times the monitor's {@code gamma} (both optimisations);</li>
 *   <li>{@code dysta-static}: own-model static estimate, {@code gamma = 1} (the static, pattern-aware part only);</li>
 *   <li>{@code dysta-dynamic}: architecture static estimate times the monitor's {@code gamma} (the dynamic part only);</li>
 *   <li>{@code dysta-naive}: architecture static estimate, {@code gamma = 1} (neither);</li>
 *   <li>{@code dysta-oracle}: the real latencies;</li>
 *   <li>{@code dysta-learned}: own-model static estimate times the learned predictor's {@code gamma}.</li>
 * </ul>
 */
final class Dysta extends Scheduler {
    enum Variant { ESTIMATE, ORACLE, LEARNED }

    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("beta", 0.01, 1e-5, 10, Parameter.Scale.LOG, "weight of slack and waiting against remaining latency"));

    private final Variant variant;
    private final double beta;
    private final LearnedGamma.Reader learned;

    /** An estimate-based variant: its static estimate is the own model's if {@code patternAware}, gamma from the monitor if {@code monitor}. */
    Dysta(String name, boolean patternAware, boolean monitor, double[] parameters) {
        super(name, patternAware, monitor);
        this.variant = Variant.ESTIMATE;
        beta = parameters[0];
        learned = null;
    }

    /** {@code dysta-oracle}: the real remaining latency. */
    static Dysta oracle(double[] parameters) { return new Dysta("dysta-oracle", parameters); }

    private Dysta(String name, double[] parameters) {
        super(name, true, false);
        this.variant = Variant.ORACLE;
        beta = parameters[0];
        learned = null;
    }

    /** {@code dysta-learned}: pattern-aware, gamma from {@code predictor} instead of the monitor. */
    Dysta(String name, LearnedGamma predictor, double[] parameters) {
        super(name, true, false);
        this.variant = Variant.LEARNED;
        beta = parameters[0];
        learned = predictor.reader();
    }

    @Override
    public int pick(DecisionState s) {
        int n = s.admittedCount();
        boolean oracle = variant == Variant.ORACLE;
        int best = 0;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            double remaining;
            double isolated;
            if (oracle) {
                remaining = s.realRemainingSeconds(r);
                isolated = s.realIsolatedSeconds(r);
            } else {
                double gamma = learned == null ? s.gamma(r) : learned.gamma(s, r);
                remaining = gamma * s.estRemainingSeconds(r);
                isolated = s.estIsolatedSeconds(r);
            }
            double cost = DystaScore.cost(remaining, s.slackSeconds(r), s.idleSeconds(r), isolated, n, beta);
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        return best;
    }
}
