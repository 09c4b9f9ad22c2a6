package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.BadInputException;

/**
 * Switches of the time-multiplexed kernel. {@link #PUBLISHED} is the published setting with the
 * physical clock.
 *
 * @param artifactClock     reproduce the Sparse-DySta artifact's admission clock, which can step
 *                          time back (see docs/schedulers.md); off by default
 * @param switchCostSeconds added before a layer whose request differs from the previous layer's
 * @param estimator         how monitor schedulers compute {@code gamma}
 * @param lastLayers        N of {@link LatencyEstimator#LAST_N}
 */
public record KernelOptions(boolean artifactClock, double switchCostSeconds, LatencyEstimator estimator, int lastLayers) {
    public static final KernelOptions PUBLISHED = new KernelOptions(false, 0, LatencyEstimator.SPARSITY_MONITOR, 3);

    public KernelOptions {
        if (!(switchCostSeconds >= 0) || Double.isInfinite(switchCostSeconds)) {
            throw BadInputException.setting("switch_cost_s", "must be a finite number >= 0, got " + switchCostSeconds);
        }
        if (lastLayers < 1) throw BadInputException.setting("last_n", "must be >= 1, got " + lastLayers);
        if (estimator == null) throw new IllegalArgumentException("estimator is null");
    }

    public KernelOptions withArtifactClock(boolean on) { return new KernelOptions(on, switchCostSeconds, estimator, lastLayers); }
    public KernelOptions withSwitchCost(double seconds) { return new KernelOptions(artifactClock, seconds, estimator, lastLayers); }
    public KernelOptions withEstimator(LatencyEstimator e) { return new KernelOptions(artifactClock, switchCostSeconds, e, lastLayers); }
    public KernelOptions withLastLayers(int n) { return new KernelOptions(artifactClock, switchCostSeconds, estimator, n); }
}
