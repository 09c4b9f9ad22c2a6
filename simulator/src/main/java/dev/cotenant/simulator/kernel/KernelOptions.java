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
 * @param drop              which requests the kernel gives up on ({@link DropRule#NONE} in the published setting)
 */
public record KernelOptions(boolean artifactClock, double switchCostSeconds, LatencyEstimator estimator, int lastLayers,
                            DropRule drop) implements java.io.Serializable {
    public static final KernelOptions PUBLISHED = new KernelOptions(false, 0, LatencyEstimator.SPARSITY_MONITOR, 3, DropRule.NONE);

    public KernelOptions(boolean artifactClock, double switchCostSeconds, LatencyEstimator estimator, int lastLayers) {
        this(artifactClock, switchCostSeconds, estimator, lastLayers, DropRule.NONE);
    }

    public KernelOptions {
        if (!(switchCostSeconds >= 0) || Double.isInfinite(switchCostSeconds)) {
            throw BadInputException.setting("switch_cost_s", "must be a finite number >= 0, got " + switchCostSeconds);
        }
        if (lastLayers < 1) throw BadInputException.setting("last_n", "must be >= 1, got " + lastLayers);
        if (estimator == null) throw new IllegalArgumentException("estimator is null");
        if (drop == null) throw new IllegalArgumentException("drop is null");
    }

    public KernelOptions withArtifactClock(boolean on) { return new KernelOptions(on, switchCostSeconds, estimator, lastLayers, drop); }
    public KernelOptions withSwitchCost(double seconds) { return new KernelOptions(artifactClock, seconds, estimator, lastLayers, drop); }
    public KernelOptions withEstimator(LatencyEstimator e) { return new KernelOptions(artifactClock, switchCostSeconds, e, lastLayers, drop); }
    public KernelOptions withLastLayers(int n) { return new KernelOptions(artifactClock, switchCostSeconds, estimator, n, drop); }
    public KernelOptions withDrop(DropRule rule) { return new KernelOptions(artifactClock, switchCostSeconds, estimator, lastLayers, rule); }
}
