package dev.cotenant.simulator.workload.cost;

import dev.cotenant.simulator.workload.zoo.Layer;

import static dev.cotenant.simulator.workload.cost.HardwareParameters.*;

/**
 * A sparse CNN accelerator in the spirit of Eyeriss v2 (Chen et al., JETCAS 2019): a PE array that
 * skips zero activations and zero weights (compressed-sparse-column data, so only non-zero pairs
 * are multiplied) behind a DRAM interface.
 *
 * <p>Layer latency is {@code max(compute, memory)}: the global buffer double-buffers tiles, so DRAM
 * transfers of the next tile overlap the current tile's compute, and the slower of the two sets
 * the layer's time (a roofline). A sum would count the overlap twice.
 * <ul>
 *   <li>compute = {@code MACs x (1 - activationSparsity) x (1 - weightSparsity) / (PEs x MACs per PE
 *       per cycle x clock x utilisation)}: zero operands are independent, so a MAC survives skipping
 *       with probability (1 - a)(1 - w); {@code utilisation} covers mapping losses and load imbalance.</li>
 *   <li>memory = bytes / bandwidth, bytes = compressed weights + compressed input + dense output.
 *       A compressed tensor costs {@code 1 + indexBytesPerNonZero} bytes per non-zero, never more
 *       than its dense size. The output is written dense (its sparsity is only known to the next layer).</li>
 * </ul>
 *
 * @param peCount                   processing elements
 * @param macsPerPePerCycle         int8 MACs a PE completes per cycle
 * @param clockHz                   core clock
 * @param utilisation               share of peak compute achieved on non-zero work, in (0, 1]
 * @param dramBytesPerSecond        off-chip bandwidth
 * @param indexBytesPerNonZero      compression metadata per non-zero value
 */
public record SparseCnnAccelerator(int peCount, int macsPerPePerCycle, double clockHz, double utilisation,
                                   double dramBytesPerSecond, double indexBytesPerNonZero) {

    /** Eyeriss v2: 192 PEs (16 clusters of 12), 200 MHz. */
    public static final int EYERISS_V2_PE_COUNT = 192;
    public static final double EYERISS_V2_CLOCK_HZ = 200e6;
    /** Eyeriss v2 PEs are 2-wide SIMD for 8-bit data (peak 153.6 GOPS = 192 x 2 x 2 ops x 200 MHz). */
    public static final int EYERISS_V2_MACS_PER_PE_PER_CYCLE = 2;
    /** Assumption (no published sustained figure used): mapping and load-imbalance losses cost a quarter of peak. */
    public static final double DEFAULT_UTILISATION = 0.75;
    /** Assumption: one LPDDR4-3200 x32 channel of a mobile SoC, 3200 MT/s x 4 B = 12.8 GB/s. */
    public static final double DEFAULT_DRAM_BYTES_PER_SECOND = 12.8e9;
    /** Assumption: a 4-bit run-length index per non-zero, as in Eyeriss-style CSC/RLC coding. */
    public static final double DEFAULT_INDEX_BYTES_PER_NON_ZERO = 0.5;

    public SparseCnnAccelerator {
        requireAtLeastOne("peCount", peCount);
        requireAtLeastOne("macsPerPePerCycle", macsPerPePerCycle);
        requirePositive("clockHz", clockHz);
        requireFraction("utilisation", utilisation);
        requirePositive("dramBytesPerSecond", dramBytesPerSecond);
        requireNonNegative("indexBytesPerNonZero", indexBytesPerNonZero);
    }

    public static SparseCnnAccelerator eyerissV2() {
        return new SparseCnnAccelerator(EYERISS_V2_PE_COUNT, EYERISS_V2_MACS_PER_PE_PER_CYCLE, EYERISS_V2_CLOCK_HZ,
                DEFAULT_UTILISATION, DEFAULT_DRAM_BYTES_PER_SECOND, DEFAULT_INDEX_BYTES_PER_NON_ZERO);
    }

    public double peakMacsPerSecond() { return (double) peCount * macsPerPePerCycle * clockHz; }

    public double nonZeroMacs(Layer layer, double activationSparsity, double weightSparsity) {
        requireSparsity("activationSparsity", activationSparsity);
        requireSparsity("weightSparsity", weightSparsity);
        return layer.macs() * (1 - activationSparsity) * (1 - weightSparsity);
    }

    public double computeSeconds(Layer layer, double activationSparsity, double weightSparsity) {
        return nonZeroMacs(layer, activationSparsity, weightSparsity) / (peakMacsPerSecond() * utilisation);
    }

    public double dramBytes(Layer layer, double activationSparsity, double weightSparsity) {
        double weights = compressed(layer.weightCount(), weightSparsity) + layer.biasCount() * (double) Layer.BYTES_PER_BIAS;
        double input = compressed(layer.inputElements(), activationSparsity);
        return weights + input + layer.outputActivationBytes();
    }

    public double memorySeconds(Layer layer, double activationSparsity, double weightSparsity) {
        return dramBytes(layer, activationSparsity, weightSparsity) / dramBytesPerSecond;
    }

    /** Layer latency in seconds: the roofline {@code max(compute, memory)}. */
    public double layerSeconds(Layer layer, double activationSparsity, double weightSparsity) {
        return Math.max(computeSeconds(layer, activationSparsity, weightSparsity),
                memorySeconds(layer, activationSparsity, weightSparsity));
    }

    private double compressed(long elements, double sparsity) {
        double dense = elements; // int8: one byte per element
        return Math.min(dense, elements * (1 - sparsity) * (1 + indexBytesPerNonZero));
    }
}
