package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

import java.util.Arrays;

/**
 * {@code prema}: PREMA's token rule as the Sparse-DySta artifact runs it. A request's token is set
 * to its priority at its first decision and then grows by {@code priority * idle / estIsolated} at
 * every decision (the full idle time each time, as in the artifact). The largest token among
 * requests already holding one sets the threshold (high, mid or low level); among requests whose
 * token reaches it, the smallest static remaining estimate runs.
 */
final class Prema extends Scheduler {
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("threshold_low", 1, 0, 9, Parameter.Scale.LINEAR, "token level used when no token reaches threshold_mid"),
            new Parameter("threshold_mid", 3, 1, 27, Parameter.Scale.LINEAR, "token level that raises the bar to itself"),
            new Parameter("threshold_high", 9, 1, 81, Parameter.Scale.LINEAR, "token level that raises the bar to itself"));

    private final double thresholdLow;
    private final double thresholdMid;
    private final double thresholdHigh;
    private double[] token = new double[0];

    Prema(double[] parameters) {
        super("prema", false, false);
        thresholdLow = parameters[0];
        thresholdMid = parameters[1];
        thresholdHigh = parameters[2];
    }

    @Override
    public void reset(int requestCount) {
        if (token.length < requestCount) token = new double[requestCount];
        Arrays.fill(token, 0, requestCount, Double.NaN); // NaN = no token yet
    }

    @Override
    public int pick(DecisionState s) {
        int n = s.admittedCount();
        double largestHeld = 0;
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            if (Double.isNaN(token[r])) {
                token[r] = s.priority(r);
            } else {
                token[r] += s.priority(r) * s.idleSeconds(r) / s.estIsolatedSeconds(r);
                if (token[r] > largestHeld) largestHeld = token[r];
            }
        }
        double threshold = largestHeld >= thresholdHigh ? thresholdHigh : largestHeld >= thresholdMid ? thresholdMid : thresholdLow;
        int best = -1;
        double bestRemaining = Double.POSITIVE_INFINITY;
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            double remaining = s.estRemainingSeconds(r);
            if (token[r] >= threshold && remaining < bestRemaining) {
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
