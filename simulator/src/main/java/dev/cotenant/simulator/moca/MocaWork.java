package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;

import java.util.List;

/**
 * Per-layer work of MoCA's seven networks on 1, 2, 4 or 8 Gemmini tiles, from the layers' real
 * shapes: compute on a 16x16 weight-stationary array with padding to whole 16x16 blocks, the
 * scratchpad loads of each tile under a simple Gemmini-like tiling, the rows that miss the shared
 * L2, MoCA's predictor (what the runtime's tables hold) and the isolated time of every network
 * through {@link MemorySystem}. Immutable; build once ({@link #standard()}) and share.
 *
 * <p>A layer split across k tiles is split by output rows (each tile loads all the weights itself)
 * when its pooled output rows divide by k or it is unpadded, otherwise by output channels (each
 * tile loads the whole input), as MoCA's runtime does; a fully connected layer by output columns.
 * The tiles wait for each other after every layer. The calibration constants are documented, with
 * their sources and fit, in {@code docs/moca-model.md}.
 */
public final class MocaWork {
    /** Tile counts a layer may run on, and their index in the per-tile-count tables. */
    public static final int[] TILE_COUNTS = {1, 2, 4, 8};

    // ---- Gemmini (MOCAGemminiConfig): configured, not fitted
    public static final int ARRAY_DIM = 16;
    /** Scratchpad 128 KiB in 16-B rows; half of it holds one loop tile (double buffering). */
    public static final int SCRATCHPAD_ROWS = 128 * 1024 / 16;
    /** Accumulator 64 KiB in rows of 16 int32: one loop tile's outputs. */
    public static final int ACCUMULATOR_ROWS = 64 * 1024 / 64;

    /**
     * The fitted constants of the model: fitted by coordinate search, from several random starts, to
     * the 1-tile measured and 2/4-tile configured isolated times of MoCA's artifact (each one's meaning,
     * value and fit are in {@code docs/moca-model.md}). {@link #DEFAULT} is what everything uses.
     *
     * @param barrierCycles         cycles of the barrier between a request's tiles after each layer (k > 1)
     * @param poolCyclesPerRow      cycles per 16-B row a pooling reads, on one tile
     * @param resaddCyclesPerRow    cycles per 16-B row a residual add moves, on one tile, when the data is at hand
     * @param exposedOverlap        fraction of the shorter of a layer's compute and memory time that the longer does not hide
     * @param stemCyclesPerPixel    cycles per input pixel per unit of stride of a strided first layer on 3 channels
     * @param replicatedFraction    fraction of a layer's one-tile compute and loads that every tile repeats when the layer is split
     * @param concurrentDramEfficiency fraction of the DDR3 streaming peak the channels sustain while two or more
     *                              slices move DRAM rows at once: FR-FCFS serves the oldest row hit, so interleaved
     *                              streams alternate ranks and pay tRTRS on most 4-cycle bursts. Derived, not fitted:
     *                              {@link #DERIVED_CONCURRENT_DRAM_EFFICIENCY}. A slice alone keeps the full peak, so
     *                              the isolated-time calibration does not depend on it.
     */
    public record Calibration(double barrierCycles, double poolCyclesPerRow, double resaddCyclesPerRow,
                              double exposedOverlap, double stemCyclesPerPixel, double replicatedFraction,
                              double concurrentDramEfficiency) {
        /**
         * Sustained over peak read bandwidth of one channel of MoCA's DDR3 (open page, FR-FCFS, queue 8, 8 banks x 4
         * ranks, its address map and timings) under 2-8 interleaved sequential streams: 0.75, 0.71, 0.71 for 2, 4, 8
         * streams (0.90-0.93 without the rank-switch gap tRTRS), from the command-level model in
         * docs/moca-dram-efficiency.py; a single stream sustains 1.00.
         */
        public static final double DERIVED_CONCURRENT_DRAM_EFFICIENCY = 0.71;
        public static final Calibration DEFAULT = new Calibration(2_500, 12.1, 3.9, 0.19, 12.6, 0.23);

        /** The six fitted constants with the derived concurrent DRAM efficiency. */
        public Calibration(double barrierCycles, double poolCyclesPerRow, double resaddCyclesPerRow,
                           double exposedOverlap, double stemCyclesPerPixel, double replicatedFraction) {
            this(barrierCycles, poolCyclesPerRow, resaddCyclesPerRow, exposedOverlap, stemCyclesPerPixel, replicatedFraction,
                    DERIVED_CONCURRENT_DRAM_EFFICIENCY);
        }

        public Calibration {
            if (!(concurrentDramEfficiency > 0 && concurrentDramEfficiency <= 1)) {
                throw dev.cotenant.simulator.BadInputException.at("concurrentDramEfficiency", "must be in (0, 1], got " + concurrentDramEfficiency);
            }
        }

        /** This calibration with another concurrent DRAM efficiency. */
        public Calibration withConcurrentDramEfficiency(double efficiency) {
            return new Calibration(barrierCycles, poolCyclesPerRow, resaddCyclesPerRow, exposedOverlap, stemCyclesPerPixel,
                    replicatedFraction, efficiency);
        }
    }

    /** A weight block takes at least 16 cycles to preload, whatever the rows streamed through it. */
    public static final int PRELOAD_CYCLES = ARRAY_DIM;
    /** The shared L2: 2 MiB in 16-B rows. */
    public static final double L2_ROWS = 2.0 * 1024 * 1024 / 16;
    /**
     * A layer's input or output of up to this many rows stays in the L2 between layers when the
     * layer runs alone (half of it: two-way sets, weights streaming through); co-runners whose
     * resident activations together exceed the L2 evict each other ({@link MemorySystem}).
     */
    public static final double L2_RESIDENT_ROWS = L2_ROWS / 2;

    private static final class Holder {
        static final MocaWork STANDARD = new MocaWork(Calibration.DEFAULT);
    }

    final Calibration calibration;

    /** The one shared instance. */
    public static MocaWork standard() { return Holder.STANDARD; }

    final int networks;
    final int maxLayers;
    final int[] layerCounts;
    // [((n * maxLayers) + l) * 4 + tileIndex]
    final double[] compute;
    final double[] loadsPerTile;
    final double[] fixedCycles;
    final double[] streamRowsPerTile;
    final double[] streamCyclesPerRow;
    final int[] loops;
    // [(n * maxLayers) + l]
    final double[] dram;
    final double[] dramLoads;
    final double[] residentInputRows;
    final double[] residentOutputRows;
    final double[] alpha;
    final double[] predicted2;
    final double[] fromDram2;
    final boolean[] regulatable;
    final double[] isolated; // [n * 4 + tileIndex]
    final double[] isolatedLayer; // [nl * 4 + tileIndex]

    /** A work model under another calibration (for fitting and sensitivity studies); {@link #standard()} otherwise. */
    public MocaWork(Calibration calibration) {
        this.calibration = calibration;
        MocaNetwork[] nets = MocaNetwork.values();
        networks = nets.length;
        layerCounts = new int[networks];
        int max = 0;
        for (MocaNetwork n : nets) max = Math.max(max, n.layerCount());
        maxLayers = max;
        compute = new double[networks * maxLayers * 4];
        loadsPerTile = new double[compute.length];
        fixedCycles = new double[compute.length];
        streamRowsPerTile = new double[compute.length];
        streamCyclesPerRow = new double[compute.length];
        loops = new int[compute.length];
        dram = new double[networks * maxLayers];
        dramLoads = new double[dram.length];
        residentInputRows = new double[dram.length];
        residentOutputRows = new double[dram.length];
        alpha = new double[dram.length];
        predicted2 = new double[dram.length];
        fromDram2 = new double[dram.length];
        regulatable = new boolean[dram.length];
        for (MocaNetwork n : nets) {
            List<MocaLayers.Shape> shapes = MocaLayers.of(n);
            if (shapes.size() != n.layerCount()) {
                throw new IllegalStateException(n.cliName() + ": " + shapes.size() + " layers built, MoCA counts " + n.layerCount());
            }
            layerCounts[n.ordinal()] = shapes.size();
            for (int l = 0; l < shapes.size(); l++) fill(n, l, shapes.get(l));
        }
        isolated = new double[networks * 4];
        isolatedLayer = new double[compute.length];
        MemorySystem alone = new MemorySystem(this);
        for (int n = 0; n < networks; n++) {
            for (int t = 0; t < 4; t++) {
                double total = 0;
                for (int l = 0; l < layerCounts[n]; l++) {
                    double cycles = 1.0 / alone.aloneRate(n, l, TILE_COUNTS[t]);
                    isolatedLayer[(n * maxLayers + l) * 4 + t] = cycles;
                    total += cycles;
                }
                isolated[n * 4 + t] = total;
            }
        }
    }

    private void fill(MocaNetwork net, int l, MocaLayers.Shape s) {
        int n = net.ordinal();
        int nl = n * maxLayers + l;
        long weightRowsTotal = s.k() * ceilDiv(s.n(), ARRAY_DIM);
        boolean inputFromDram = s.inputRows() > L2_RESIDENT_ROWS || l == 0;
        boolean outputToDram = s.outputRows() > L2_RESIDENT_ROWS;
        dramLoads[nl] = weightRowsTotal + (inputFromDram ? s.inputRows() : 0);
        residentInputRows[nl] = inputFromDram ? 0 : s.inputRows();
        residentOutputRows[nl] = outputToDram ? 0 : s.outputRows();
        dram[nl] = dramLoads[nl] + (outputToDram ? s.outputRows() : 0);
        regulatable[nl] = MocaLayers.regulatable(net, l);
        double totalLoads1 = 0;
        for (int t = 0; t < 4; t++) {
            int k = TILE_COUNTS[t];
            int i = nl * 4 + t;
            boolean byChannels = s.splitByChannels(k);
            long rowsPerTile = byChannels ? s.m() : ceilDiv(s.m(), k);
            long colsPerTile = byChannels ? ceilDiv(s.n(), k) : s.n();
            long kBlocks = s.reductionBlocks();
            long nBlocks = ceilDiv(colsPerTile, ARRAY_DIM);
            long spadHalf = SCRATCHPAD_ROWS / 2;
            long kPasses = ceilDiv(s.k(), spadHalf);
            long nPerPass = Math.max(1, Math.min(nBlocks, spadHalf / Math.min(s.k(), spadHalf)));
            long nPasses = ceilDiv(nBlocks, nPerPass);
            long mPerPass = Math.max(1, Math.min(rowsPerTile, ACCUMULATOR_ROWS / nPerPass));
            long mPasses = ceilDiv(rowsPerTile, mPerPass);
            long weightRows = s.k() * nBlocks;
            long inputRows = s.fullyConnected() ? kBlocks : byChannels ? s.inputRows() : ceilDiv(s.inputRows(), k);
            compute[i] = kBlocks * nBlocks * Math.max(rowsPerTile, (double) PRELOAD_CYCLES * mPasses);
            if (l == 0 && s.stride() > 1) compute[i] += calibration.stemCyclesPerPixel() * s.inputPixels() * s.stride() / k;
            loadsPerTile[i] = weightRows + inputRows * nPasses;
            loops[i] = (int) Math.min(Integer.MAX_VALUE, nPasses * mPasses * kPasses);
            double pool = s.poolInputRows() / (double) k;
            double resadd = s.resaddRows() / (double) k;
            streamRowsPerTile[i] = pool + resadd;
            streamCyclesPerRow[i] = pool + resadd == 0 ? 0
                    : (pool * calibration.poolCyclesPerRow() + resadd * calibration.resaddCyclesPerRow()) / (pool + resadd);
            fixedCycles[i] = k > 1 ? calibration.barrierCycles() : 0;
            if (k == 1) totalLoads1 = loadsPerTile[i];
            if (k == 2) {
                double a = nPasses * kPasses;
                double b = mPasses;
                alpha[nl] = predictorAlpha(a, b);
            }
        }
        // every tile repeats part of the one-tile work when the layer is split (see Calibration)
        double r = calibration.replicatedFraction();
        for (int t = 1; t < 4; t++) {
            int i = nl * 4 + t;
            compute[i] = (1 - r) * compute[i] + r * compute[nl * 4];
            loadsPerTile[i] = (1 - r) * loadsPerTile[i] + r * loadsPerTile[nl * 4];
        }
        // The artifact's predictor counts every weight and input activation as coming from DRAM on
        // first touch (its from_dram), whatever the L2 keeps; the runtime decides with that count.
        fromDram2[nl] = weightRowsTotal + s.inputRows();
        double computeP = s.macs() / 256.0 / 2;
        double memoryP = Math.max(totalLoads1 / 2, fromDram2[nl]);
        predicted2[nl] = Math.max(computeP, memoryP) + alpha[nl] * Math.min(computeP, memoryP);
    }

    /** MoCA's predictor overlap rule from reuse factors a (inputs) and b (weights). */
    static double predictorAlpha(double a, double b) {
        if (b == 1 && a > 1) return 0.7;
        if (b == 1) return 0.5;
        if (a + b > 100) return 1.0;
        return 0.3;
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    static int tileIndex(int k) {
        return switch (k) {
            case 1 -> 0;
            case 2 -> 1;
            case 4 -> 2;
            case 8 -> 3;
            default -> throw BadInputException.at("tiles", k + " is not one of 1, 2, 4, 8");
        };
    }

    private int nl(int n, int l) {
        if (n < 0 || n >= networks) throw BadInputException.at("network", n + " is not in 0.." + (networks - 1));
        if (l < 0 || l >= layerCounts[n]) throw BadInputException.at(MocaNetwork.values()[n].cliName() + " layer", l + " is not in 0.." + (layerCounts[n] - 1));
        return n * maxLayers + l;
    }

    public int layerCount(int n) { return layerCounts[n]; }

    /** Cycles the systolic array needs for layer {@code l} on each of {@code k} tiles (padding to 16x16 blocks, block overheads). */
    public double computeCycles(int n, int l, int k) { return compute[nl(n, l) * 4 + tileIndex(k)]; }

    /** 16-B rows each of the {@code k} tiles loads into its scratchpad for the layer. */
    public double loadRowsPerTile(int n, int l, int k) { return loadsPerTile[nl(n, l) * 4 + tileIndex(k)]; }

    /** 16-B rows that miss the L2 (weights, activations that do not stay in L2, write-backs); not divided by tiles. */
    public double dramRows(int n, int l) { return dram[nl(n, l)]; }

    /** The predictor's overlap factor alpha for the layer (from its tiling's reuse factors on 2 tiles). */
    public double overlapAlpha(int n, int l) { return alpha[nl(n, l)]; }

    /** Gemmini loop tiles of the layer on each of {@code k} tiles: N of the regulation rule. */
    public int loopTiles(int n, int l, int k) { return loops[nl(n, l) * 4 + tileIndex(k)]; }

    /** Whether MoCA's runtime regulates this layer (false for forced-off networks). */
    public boolean regulatable(int n, int l) { return regulatable[nl(n, l)]; }

    /** MoCA's predictor on 2 tiles: max(compute, memory) + alpha * min(compute, memory), conv/matmul only. */
    public double predictedCycles2(int n, int l) { return predicted2[nl(n, l)]; }

    /** The predictor's DRAM rows of the layer (the runtime's {@code from_dram}). */
    public double fromDramRows2(int n, int l) { return fromDram2[nl(n, l)]; }

    /** Uncounted work after the layer (pooling, residual add) in 16-B rows per tile. */
    public double streamRowsPerTile(int n, int l, int k) { return streamRowsPerTile[nl(n, l) * 4 + tileIndex(k)]; }

    /** The whole network alone on {@code k} tiles, through the memory system. */
    public double isolatedCycles(int n, int k) {
        if (n < 0 || n >= networks) throw BadInputException.at("network", n + " is not in 0.." + (networks - 1));
        return isolated[n * 4 + tileIndex(k)];
    }

    /**
     * What the runtime subtracts from a request's remaining predicted time (togo) when layer
     * {@code l} completes: the layer's share of the network's {@code tp_prediction_cycles}, in
     * proportion to {@link #predictedCycles2}, so that togo starts at tp_prediction and ends at 0
     * (the model's per-layer predictions alone sum to less: they leave out residual adds, pooling,
     * and Gemmini's re-loads that the artifact's tiler makes).
     */
    public double togoDecrementCycles(int n, int l) {
        return predicted2[nl(n, l)] / predictedTotal2(n) * MocaNetwork.values()[n].tpPredictionCycles();
    }

    /** Layer {@code l} alone on {@code k} tiles, through the memory system (with the work after it). */
    public double isolatedLayerCycles(int n, int l, int k) { return isolatedLayer[nl(n, l) * 4 + tileIndex(k)]; }

    /** Sum of the predictor's per-layer 2-tile cycles (conv/matmul only). */
    public double predictedTotal2(int n) {
        double t = 0;
        for (int l = 0; l < layerCounts[n]; l++) t += predicted2[n * maxLayers + l];
        return t;
    }
}
