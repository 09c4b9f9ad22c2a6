package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileState;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.Arrays;

/**
 * {@code prema-tm}: PREMA (Choi and Rhu, HPCA 2020) time-multiplexing the whole accelerator: one
 * request holds all {@code T} tiles, and at each of its layer boundaries (or when the accelerator is
 * idle) the token rule picks who runs next, preempting the current one if another wins.
 *
 * <p>The token rule is the one SCHEDULERS.md states for {@code prema}: a token starts at the
 * request's priority and grows by {@code priority * idle / estIsolated} at every decision; the
 * largest token among requests already holding one sets the threshold (9, 3 or 1 by default);
 * among requests at or above it, the smallest remaining estimate runs. {@code estIsolated} and the
 * remaining estimate are this setting's static estimates on all {@code T} tiles.
 */
final class PremaTimeMultiplexed extends MultiTilePolicy {
    static final String NAME = "prema-tm";
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("threshold_low", 1, 0, 9, Parameter.Scale.LINEAR, "token level used when no token reaches threshold_mid (PREMA: 1)"),
            new Parameter("threshold_mid", 3, 1, 27, Parameter.Scale.LINEAR, "token level that raises the bar to itself (PREMA: 3)"),
            new Parameter("threshold_high", 9, 1, 81, Parameter.Scale.LINEAR, "token level that raises the bar to itself (PREMA: 9)"));

    private final double thresholdLow;
    private final double thresholdMid;
    private final double thresholdHigh;
    private double[] token = new double[0];

    PremaTimeMultiplexed(double[] parameters) {
        super(NAME);
        thresholdLow = parameters[0];
        thresholdMid = parameters[1];
        thresholdHigh = parameters[2];
    }

    @Override
    public void reset(MultiTileState s) {
        if (token.length < s.requestCount()) token = new double[s.requestCount()];
        Arrays.fill(token, 0, s.requestCount(), Double.NaN); // NaN: no token yet
    }

    @Override
    public void decide(MultiTileState s) {
        int current = s.runningCount() > 0 ? s.runningAt(0) : -1;
        if (current >= 0 && !s.atLayerBoundary(current)) return; // a layer is in flight: no decision point
        if (current < 0 && s.waitingCount() == 0) return;
        int tiles = s.tiles();
        double largestHeld = 0;
        for (int i = -1; i < s.waitingCount(); i++) {
            int r = i < 0 ? current : s.waitingAt(i);
            if (r < 0) continue;
            if (Double.isNaN(token[r])) {
                token[r] = s.priority(r);
            } else {
                token[r] += s.priority(r) * s.idleSeconds(r) / s.estIsolatedSeconds(r, tiles);
                largestHeld = Math.max(largestHeld, token[r]);
            }
        }
        double threshold = largestHeld >= thresholdHigh ? thresholdHigh : largestHeld >= thresholdMid ? thresholdMid : thresholdLow;
        int best = -1;
        double bestRemaining = Double.POSITIVE_INFINITY;
        for (int pass = 0; pass < 2 && best < 0; pass++) { // pass 1: nobody reached the threshold, plain SJF
            for (int i = -1; i < s.waitingCount(); i++) {
                int r = i < 0 ? current : s.waitingAt(i);
                if (r < 0 || (pass == 0 && token[r] < threshold)) continue;
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
