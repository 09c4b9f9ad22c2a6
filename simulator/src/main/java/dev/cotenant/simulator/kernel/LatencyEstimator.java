package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.BadInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a scheduler with a sparsity monitor turns the sparsity measured on a request's layers so far
 * into {@code gamma}, the factor that scales its static remaining-latency estimate. Every
 * estimator gives {@code gamma = 1} before the first layer has run.
 *
 * <p>Each estimator reads the per-layer <em>sparsity ratio</em> {@code (1 - sp[i]) / (1 - avgSp[i])}
 * (the request's density relative to its model's mean density at that layer).
 */
public enum LatencyEstimator {
    /** Sparse-DySta's monitor: the mean ratio over all layers run so far (the published rule). */
    SPARSITY_MONITOR("monitor"),
    /** The ratio of the last layer run only: reacts fastest, noisiest. */
    LAST_LAYER("last-layer"),
    /** The mean ratio over the last N layers run (N is a kernel option, default 3). */
    LAST_N("last-n"),
    /**
     * Per progress point {@code k}, a least-squares line from the running mean ratio to the ratio
     * of real to static remaining latency, fitted over the samples of the request's own model in
     * the latency table the kernel is given (an in-sample fit: it is the best linear use of the
     * monitor's signal on that table, an upper reference for the hand-made rule).
     */
    LINEAR_REGRESSION("linreg");

    private final String cliName;

    LatencyEstimator(String cliName) { this.cliName = cliName; }

    public String cliName() { return cliName; }

    public static LatencyEstimator byCliName(String name) {
        for (LatencyEstimator e : values()) if (e.cliName.equals(name)) return e;
        throw BadInputException.setting("estimator", "unknown estimator '" + name + "'; known: "
                + Arrays.stream(values()).map(LatencyEstimator::cliName).collect(Collectors.joining(", ")));
    }
}
