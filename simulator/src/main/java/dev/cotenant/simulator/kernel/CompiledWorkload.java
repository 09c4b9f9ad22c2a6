package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;

/**
 * A latency directory laid out once as flat primitive arrays for the kernel's hot loop, and shared
 * read-only by every run and thread.
 *
 * <p>Per (model, sample) there is a <em>row</em> of {@code L + 1} slots starting at
 * {@link #rowStart(int, int)}; per model there is an <em>estimate row</em> of {@code L + 1} slots
 * at {@link #estimateStart(int)}. Slot {@code L} is a sentinel so "remaining after the last layer"
 * reads 0 with no branch. Suffix sums replace re-summing the remaining layers at every decision.
 *
 * <p>The static estimates (model and architecture means, mean sparsity, the regression) normally
 * come from the directory itself. {@link #CompiledWorkload(LatencyDirectory, CompiledWorkload)}
 * takes them from a <em>profile</em> instead, so a held-out set of samples can be run against
 * statistics that never saw it.
 */
public final class CompiledWorkload {
    final LatencyDirectory directory;
    final int[] layerCount;
    final int[] rowBase;
    final int[] estimateBase;

    // per row slot
    final double[] layerSeconds;
    final double[] realRemainingSeconds;
    final double[] sparsityRatio;
    final double[] sparsityRatioPrefix;

    // per estimate slot
    final double[] ownMeanLayerSeconds;
    final double[] ownMeanRemainingSeconds;
    final double[] archMeanLayerSeconds;
    final double[] archMeanRemainingSeconds;
    final double[] regressionIntercept;
    final double[] regressionSlope;

    public CompiledWorkload(LatencyDirectory directory) { this(directory, null); }

    /**
     * Rows of {@code directory}, static estimates of {@code profile} (its means, mean sparsity and
     * regression), e.g. test samples against the training samples' statistics.
     *
     * @param profile compiled from a directory with the same model names and layer counts, or
     *                null for the directory's own statistics
     */
    public CompiledWorkload(LatencyDirectory directory, CompiledWorkload profile) {
        this.directory = directory;
        if (profile != null) requireSameModels(directory, profile.directory);
        int models = directory.modelCount();
        layerCount = new int[models];
        rowBase = new int[models];
        estimateBase = new int[models];
        int rows = 0;
        int estimates = 0;
        for (int m = 0; m < models; m++) {
            LatencyTable t = directory.table(m);
            layerCount[m] = t.layerCount();
            rowBase[m] = rows;
            estimateBase[m] = estimates;
            rows += t.sampleCount() * (t.layerCount() + 1);
            estimates += t.layerCount() + 1;
        }
        layerSeconds = new double[rows];
        realRemainingSeconds = new double[rows];
        sparsityRatio = new double[rows];
        sparsityRatioPrefix = new double[rows];
        ownMeanLayerSeconds = new double[estimates];
        ownMeanRemainingSeconds = new double[estimates];
        archMeanLayerSeconds = new double[estimates];
        archMeanRemainingSeconds = new double[estimates];
        regressionIntercept = new double[estimates];
        regressionSlope = new double[estimates];
        if (profile != null) {
            // Same models and layer counts, so the estimate slots line up one to one.
            System.arraycopy(profile.ownMeanLayerSeconds, 0, ownMeanLayerSeconds, 0, estimates);
            System.arraycopy(profile.ownMeanRemainingSeconds, 0, ownMeanRemainingSeconds, 0, estimates);
            System.arraycopy(profile.archMeanLayerSeconds, 0, archMeanLayerSeconds, 0, estimates);
            System.arraycopy(profile.archMeanRemainingSeconds, 0, archMeanRemainingSeconds, 0, estimates);
            System.arraycopy(profile.regressionIntercept, 0, regressionIntercept, 0, estimates);
            System.arraycopy(profile.regressionSlope, 0, regressionSlope, 0, estimates);
        }
        for (int m = 0; m < models; m++) compileModel(m, profile == null ? directory.table(m) : profile.directory.table(m), profile == null);
    }

    private static void requireSameModels(LatencyDirectory directory, LatencyDirectory profile) {
        if (directory.modelCount() != profile.modelCount()) {
            throw BadInputException.at("profile", "has " + profile.modelCount() + " models, the directory " + directory.modelCount());
        }
        for (int m = 0; m < directory.modelCount(); m++) {
            LatencyTable a = directory.table(m);
            LatencyTable b = profile.table(m);
            if (!a.modelName().equals(b.modelName()) || a.layerCount() != b.layerCount()) {
                throw BadInputException.at("profile", "model " + m + " is " + b.modelName() + " with " + b.layerCount()
                        + " layers, the directory's is " + a.modelName() + " with " + a.layerCount());
            }
        }
    }

    /** @param statistics table whose means give the static estimate and the sparsity ratios' denominators */
    private void compileModel(int m, LatencyTable statistics, boolean ownStatistics) {
        LatencyTable t = directory.table(m);
        int layers = t.layerCount();
        int e = estimateBase[m];
        double[] meanDensity = new double[layers];
        for (int l = 0; l < layers; l++) meanDensity[l] = 1 - statistics.meanSparsity(l);
        if (ownStatistics) {
            for (int l = 0; l < layers; l++) {
                ownMeanLayerSeconds[e + l] = t.meanLatencySeconds(l);
                archMeanLayerSeconds[e + l] = directory.architectureMeanLatencySeconds(m, l);
            }
            suffixSums(ownMeanLayerSeconds, ownMeanRemainingSeconds, e, layers);
            suffixSums(archMeanLayerSeconds, archMeanRemainingSeconds, e, layers);
        }
        for (int b = 0; b < t.sampleCount(); b++) {
            int row = rowStart(m, b);
            double prefix = 0;
            for (int l = 0; l < layers; l++) {
                layerSeconds[row + l] = t.latencySeconds(b, l);
                // A layer whose mean density is 0 carries no sparsity signal: ratio 1.
                double ratio = meanDensity[l] > 0 ? (1 - t.sparsity(b, l)) / meanDensity[l] : 1;
                sparsityRatio[row + l] = ratio;
                sparsityRatioPrefix[row + l] = prefix;
                prefix += ratio;
            }
            sparsityRatioPrefix[row + layers] = prefix;
            suffixSums(layerSeconds, realRemainingSeconds, row, layers);
        }
        if (ownStatistics) fitRegression(m);
    }

    /** {@code out[start + l] = sum of in[start + i] for i in [l, layers)}, and 0 at the sentinel. */
    private static void suffixSums(double[] in, double[] out, int start, int layers) {
        double sum = 0;
        out[start + layers] = 0;
        for (int l = layers - 1; l >= 0; l--) {
            sum += in[start + l];
            out[start + l] = sum;
        }
    }

    /** Least squares, per progress point k, of realRemaining / ownEstimateRemaining on the running mean ratio. */
    private void fitRegression(int m) {
        LatencyTable t = directory.table(m);
        int layers = t.layerCount();
        int e = estimateBase[m];
        int samples = t.sampleCount();
        regressionIntercept[e] = 1;
        for (int k = 1; k <= layers; k++) {
            double estimateRemaining = ownMeanRemainingSeconds[e + k];
            if (k == layers || estimateRemaining <= 0) {
                regressionIntercept[e + k] = 1;
                continue;
            }
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int b = 0; b < samples; b++) {
                int row = rowStart(m, b);
                double x = sparsityRatioPrefix[row + k] / k;
                double y = realRemainingSeconds[row + k] / estimateRemaining;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
            double meanX = sx / samples;
            double meanY = sy / samples;
            double varX = sxx / samples - meanX * meanX;
            double slope = varX > 1e-12 ? (sxy / samples - meanX * meanY) / varX : 0;
            regressionSlope[e + k] = slope;
            regressionIntercept[e + k] = meanY - slope * meanX;
        }
    }

    public LatencyDirectory directory() { return directory; }

    public int layerCount(int modelId) { return layerCount[modelId]; }

    /** Start of the row of {@code (modelId, sample)} in the per-row arrays. */
    public int rowStart(int modelId, int sample) { return rowBase[modelId] + sample * (layerCount[modelId] + 1); }

    public int estimateStart(int modelId) { return estimateBase[modelId]; }

    /** Real isolated end-to-end latency of {@code (modelId, sample)}. */
    public double realIsolatedSeconds(int modelId, int sample) { return realRemainingSeconds[rowStart(modelId, sample)]; }

    /** Real latency of one layer. */
    public double layerSeconds(int modelId, int sample, int layer) { return layerSeconds[rowStart(modelId, sample) + layer]; }

    /** Number of row slots (every row has {@code L + 1}); the length of a per-slot table such as a predictor's. */
    public int rowSlotCount() { return layerSeconds.length; }

    /** Real remaining latency at row slot {@code slot} (layers {@code slot - rowStart} onwards). */
    public double realRemainingSeconds(int slot) { return realRemainingSeconds[slot]; }

    /** The model's own static estimate of the layers from estimate slot {@code slot} onwards. */
    public double ownMeanRemainingSeconds(int slot) { return ownMeanRemainingSeconds[slot]; }

    /** The model's own static estimate of the layer at estimate slot {@code slot}. */
    public double ownMeanLayerSeconds(int slot) { return ownMeanLayerSeconds[slot]; }

    /** Density of the layer at row slot {@code slot} relative to the model's mean density there. */
    public double sparsityRatio(int slot) { return sparsityRatio[slot]; }

    /**
     * {@code gamma} of {@code estimator} for the row starting at {@code row} (estimate row
     * {@code estimate}) after {@code k >= 1} layers have run: the one definition the kernel's
     * {@link DecisionState#gamma} and the offline evaluations share.
     *
     * @param lastLayers N of {@link LatencyEstimator#LAST_N}
     */
    public double gamma(LatencyEstimator estimator, int row, int estimate, int k, int lastLayers) {
        return gamma(estimator.ordinal(), row, estimate, k, lastLayers);
    }

    double gamma(int estimatorOrdinal, int row, int estimate, int k, int lastLayers) {
        switch (estimatorOrdinal) {
            case 0: // SPARSITY_MONITOR
                return sparsityRatioPrefix[row + k] / k;
            case 1: // LAST_LAYER
                return sparsityRatio[row + k - 1];
            case 2: { // LAST_N
                int from = Math.max(0, k - lastLayers);
                return (sparsityRatioPrefix[row + k] - sparsityRatioPrefix[row + from]) / (k - from);
            }
            default: // LINEAR_REGRESSION
                return regressionIntercept[estimate + k] + regressionSlope[estimate + k] * (sparsityRatioPrefix[row + k] / k);
        }
    }

    static {
        // gamma() switches on ordinals; fail fast if the enum is reordered.
        if (LatencyEstimator.SPARSITY_MONITOR.ordinal() != 0 || LatencyEstimator.LAST_LAYER.ordinal() != 1
                || LatencyEstimator.LAST_N.ordinal() != 2 || LatencyEstimator.LINEAR_REGRESSION.ordinal() != 3) {
            throw new AssertionError("LatencyEstimator order changed; update CompiledWorkload.gamma");
        }
    }
}
