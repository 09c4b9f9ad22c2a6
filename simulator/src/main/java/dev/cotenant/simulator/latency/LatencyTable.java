package dev.cotenant.simulator.latency;

import dev.cotenant.simulator.BadInputException;

/**
 * Measured (or modelled) per-layer latency and activation sparsity of one model, for every input
 * sample: the unit of a latency directory. Immutable; arrays are row-major {@code [sample][layer]}.
 *
 * <p>The <em>architecture</em> of a model is its name up to the first {@code _}
 * ({@code resnet50_block4_sparse60} is a {@code resnet50}); CNN tables of one architecture share
 * their static estimate (see {@link LatencyDirectory}).
 */
public final class LatencyTable {
    /** Which CSV layout a table came from; decides how architecture averages are formed. */
    public enum Layout { EYERISS_V2, SANGER }

    private final String modelName;
    private final Layout layout;
    private final int sampleCount;
    private final int layerCount;
    private final double[] latencySeconds;
    private final double[] sparsity;

    /**
     * @param latencySeconds row-major {@code [sample * layerCount + layer]}, each finite and >= 0
     * @param sparsity       same shape, each in [0, 1)
     */
    public LatencyTable(String modelName, Layout layout, int sampleCount, int layerCount,
                        double[] latencySeconds, double[] sparsity) {
        if (modelName == null || modelName.isEmpty()) {
            throw new BadInputException("latency table: empty model name");
        }
        if (sampleCount < 1 || layerCount < 1) {
            throw BadInputException.at(modelName, "needs at least one sample and one layer, got "
                    + sampleCount + " samples and " + layerCount + " layers");
        }
        if (latencySeconds.length != sampleCount * layerCount || sparsity.length != latencySeconds.length) {
            throw BadInputException.at(modelName, "table arrays do not match " + sampleCount + " x " + layerCount);
        }
        for (int i = 0; i < latencySeconds.length; i++) {
            double lat = latencySeconds[i];
            double sp = sparsity[i];
            if (!(lat >= 0) || Double.isInfinite(lat)) {
                throw BadInputException.at(modelName, "latency of sample " + i / layerCount + " layer "
                        + i % layerCount + " is " + lat + ", must be finite and >= 0");
            }
            if (!(sp >= 0 && sp < 1)) {
                throw BadInputException.at(modelName, "sparsity of sample " + i / layerCount + " layer "
                        + i % layerCount + " is " + sp + ", must be in [0, 1)");
            }
        }
        this.modelName = modelName;
        this.layout = layout;
        this.sampleCount = sampleCount;
        this.layerCount = layerCount;
        this.latencySeconds = latencySeconds.clone();
        this.sparsity = sparsity.clone();
    }

    public String modelName() { return modelName; }

    /**
     * The same latencies and sparsities in the EyerissV2 ({@code sim_lat}) layout: how a Sanger
     * table is exported with its latencies precomputed at its own sequence length.
     */
    public LatencyTable asEyerissLayout() {
        return new LatencyTable(modelName, Layout.EYERISS_V2, sampleCount, layerCount, latencySeconds, sparsity);
    }

    /** The model's name up to its first {@code _}. */
    public String architecture() {
        int cut = modelName.indexOf('_');
        return cut < 0 ? modelName : modelName.substring(0, cut);
    }

    public Layout layout() { return layout; }
    public int sampleCount() { return sampleCount; }
    public int layerCount() { return layerCount; }

    public double latencySeconds(int sample, int layer) { return latencySeconds[sample * layerCount + layer]; }
    public double sparsity(int sample, int layer) { return sparsity[sample * layerCount + layer]; }

    /** Sum of the sample's layer latencies: its isolated end-to-end latency. */
    public double endToEndSeconds(int sample) {
        double sum = 0;
        for (int l = 0; l < layerCount; l++) sum += latencySeconds[sample * layerCount + l];
        return sum;
    }

    /** Mean over samples of layer {@code layer}'s latency. */
    public double meanLatencySeconds(int layer) {
        double sum = 0;
        for (int b = 0; b < sampleCount; b++) sum += latencySeconds[b * layerCount + layer];
        return sum / sampleCount;
    }

    /** Mean over samples of layer {@code layer}'s sparsity. */
    public double meanSparsity(int layer) {
        double sum = 0;
        for (int b = 0; b < sampleCount; b++) sum += sparsity[b * layerCount + layer];
        return sum / sampleCount;
    }

    /** Mean over samples of the end-to-end latency. */
    public double meanEndToEndSeconds() {
        double sum = 0;
        for (int b = 0; b < sampleCount; b++) sum += endToEndSeconds(b);
        return sum / sampleCount;
    }
}
