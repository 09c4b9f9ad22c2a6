package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileState;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * {@code planaria-fission}: Planaria's dynamic architecture fission (Ghodrati et al., MICRO 2020)
 * on tiles. At every decision the tiles not held by a layer in flight are re-dealt among the waiting
 * requests and the running ones at a layer boundary: in descending {@code priority^e / slack} order
 * (Planaria's score, as SCHEDULERS.md's {@code planaria}; requests past their deadline last), each
 * gets the fewest tiles whose estimate meets its slack with {@code headroom}, or its minimum if no
 * count does; tiles left over then go, in the same order, to whoever still speeds up with more.
 * A running request dealt none is preempted. No memory control: the bus is left to contention.
 */
final class PlanariaFission extends MultiTilePolicy {
    static final String NAME = "planaria-fission";
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("priority_exponent", 1, 0, 4, Parameter.Scale.LINEAR, "e in priority^e / slack; Planaria's score is priority / slack"),
            new Parameter("headroom", 0, 0, 1, Parameter.Scale.LINEAR,
                    "share of slack kept in reserve when sizing a request; Planaria allocates just enough to meet QoS (0)"));

    private final double priorityExponent;
    private final double headroom;
    private int[] candidates = new int[0];
    private double[] score = new double[0];
    private int[] dealt = new int[0];

    PlanariaFission(double[] parameters) {
        super(NAME);
        priorityExponent = parameters[0];
        headroom = parameters[1];
    }

    @Override
    public void reset(MultiTileState s) {
        int n = s.requestCount();
        if (score.length < n) {
            candidates = new int[n];
            score = new double[n];
            dealt = new int[n];
        }
    }

    @Override
    public void decide(MultiTileState s) {
        int count = 0;
        int budget = s.freeTiles();
        for (int i = 0; i < s.runningCount(); i++) {
            int r = s.runningAt(i);
            if (s.atLayerBoundary(r)) {
                candidates[count++] = r;
                budget += s.tilesOf(r);
            }
        }
        for (int i = 0; i < s.waitingCount(); i++) candidates[count++] = s.waitingAt(i);
        if (count == 0 || budget == 0) return;
        for (int i = 0; i < count; i++) {
            int r = candidates[i];
            double slack = s.slackSeconds(r);
            score[r] = slack > 0 ? Math.pow(s.priority(r), priorityExponent) / slack : -Double.MAX_VALUE; // late: after every request that can still make it
            dealt[r] = 0;
        }
        sortByScoreDescending(count);
        for (int i = 0; i < count && budget > 0; i++) {
            int r = candidates[i];
            if (s.requiredTiles(r) > budget) continue;
            int k = TileSizing.fewestMeeting(s, r, budget, s.slackSeconds(r) * (1 - headroom), 1);
            dealt[r] = k > 0 ? k : s.requiredTiles(r);
            budget -= dealt[r];
        }
        for (int i = 0; i < count && budget > 0; i++) {
            int r = candidates[i];
            if (dealt[r] == 0) continue;
            int k = TileSizing.mostUseful(s, r, dealt[r], dealt[r] + budget);
            budget -= k - dealt[r];
            dealt[r] = k;
        }
        // Free tiles before taking them: preempt and shrink first, then grow and start.
        for (int i = 0; i < count; i++) {
            int r = candidates[i];
            if (!s.isRunning(r)) continue;
            if (dealt[r] == 0) s.preempt(r);
            else if (dealt[r] < s.tilesOf(r)) s.resize(r, dealt[r]);
        }
        for (int i = 0; i < count; i++) {
            int r = candidates[i];
            if (dealt[r] == 0) continue;
            if (s.isRunning(r)) {
                if (dealt[r] > s.tilesOf(r)) s.resize(r, dealt[r]);
            } else {
                s.start(r, dealt[r]);
            }
        }
    }

    /** Insertion sort (stable: ties keep running-then-arrival order); count is small and this allocates nothing. */
    private void sortByScoreDescending(int count) {
        for (int i = 1; i < count; i++) {
            int r = candidates[i];
            int j = i - 1;
            while (j >= 0 && score[candidates[j]] < score[r]) {
                candidates[j + 1] = candidates[j];
                j--;
            }
            candidates[j + 1] = r;
        }
    }
}
