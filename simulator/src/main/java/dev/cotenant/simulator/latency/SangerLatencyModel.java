package dev.cotenant.simulator.latency;

import dev.cotenant.simulator.BadInputException;

/**
 * Layer latency of one attention layer on the Sanger accelerator, from the layer's attention
 * density and load balance, as the Sparse-DySta artifact models it (docs/schedulers.md, "Latency of the
 * Sanger (attention) layout").
 *
 * <p>Hardware: hidden width 768, a 64x64 PE array with 16 PEs per row at 1 GHz (2048 GOP/s for
 * dense linear work), 128 GB/s memory bandwidth. With sequence length {@code S}, density {@code d}
 * (share of kept attention entries) and load balance {@code lb}:
 * <ul>
 *   <li>QKV projection: {@code S * 768 * 768 * 2 * 3 / 1e9 / 2048} seconds;</li>
 *   <li>output projection: {@code S * 768 * 768 * 2 / 1e9 / (2048 * lb / d)} seconds;</li>
 *   <li>attention: {@code rows = d / lb / 0.25 * S};
 *       {@code tileCycles = ((768 + 64) + (rows + 64)) * S / 64 * max(1, 64 * 2 / 128)};
 *       {@code cycles = rows / 64 * tileCycles}; seconds {@code = cycles / 1e9}.</li>
 * </ul>
 * The layer latency is the sum of the three. Operations are evaluated in the order written, as the
 * artifact does, so the result matches it bit for bit.
 */
public final class SangerLatencyModel {
    public static final int DEFAULT_SEQUENCE_LENGTH = 512;
    public static final int HIDDEN_WIDTH = 768;
    /** 64 x 16 multiply-accumulate units (2 operations each) at 1 GHz. */
    public static final double DENSE_GIGA_OPS_PER_SECOND = 2048;
    public static final double CLOCK_HZ = 1e9;
    /** Output rows (and columns) handled per tile by the 64x64 array. */
    private static final int TILE = 64;
    /** Bytes needed per cycle (64 values of 2 bytes) over bytes delivered per cycle (128 GB/s at 1 GHz); 1 here, so memory never stalls. */
    private static final double BANDWIDTH_STALL_FACTOR = Math.max(1.0, TILE * 2 / 128.0);

    private final int sequenceLength;

    public SangerLatencyModel() {
        this(DEFAULT_SEQUENCE_LENGTH);
    }

    /** @param sequenceLength tokens per input, {@code S}; at least 1 */
    public SangerLatencyModel(int sequenceLength) {
        if (sequenceLength < 1) {
            throw BadInputException.at("Sanger sequence length", "must be >= 1, got " + sequenceLength);
        }
        this.sequenceLength = sequenceLength;
    }

    public int sequenceLength() { return sequenceLength; }

    /**
     * @param density     share of attention entries kept, in (0, 1]
     * @param loadBalance load balance of the PE rows, finite and > 0
     * @return the layer's latency in seconds (formula in the class comment)
     */
    public double layerLatencySeconds(double density, double loadBalance) {
        if (!(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("density must be in (0, 1], got " + density);
        }
        if (!(loadBalance > 0) || Double.isInfinite(loadBalance)) {
            throw new IllegalArgumentException("load balance must be finite and > 0, got " + loadBalance);
        }
        double s = sequenceLength;
        double qkvSeconds = s * HIDDEN_WIDTH * HIDDEN_WIDTH * 2 * 3 / 1e9 / DENSE_GIGA_OPS_PER_SECOND;
        double outputSeconds = s * HIDDEN_WIDTH * HIDDEN_WIDTH * 2 / 1e9
                / (DENSE_GIGA_OPS_PER_SECOND * loadBalance / density);
        double rows = density / loadBalance / 0.25 * s;
        double tileCycles = ((HIDDEN_WIDTH + TILE) + (rows + TILE)) * s / TILE * BANDWIDTH_STALL_FACTOR;
        double attentionSeconds = rows / TILE * tileCycles / CLOCK_HZ;
        return qkvSeconds + outputSeconds + attentionSeconds;
    }
}
