package dev.cotenant.simulator.policy;

import java.util.Arrays;

/**
 * PREMA's token arithmetic (Choi and Rhu, HPCA 2020), shared by the time-multiplexed {@code prema}
 * scheduler and the multi-tile {@code prema-tm} policy so the rule lives in one place.
 *
 * <p>At a decision every candidate is {@link #update updated}: a request without a token gets its
 * priority; one that has a token adds {@code priority * idle / estIsolated} (the full idle time each
 * time, as the Sparse-DySta artifact does). The largest token among requests that already held one
 * before this decision sets the {@link #threshold}: {@code threshold_high} if it reached it, else
 * {@code threshold_mid} if it reached that, else {@code threshold_low}. The caller then runs the
 * candidate with the smallest remaining estimate among those that are {@link #eligible}, falling back
 * to plain SJF when none is (only possible when priorities are below {@code threshold_low}).
 *
 * <p>Use: {@link #reset} per run, {@link #beginDecision} then {@link #update} for each candidate, then
 * {@link #threshold}/{@link #eligible}. Allocates nothing per decision.
 */
public final class PremaTokens {
    /** PREMA's thresholds, the parameter space of both PREMA policies. */
    public static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("threshold_low", 1, 0, 9, Parameter.Scale.LINEAR, "token level used when no token reaches threshold_mid (PREMA: 1)"),
            new Parameter("threshold_mid", 3, 1, 27, Parameter.Scale.LINEAR, "token level that raises the bar to itself (PREMA: 3)"),
            new Parameter("threshold_high", 9, 1, 81, Parameter.Scale.LINEAR, "token level that raises the bar to itself (PREMA: 9)"));

    private final double thresholdLow;
    private final double thresholdMid;
    private final double thresholdHigh;
    private double[] token = new double[0];
    private double largestHeld;

    /** @param parameters a vector of {@link #SPACE}: low, mid, high */
    public PremaTokens(double[] parameters) {
        thresholdLow = parameters[0];
        thresholdMid = parameters[1];
        thresholdHigh = parameters[2];
    }

    /** Forgets every token: requests {@code 0..requestCount) have none. */
    public void reset(int requestCount) {
        if (token.length < requestCount) token = new double[requestCount];
        Arrays.fill(token, 0, requestCount, Double.NaN); // NaN = no token yet
    }

    /** Starts a decision: no token counted towards the threshold yet. */
    public void beginDecision() { largestHeld = 0; }

    /** Gives {@code r} its first token or grows the one it holds, and counts a held token towards the threshold. */
    public void update(int r, double priority, double idleSeconds, double estIsolatedSeconds) {
        if (Double.isNaN(token[r])) {
            token[r] = priority;
        } else {
            token[r] += priority * idleSeconds / estIsolatedSeconds;
            if (token[r] > largestHeld) largestHeld = token[r];
        }
    }

    /** The level a token must reach at this decision. */
    public double threshold() {
        return largestHeld >= thresholdHigh ? thresholdHigh : largestHeld >= thresholdMid ? thresholdMid : thresholdLow;
    }

    /** Whether {@code r}'s token reaches this decision's threshold. */
    public boolean eligible(int r) { return token[r] >= threshold(); }

    public double token(int r) { return token[r]; }
}
