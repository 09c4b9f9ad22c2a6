package dev.cotenant.simulator.workload.cost;

import dev.cotenant.simulator.workload.zoo.Layer;

import static dev.cotenant.simulator.workload.cost.HardwareParameters.*;

/**
 * A dense weight-stationary systolic tile in the spirit of Gemmini (Genc et al., DAC 2021), as used
 * by MoCA: each tile is a {@code dim x dim} int8 PE array with its own scratchpad; a layer runs on
 * {@code k} tiles that split its work.
 *
 * <p><b>Compute</b> {@code C(k)}: the layer's grouped GEMM is cut into {@code dim x dim} weight
 * blocks ({@code groups x ceil(K/dim) x ceil(N/dim)} of them). A block costs {@code dim} cycles to
 * preload, {@code M} cycles to stream the input rows through, and {@code dim} to drain; the blocks
 * are dealt evenly over the tiles, so {@code C(k) = ceil(blocks / k) x (M + 2 dim) / clock}. Thin
 * GEMMs (depthwise: K = 9, N = 1) waste most of the array, as they do on Gemmini.
 *
 * <p><b>Bytes moved</b> {@code M}: with {@code S = k x scratchpadBytes} of on-chip space, each of
 * weights {@code W}, input {@code I} and output {@code O} crosses DRAM once, unless neither the
 * weights nor the input fits in half the scratchpad: then the weights are streamed in chunks of
 * {@code S/2} and the input is re-fetched once per chunk, {@code M = W + ceil(W / (S/2)) x I + O}.
 * (Whichever operand fits in half the space stays resident while the other streams past it.)
 *
 * @param dim                 PE array side
 * @param clockHz             tile clock
 * @param scratchpadBytes     per-tile scratchpad for inputs and weights
 * @param accumulatorBytes    per-tile accumulator (int32 partial sums); recorded, not used by the rule above
 * @param dramBytesPerSecond  total DRAM bandwidth shared by all tiles (the default for {@link SystolicLayerCost#seconds})
 */
public record SystolicTile(int dim, double clockHz, long scratchpadBytes, long accumulatorBytes, double dramBytesPerSecond) {

    /** Gemmini's default configuration: DIM = 16 (16x16 PEs), scratchpad 4 banks x 4096 rows x 16 B = 256 KiB. */
    public static final int GEMMINI_DIM = 16;
    public static final long GEMMINI_SCRATCHPAD_BYTES = 256 * 1024;
    /** Gemmini's default accumulator: 1024 rows x 16 x 4 B = 64 KiB. */
    public static final long GEMMINI_ACCUMULATOR_BYTES = 64 * 1024;
    /** Assumption: a 1 GHz tile clock, the round figure MoCA-style SoC studies simulate at. */
    public static final double DEFAULT_CLOCK_HZ = 1e9;
    /** Assumption: one 64-bit DDR3-2000 channel, 2000 MT/s x 8 B = 16 GB/s, shared by all tiles. */
    public static final double DEFAULT_DRAM_BYTES_PER_SECOND = 16e9;

    public SystolicTile {
        requireAtLeastOne("dim", dim);
        requirePositive("clockHz", clockHz);
        requireAtLeastOne("scratchpadBytes", scratchpadBytes);
        requireAtLeastOne("accumulatorBytes", accumulatorBytes);
        requirePositive("dramBytesPerSecond", dramBytesPerSecond);
    }

    public static SystolicTile gemmini() {
        return new SystolicTile(GEMMINI_DIM, DEFAULT_CLOCK_HZ, GEMMINI_SCRATCHPAD_BYTES, GEMMINI_ACCUMULATOR_BYTES,
                DEFAULT_DRAM_BYTES_PER_SECOND);
    }

    public SystolicTile withDramBytesPerSecond(double bytesPerSecond) {
        return new SystolicTile(dim, clockHz, scratchpadBytes, accumulatorBytes, bytesPerSecond);
    }

    public long weightBlocks(Layer layer) {
        return layer.groups() * ceilDiv(layer.gemmK(), dim) * ceilDiv(layer.gemmN(), dim);
    }

    public double computeSeconds(Layer layer, int tiles) {
        requireAtLeastOne("tiles", tiles);
        if (layer.macs() == 0) return 0;
        long blocksPerTile = ceilDiv(weightBlocks(layer), tiles);
        return blocksPerTile * (double) (layer.gemmM() + 2L * dim) / clockHz;
    }

    public long dramBytes(Layer layer, int tiles) {
        requireAtLeastOne("tiles", tiles);
        long weights = layer.weightBytesRead();
        long input = layer.inputActivationBytes();
        long half = tiles * scratchpadBytes / 2;
        long inputPasses = weights > half && input > half ? ceilDiv(weights, half) : 1;
        return weights + inputPasses * input + layer.outputActivationBytes();
    }

    public SystolicLayerCost cost(Layer layer, int tiles) {
        return new SystolicLayerCost(tiles, computeSeconds(layer, tiles), dramBytes(layer, tiles));
    }

    /** Latency of the layer alone on {@code tiles} tiles with the whole DRAM bandwidth. */
    public double isolatedSeconds(Layer layer, int tiles) {
        return cost(layer, tiles).seconds(dramBytesPerSecond);
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
