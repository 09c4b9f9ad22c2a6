package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.MultiTileState;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code moca-dysta} (in none of the papers): MoCA's memory throttling and tile sizing, with
 * Sparse-DySta's sparsity-aware score deciding who gets tiles first, for sparse workloads.
 *
 * <p>Order: smallest {@code gamma * estRemaining + beta * (max(0, slack - gamma * estRemaining)
 * + (idle / estIsolated) / n)} first, Dysta's rule (SCHEDULERS.md, {@code dysta}) with estimates on
 * {@code default_tiles} tiles and {@code gamma} the sparsity monitor of {@link MultiTileState#gamma}.
 * The monitor also corrects the compute part of MoCA's latency prediction, so a sample sparser
 * than its model's average is not protected for work it will skip.
 */
final class MocaDysta extends Moca {
    static final String NAME = "moca-dysta";
    static final ParameterSpace SPACE;

    static {
        List<Parameter> parameters = new ArrayList<>(Moca.SPACE.parameters());
        parameters.add(new Parameter("beta", 0.01, 1e-4, 1, Parameter.Scale.LOG, "weight of Dysta's slack-and-idle term (Sparse-DySta: 0.01)"));
        SPACE = new ParameterSpace(parameters);
    }

    private final double beta;

    MocaDysta(double[] parameters) {
        super(NAME, parameters);
        beta = parameters[Moca.SPACE.size()];
    }

    @Override
    protected double admissionScore(MultiTileState s, int r, int tiles) {
        double remaining = s.gamma(r) * s.estRemainingSeconds(r, tiles);
        double waiting = s.waitingCount() + s.runningCount();
        double dysta = remaining + beta * (Math.max(0, s.slackSeconds(r) - remaining) + s.idleSeconds(r) / s.estIsolatedSeconds(r, tiles) / waiting);
        return -dysta; // Dysta runs the smallest score first; MoCA's admission takes the largest
    }

    @Override
    protected double remainingComputeSeconds(MultiTileState s, int r, int k) { return s.gamma(r) * s.estRemainingComputeSeconds(r, k); }
}
