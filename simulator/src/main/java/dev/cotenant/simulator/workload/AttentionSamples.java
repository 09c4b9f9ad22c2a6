package dev.cotenant.simulator.workload;

import dev.cotenant.simulator.latency.LatencyTable;

import java.util.function.DoubleBinaryOperator;

/**
 * Per-sample, per-attention-block inputs of the Sanger latency model for one attention network:
 * density {@code d} and load balance {@code lb}, row-major {@code [sample * blockCount + block]}.
 * The latency conversion is the caller's ({@code SangerLatencyModel}), so this holds no hardware.
 */
public final class AttentionSamples {
    private final String modelName;
    private final int sequenceLength;
    private final int sampleCount;
    private final int blockCount;
    private final double[] density;
    private final double[] loadBalance;

    AttentionSamples(String modelName, int sequenceLength, int sampleCount, int blockCount, double[] density, double[] loadBalance) {
        this.modelName = modelName;
        this.sequenceLength = sequenceLength;
        this.sampleCount = sampleCount;
        this.blockCount = blockCount;
        this.density = density;
        this.loadBalance = loadBalance;
    }

    public String modelName() { return modelName; }
    /** Tokens per sample: the {@code S} of the Sanger formula. */
    public int sequenceLength() { return sequenceLength; }
    public int sampleCount() { return sampleCount; }
    public int blockCount() { return blockCount; }
    public double density(int sample, int block) { return density[sample * blockCount + block]; }
    public double loadBalance(int sample, int block) { return loadBalance[sample * blockCount + block]; }

    /**
     * A Sanger-layout table: latency {@code latencyOf(d, lb)} seconds per sample and block, sparsity
     * {@code 1 - d} (as the Sanger layout defines it).
     */
    public LatencyTable toLatencyTable(DoubleBinaryOperator latencySecondsOf) {
        double[] latency = new double[density.length];
        double[] sparsity = new double[density.length];
        for (int i = 0; i < density.length; i++) {
            latency[i] = latencySecondsOf.applyAsDouble(density[i], loadBalance[i]);
            sparsity[i] = 1 - density[i];
        }
        return new LatencyTable(modelName, LatencyTable.Layout.SANGER, sampleCount, blockCount, latency, sparsity);
    }
}
