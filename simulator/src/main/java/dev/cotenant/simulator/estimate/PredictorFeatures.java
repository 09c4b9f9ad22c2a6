package dev.cotenant.simulator.estimate;

import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.LatencyEstimator;

import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of the learned remaining-latency predictor for one request after {@code k >= 1} of
 * its {@code L} layers have run: one definition, used to build the training set (models module)
 * and by the kernel's learned schedulers, so training and use cannot drift apart.
 *
 * <p>Every feature is observable at the decision: the static profile of the request's model, the
 * sparsity ratios of the layers already run (through the analytical estimators' {@code gamma}s,
 * which summarise them), and the measured latency of those layers. After the dense features come
 * a one-hot of the model's identity over the predictor's model list.
 *
 * <p>The target is {@code realRemaining / ownMeanRemaining}: a {@code gamma} in the monitor's
 * sense, so a prediction multiplies the same static estimate the analytical estimators scale.
 */
public final class PredictorFeatures {
    /** N of the last-n feature: the kernel's published default. */
    public static final int LAST_LAYERS = 3;

    /** Names of the dense features, in order; a predictor file must list exactly these first. */
    public static final List<String> DENSE = List.of(
            "progress",                 // k / L
            "log_layer_count",          // ln L: static profile
            "static_remaining_share",   // own mean remaining after k / own mean isolated
            "next_layer_share",         // own mean of layer k / own mean remaining after k
            "gamma_monitor",            // Dysta's running mean ratio
            "gamma_last_layer",
            "gamma_last_n",
            "gamma_linear_regression",
            "elapsed_latency_ratio");   // measured latency of layers 0..k-1 / their own mean

    public static final String MODEL_PREFIX = "model=";

    private PredictorFeatures() {}

    /** Dense names followed by one {@code model=NAME} per model. */
    public static List<String> names(List<String> modelNames) {
        List<String> names = new ArrayList<>(DENSE);
        for (String m : modelNames) names.add(MODEL_PREFIX + m);
        return names;
    }

    /**
     * Writes the dense features of row {@code row} (model {@code modelId} of {@code workload}) after
     * {@code k} layers into {@code out[0 .. DENSE.size())}. The one-hot part is the caller's: it
     * depends on the predictor's model list, not on the workload.
     */
    public static void fillDense(CompiledWorkload workload, int modelId, int row, int k, double[] out) {
        int layers = workload.layerCount(modelId);
        int e = workload.estimateStart(modelId);
        double isolated = workload.ownMeanRemainingSeconds(e);
        double remaining = workload.ownMeanRemainingSeconds(e + k);
        out[0] = (double) k / layers;
        out[1] = Math.log(layers);
        out[2] = isolated > 0 ? remaining / isolated : 0;
        out[3] = remaining > 0 ? workload.ownMeanLayerSeconds(e + k) / remaining : 0;
        out[4] = workload.gamma(LatencyEstimator.SPARSITY_MONITOR, row, e, k, LAST_LAYERS);
        out[5] = workload.gamma(LatencyEstimator.LAST_LAYER, row, e, k, LAST_LAYERS);
        out[6] = workload.gamma(LatencyEstimator.LAST_N, row, e, k, LAST_LAYERS);
        out[7] = workload.gamma(LatencyEstimator.LINEAR_REGRESSION, row, e, k, LAST_LAYERS);
        double expectedElapsed = isolated - remaining;
        double elapsed = workload.realRemainingSeconds(row) - workload.realRemainingSeconds(row + k);
        // Layers of zero mean latency carry no signal: ratio 1, as for the sparsity ratio.
        out[8] = expectedElapsed > 0 ? elapsed / expectedElapsed : 1;
    }

    /**
     * The whole input vector: {@link #fillDense}, then the one-hot with a 1 at {@code modelIndex}
     * (the model's place in the predictor's list) and 0 elsewhere up to {@code out.length}.
     */
    public static void fill(CompiledWorkload workload, int modelId, int modelIndex, int row, int k, double[] out) {
        fillDense(workload, modelId, row, k, out);
        java.util.Arrays.fill(out, DENSE.size(), out.length, 0);
        out[DENSE.size() + modelIndex] = 1;
    }

    /** The training target (and what a prediction means): real remaining over own mean remaining after {@code k} layers. */
    public static double target(CompiledWorkload workload, int modelId, int row, int k) {
        return workload.realRemainingSeconds(row + k) / workload.ownMeanRemainingSeconds(workload.estimateStart(modelId) + k);
    }
}
