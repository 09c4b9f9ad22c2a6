package dev.cotenant.models;

import dev.cotenant.simulator.estimate.PredictorFeatures;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;

import java.util.List;

/**
 * Rows of the predictor's training and evaluation data: one per (sample, progress point
 * {@code k in 1 .. L-1}) of a split, features from {@link PredictorFeatures} (the kernel's own
 * definition), target {@code realRemaining / ownMeanRemaining}.
 *
 * <p>Every part is compiled against the <em>training</em> samples' statistics (mean latency,
 * mean sparsity, the linear regression), so validation and test rows, and the analytical
 * estimators computed on them, never see their own samples.
 */
public final class PredictorDataset {
    /** One part of the split, as flat arrays: row {@code i}'s features are {@code features[i * width ..]}. */
    public record Part(SampleSplit.Part part, CompiledWorkload workload, int width, int rows, double[] features, double[] target,
                       int[] modelId, int[] progressLayers, int[] layerCount, double[] staticRemainingSeconds,
                       double[] realRemainingSeconds) {
        public double feature(int row, int column) { return features[row * width + column]; }
    }

    private final SampleSplit split;
    private final List<String> modelNames;
    private final CompiledWorkload profile;
    private final Part train, validation, test;

    public PredictorDataset(SampleSplit split) {
        this.split = split;
        modelNames = split.source().tables().stream().map(LatencyTable::modelName).toList();
        profile = new CompiledWorkload(split.directory(SampleSplit.Part.TRAIN));
        train = build(SampleSplit.Part.TRAIN, profile);
        validation = build(SampleSplit.Part.VALIDATION, new CompiledWorkload(split.directory(SampleSplit.Part.VALIDATION), profile));
        test = build(SampleSplit.Part.TEST, new CompiledWorkload(split.directory(SampleSplit.Part.TEST), profile));
    }

    public SampleSplit split() { return split; }
    public List<String> modelNames() { return modelNames; }
    public List<String> featureNames() { return PredictorFeatures.names(modelNames); }
    /** The training samples compiled on their own: the statistics every part is measured against. */
    public CompiledWorkload profile() { return profile; }
    public Part train() { return train; }
    public Part validation() { return validation; }
    public Part test() { return test; }

    private Part build(SampleSplit.Part part, CompiledWorkload w) {
        LatencyDirectory d = w.directory();
        int width = featureNames().size();
        int rows = 0;
        for (int m = 0; m < d.modelCount(); m++) rows += d.table(m).sampleCount() * (d.table(m).layerCount() - 1);
        double[] features = new double[rows * width];
        double[] target = new double[rows];
        int[] modelId = new int[rows], progress = new int[rows], layers = new int[rows];
        double[] staticRemaining = new double[rows], realRemaining = new double[rows];
        double[] x = new double[width];
        int i = 0;
        for (int m = 0; m < d.modelCount(); m++) {
            LatencyTable t = d.table(m);
            int e = w.estimateStart(m);
            for (int b = 0; b < t.sampleCount(); b++) {
                int row = w.rowStart(m, b);
                for (int k = 1; k < t.layerCount(); k++) {
                    // A model whose remaining layers have zero mean latency has nothing to estimate.
                    if (!(w.ownMeanRemainingSeconds(e + k) > 0)) continue;
                    PredictorFeatures.fill(w, m, m, row, k, x);
                    System.arraycopy(x, 0, features, i * width, width);
                    target[i] = PredictorFeatures.target(w, m, row, k);
                    modelId[i] = m;
                    progress[i] = k;
                    layers[i] = t.layerCount();
                    staticRemaining[i] = w.ownMeanRemainingSeconds(e + k);
                    realRemaining[i] = w.realRemainingSeconds(row + k);
                    i++;
                }
            }
        }
        if (i < rows) {
            features = java.util.Arrays.copyOf(features, i * width);
            target = java.util.Arrays.copyOf(target, i);
            modelId = java.util.Arrays.copyOf(modelId, i);
            progress = java.util.Arrays.copyOf(progress, i);
            layers = java.util.Arrays.copyOf(layers, i);
            staticRemaining = java.util.Arrays.copyOf(staticRemaining, i);
            realRemaining = java.util.Arrays.copyOf(realRemaining, i);
        }
        return new Part(part, w, width, i, features, target, modelId, progress, layers, staticRemaining, realRemaining);
    }
}
