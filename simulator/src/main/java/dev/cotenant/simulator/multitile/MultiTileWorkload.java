package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.SystolicProfile;
import dev.cotenant.simulator.workload.cost.SystolicLayerCost;

import java.util.ArrayList;
import java.util.List;

/**
 * The models a multi-tile run draws from, flattened for the kernel: per model, layer and tile count
 * {@code k = 1..T}, the compute time {@code C(k)} at full bandwidth and the DRAM bytes {@code M(k)}.
 *
 * <p>Sparse models add, per input sample and layer, a compute scale in (0, 1]: the share of the dense
 * compute a zero-skipping tile still does. Bytes stay dense (operands are stored dense in DRAM), so a
 * sparse sample is more memory-bound than its dense model. Dense models have one sample of scale 1.
 *
 * <p>Static estimates (what a policy may know before running) use the per-layer mean of the scale
 * over samples; {@link #estimateIndex} addresses suffix sums over the layers {@code l..L-1}, so "what
 * is left" is one array read.
 */
public final class MultiTileWorkload {
    final MultiTileHardware hardware;
    final int tiles;
    final String[] modelNames;
    final int[] layerCount;
    final int[] layerStart;
    final int[] sampleCount;
    final int[] sampleStart;
    /** {@code [(layerStart[m] + l) * T + k - 1]}: compute seconds of the dense layer on {@code k} tiles. */
    final double[] computeSeconds;
    /** Same index: DRAM bytes of the layer on {@code k} tiles. */
    final double[] dramBytes;
    /** {@code [sampleStart[m] + s * L + l]}: share of dense compute sample {@code s} does. */
    final double[] computeScale;
    /** {@code [(layerStart[m] + l)]}: mean of the scale over samples. */
    final double[] meanComputeScale;
    /** {@code [estimateIndex(m, l, k)]}: sum over layers l.. of {@code max(mean C(k), M(k) / B)}. */
    final double[] estRemainingSeconds;
    /** Same index: sum over layers l.. of the mean compute seconds. */
    final double[] estRemainingComputeSeconds;
    /** Same index: sum over layers l.. of the bytes. */
    final double[] remainingBytes;

    private MultiTileWorkload(MultiTileHardware hardware, List<Model> models) {
        if (models.isEmpty()) throw BadInputException.at("workload", "has no models");
        this.hardware = hardware;
        tiles = hardware.tiles();
        int n = models.size();
        modelNames = new String[n];
        layerCount = new int[n];
        layerStart = new int[n];
        sampleCount = new int[n];
        sampleStart = new int[n];
        int layers = 0;
        int scales = 0;
        for (int m = 0; m < n; m++) {
            Model model = models.get(m);
            modelNames[m] = model.name;
            layerCount[m] = model.compute.length;
            layerStart[m] = layers;
            sampleCount[m] = model.scale.length;
            sampleStart[m] = scales;
            layers += layerCount[m];
            scales += sampleCount[m] * layerCount[m];
        }
        computeSeconds = new double[layers * tiles];
        dramBytes = new double[layers * tiles];
        computeScale = new double[scales];
        meanComputeScale = new double[layers];
        estRemainingSeconds = new double[(layers + n) * tiles];
        estRemainingComputeSeconds = new double[(layers + n) * tiles];
        remainingBytes = new double[(layers + n) * tiles];
        double bandwidth = hardware.dramBytesPerSecond();
        for (int m = 0; m < n; m++) {
            Model model = models.get(m);
            int count = layerCount[m];
            for (int s = 0; s < sampleCount[m]; s++) {
                for (int l = 0; l < count; l++) {
                    double scale = model.scale[s][l];
                    computeScale[sampleStart[m] + s * count + l] = scale;
                    meanComputeScale[layerStart[m] + l] += scale / sampleCount[m];
                }
            }
            for (int l = 0; l < count; l++) {
                for (int k = 1; k <= tiles; k++) {
                    int i = (layerStart[m] + l) * tiles + k - 1;
                    computeSeconds[i] = model.compute[l][k - 1];
                    dramBytes[i] = model.bytes[l][k - 1];
                }
            }
            for (int k = 1; k <= tiles; k++) {
                for (int l = count - 1; l >= 0; l--) {
                    int i = (layerStart[m] + l) * tiles + k - 1;
                    double compute = computeSeconds[i] * meanComputeScale[layerStart[m] + l];
                    int e = estimateIndex(m, l, k);
                    int next = estimateIndex(m, l + 1, k);
                    estRemainingSeconds[e] = estRemainingSeconds[next] + Math.max(compute, dramBytes[i] / bandwidth);
                    estRemainingComputeSeconds[e] = estRemainingComputeSeconds[next] + compute;
                    remainingBytes[e] = remainingBytes[next] + dramBytes[i];
                }
            }
        }
    }

    /** Index of the suffix "layers {@code l..L-1} of model {@code m} on {@code k} tiles" ({@code l = L} is the empty suffix, 0). */
    int estimateIndex(int model, int layer, int k) { return (layerStart[model] + model + layer) * tiles + k - 1; }

    int layerIndex(int model, int layer, int k) { return (layerStart[model] + layer) * tiles + k - 1; }

    public MultiTileHardware hardware() { return hardware; }
    public int modelCount() { return modelNames.length; }
    public String modelName(int model) { return modelNames[model]; }
    public int layerCount(int model) { return layerCount[model]; }
    public int sampleCount(int model) { return sampleCount[model]; }

    public int modelId(String name) {
        for (int m = 0; m < modelNames.length; m++) if (modelNames[m].equals(name)) return m;
        throw BadInputException.at("workload", "has no model '" + name + "'; known: " + String.join(", ", modelNames));
    }

    /** Real compute seconds of layer {@code l} of sample {@code s} on {@code k} tiles at full bandwidth. */
    public double computeSeconds(int model, int sample, int layer, int k) {
        return computeSeconds[layerIndex(model, layer, k)] * computeScale[sampleStart[model] + sample * layerCount[model] + layer];
    }

    public double dramBytes(int model, int layer, int k) { return dramBytes[layerIndex(model, layer, k)]; }

    /** Latency of sample {@code s} alone on {@code k} tiles with the whole bandwidth: the sum of per-layer rooflines. */
    public double isolatedSeconds(int model, int sample, int k) {
        double sum = 0;
        double bandwidth = hardware.dramBytesPerSecond();
        for (int l = 0; l < layerCount[model]; l++) {
            sum += Math.max(computeSeconds(model, sample, l, k), dramBytes(model, l, k) / bandwidth);
        }
        return sum;
    }

    /** Static estimate of the model's isolated latency on {@code k} tiles (mean compute scale). */
    public double estIsolatedSeconds(int model, int k) { return estRemainingSeconds[estimateIndex(model, 0, k)]; }

    /** DRAM bytes of the whole model on {@code k} tiles. */
    public double bytesOf(int model, int k) { return remainingBytes[estimateIndex(model, 0, k)]; }

    public static Builder builder(MultiTileHardware hardware) { return new Builder(hardware); }

    private record Model(String name, double[][] compute, double[][] bytes, double[][] scale) {}

    /** Collects models, then {@link #build()} flattens them. */
    public static final class Builder {
        private final MultiTileHardware hardware;
        private final List<Model> models = new ArrayList<>();

        private Builder(MultiTileHardware hardware) { this.hardware = hardware; }

        /** A dense model: its profile must cover 1..T tiles. */
        public Builder add(String name, SystolicProfile profile) {
            double[][] scale = new double[1][profile.layerCount()];
            java.util.Arrays.fill(scale[0], 1.0);
            return add(name, profile, scale);
        }

        /** A sparse model: {@code computeScale[sample][layer]} in (0, 1], the share of dense compute each sample does. */
        public Builder add(String name, SystolicProfile profile, double[][] computeScale) {
            if (profile.maxTiles() < hardware.tiles()) {
                throw BadInputException.at(name, "profile covers " + profile.maxTiles() + " tiles, the accelerator has " + hardware.tiles());
            }
            int count = profile.layerCount();
            double[][] compute = new double[count][hardware.tiles()];
            double[][] bytes = new double[count][hardware.tiles()];
            for (int l = 0; l < count; l++) {
                for (int k = 1; k <= hardware.tiles(); k++) {
                    SystolicLayerCost cost = profile.cost(l, k);
                    compute[l][k - 1] = cost.computeSeconds();
                    bytes[l][k - 1] = cost.dramBytes();
                }
            }
            return add(name, compute, bytes, computeScale);
        }

        /** A model from raw tables {@code [layer][k - 1]} (tests use hand-made layers). */
        public Builder add(String name, double[][] computeSecondsByLayerAndTiles, double[][] dramBytesByLayerAndTiles,
                           double[][] computeScaleBySampleAndLayer) {
            int count = computeSecondsByLayerAndTiles.length;
            if (count == 0) throw BadInputException.at(name, "has no layers");
            if (dramBytesByLayerAndTiles.length != count) throw BadInputException.at(name, "compute and bytes tables differ in layer count");
            for (int l = 0; l < count; l++) {
                if (computeSecondsByLayerAndTiles[l].length < hardware.tiles() || dramBytesByLayerAndTiles[l].length < hardware.tiles()) {
                    throw BadInputException.at(name, "layer " + l + " has costs for fewer than " + hardware.tiles() + " tiles");
                }
                for (int k = 0; k < hardware.tiles(); k++) {
                    double c = computeSecondsByLayerAndTiles[l][k];
                    double b = dramBytesByLayerAndTiles[l][k];
                    if (!(c >= 0) || !(b >= 0) || Double.isInfinite(c) || Double.isInfinite(b)) {
                        throw BadInputException.at(name, "layer " + l + " on " + (k + 1) + " tiles has a negative or non-finite cost");
                    }
                }
            }
            if (computeScaleBySampleAndLayer.length == 0) throw BadInputException.at(name, "has no samples");
            for (double[] sample : computeScaleBySampleAndLayer) {
                if (sample.length != count) throw BadInputException.at(name, "a sample's compute scale has " + sample.length + " layers, not " + count);
                for (double v : sample) if (!(v > 0 && v <= 1)) throw BadInputException.at(name, "compute scale must be in (0, 1], got " + v);
            }
            for (Model m : models) if (m.name.equals(name)) throw BadInputException.at(name, "added twice");
            models.add(new Model(name, computeSecondsByLayerAndTiles, dramBytesByLayerAndTiles, computeScaleBySampleAndLayer));
            return this;
        }

        public MultiTileWorkload build() { return new MultiTileWorkload(hardware, models); }
    }
}
