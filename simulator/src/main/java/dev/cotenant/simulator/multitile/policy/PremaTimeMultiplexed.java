package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileState;
import dev.cotenant.simulator.policy.PremaTokens;
import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * {@code prema-tm}: PREMA (Choi and Rhu, HPCA 2020) time-multiplexing the whole accelerator: one
 * request holds all {@code T} tiles, and at each of its layer boundaries (or when the accelerator is
 * idle) the token rule picks who runs next, preempting the current one if another wins.
 *
 * <p>The token rule is the time-multiplexed {@code prema}'s, shared through {@link PremaTokens}; among
 * requests whose token reaches the threshold, the smallest remaining estimate runs. {@code estIsolated}
 * and the remaining estimate are this setting's static estimates on all {@code T} tiles.
 */
final class PremaTimeMultiplexed extends MultiTilePolicy {
    static final String NAME = "prema-tm";
    static final ParameterSpace SPACE = PremaTokens.SPACE;

    private final PremaTokens tokens;

    PremaTimeMultiplexed(double[] parameters) {
        super(NAME);
        tokens = new PremaTokens(parameters);
    }

    @Override
    public void reset(MultiTileState s) { tokens.reset(s.requestCount()); }

    @Override
    public void decide(MultiTileState s) {
        int current = s.runningCount() > 0 ? s.runningAt(0) : -1;
        if (current >= 0 && !s.atLayerBoundary(current)) return; // a layer is in flight: no decision point
        if (current < 0 && s.waitingCount() == 0) return;
        int tiles = s.tiles();
        tokens.beginDecision();
        for (int i = -1; i < s.waitingCount(); i++) {
            int r = i < 0 ? current : s.waitingAt(i);
            if (r >= 0) tokens.update(r, s.priority(r), s.idleSeconds(r), s.estIsolatedSeconds(r, tiles));
        }
        int best = -1;
        double bestRemaining = Double.POSITIVE_INFINITY;
        for (int pass = 0; pass < 2 && best < 0; pass++) { // pass 1: nobody reached the threshold, plain SJF
            for (int i = -1; i < s.waitingCount(); i++) {
                int r = i < 0 ? current : s.waitingAt(i);
                if (r < 0 || (pass == 0 && !tokens.eligible(r))) continue;
                double remaining = s.estRemainingSeconds(r, tiles);
                if (remaining < bestRemaining) {
                    bestRemaining = remaining;
                    best = r;
                }
            }
        }
        if (best == current) return;
        if (current >= 0) s.preempt(current);
        s.start(best, tiles);
    }
}
