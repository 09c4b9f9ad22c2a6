package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;

/**
 * The SoC's shared memory path: per-tile DMA engines with a bounded number of outstanding reads
 * (so a tile's load rate is latency-bound, Little's law), the shared L2, and two DDR3 channels
 * whose loaded latency grows with their utilisation. {@link #progressRates} answers, for a set of
 * layer slices running together, how fast each progresses; it solves a one-dimensional fixed point
 * on DRAM utilisation over primitive arrays and allocates nothing. One instance per thread.
 *
 * <p>A slice's layer time is {@code max(C, M) + alpha * min(C, M) + fixed + stream}, with C the
 * tile's compute, M its loads divided by its achieved load rate, alpha MoCA's predictor overlap,
 * fixed the per-layer overhead and barrier, and stream the pooling and residual-add rows after the
 * layer. Contention raises the latency of the rows that miss L2, which lowers every slice's load
 * rate: memory-leaning layers slow almost in proportion, compute-leaning layers through alpha * M.
 */
public final class MemorySystem {
    // ---- DDR3 (FireSim FR-FCFS model, MOCA.md §1), all at 1 GHz
    public static final int CHANNELS = 2;
    public static final int BURST_BYTES = 64;
    public static final int T_CCD = 4, T_RCD = 14, T_RP = 14, T_CAS = 14, T_RFC = 160, T_REFI = 7800, BACKEND_LATENCY = 2;
    /** Peak: each channel moves one 64-B burst every tCCD cycles; refresh takes tRFC of every tREFI. */
    public static final double DRAM_PEAK_ROWS_PER_CYCLE =
            CHANNELS * (BURST_BYTES / 16.0) / T_CCD * (1 - (double) T_RFC / T_REFI);
    /** Unloaded DRAM part of a read that misses L2: backend latency, a row miss (precharge, activate), CAS, the burst. */
    public static final double DRAM_LATENCY_CYCLES = BACKEND_LATENCY + T_RP + T_RCD + T_CAS + T_CCD;
    /** Service time of a request at a busy bank (a row conflict): the unit of the queueing delay. */
    public static final double DRAM_SERVICE_CYCLES = T_RP + T_RCD + T_CAS;
    /** Utilisation never reaches 1 in the fixed point (the queue would be infinite). */
    public static final double MAX_UTILISATION = 0.98;

    // ---- tile side (MOCAGemminiConfig, system bus)
    /** 16 outstanding requests of at most 64 B each: 64 rows of 16 B in flight per tile. */
    public static final double ROWS_IN_FLIGHT = 16 * 64 / 16.0;
    /** Round trip of a DMA read that hits the shared L2 (crossbar, L2 pipeline, response): an estimate, not fitted. */
    public static final double L2_HIT_LATENCY_CYCLES = 40;
    /** The DMA's 128-bit bus moves one 16-B row per cycle at most. */
    public static final double BUS_ROWS_PER_CYCLE = 1.0;

    private final MocaWork work;

    public MemorySystem(MocaWork work) {
        this.work = work;
    }

    public MocaWork work() { return work; }

    /**
     * Progress of each slice, as the fraction of its layer completed per cycle, while these slices
     * run together unchanged. {@code capRowsPerCycle[i]}: the regulator's sustained cap per tile
     * (16-B rows per cycle), or {@code Double.POSITIVE_INFINITY} when unregulated.
     */
    public void progressRates(int slices, int[] network, int[] layer, int[] tiles, double[] capRowsPerCycle,
                              double[] outLayerFractionPerCycle) {
        if (slices == 0) return;
        double lo = 0, hi = MAX_UTILISATION;
        if (excessDemand(slices, network, layer, tiles, capRowsPerCycle, outLayerFractionPerCycle, hi) >= 0) {
            excessDemand(slices, network, layer, tiles, capRowsPerCycle, outLayerFractionPerCycle, hi);
            return;
        }
        if (excessDemand(slices, network, layer, tiles, capRowsPerCycle, outLayerFractionPerCycle, 0) <= 0) return;
        // excess demand falls as utilisation (hence latency) rises: bisect for its root
        for (int it = 0; it < 40; it++) {
            double mid = 0.5 * (lo + hi);
            if (excessDemand(slices, network, layer, tiles, capRowsPerCycle, outLayerFractionPerCycle, mid) > 0) lo = mid;
            else hi = mid;
            if (hi - lo < 1e-7) break;
        }
        excessDemand(slices, network, layer, tiles, capRowsPerCycle, outLayerFractionPerCycle, hi);
    }

    /** Writes every slice's rate at DRAM utilisation {@code rho}; returns demanded utilisation minus rho. */
    private double excessDemand(int slices, int[] network, int[] layer, int[] tiles, double[] cap, double[] out, double rho) {
        double queue = DRAM_SERVICE_CYCLES * rho / (2 * (1 - rho));
        double demand = 0;
        for (int s = 0; s < slices; s++) {
            int nl = network[s] * work.maxLayers + layer[s];
            int i = nl * 4 + MocaWork.tileIndex(tiles[s]);
            double rate = 1.0 / layerCycles(nl, i, tiles[s], cap[s], queue);
            out[s] = rate;
            demand += rate * work.dram[nl];
        }
        return demand / DRAM_PEAK_ROWS_PER_CYCLE - rho;
    }

    private double layerCycles(int nl, int i, int k, double capRowsPerCycle, double queueCycles) {
        double loads = work.loadsPerTile[i];
        double missFraction = loads <= 0 ? 0 : Math.min(1.0, work.dramLoads[nl] / (k * loads));
        double latency = L2_HIT_LATENCY_CYCLES + missFraction * (DRAM_LATENCY_CYCLES + queueCycles);
        double rowsPerCycle = Math.min(BUS_ROWS_PER_CYCLE, Math.min(ROWS_IN_FLIGHT / latency, capRowsPerCycle));
        double memory = loads / rowsPerCycle;
        double compute = work.compute[i];
        double a = work.calibration.exposedOverlap();
        double stream = work.streamRowsPerTile[i] * Math.max(work.streamCyclesPerRow[i], 1.0 / rowsPerCycle);
        return Math.max(compute, memory) + a * Math.min(compute, memory) + work.fixedCycles[i] + stream;
    }

    /** Rate of one slice alone (what {@link MocaWork#isolatedCycles} sums); allocates, not for hot loops. */
    double aloneRate(int n, int l, int k) {
        double[] out = new double[1];
        progressRates(1, new int[]{n}, new int[]{l}, new int[]{k}, new double[]{Double.POSITIVE_INFINITY}, out);
        return out[0];
    }

    static void checkSlices(int slices, int[] network) {
        if (slices < 0 || slices > network.length) throw BadInputException.at("slices", slices + " is not in 0.." + network.length);
    }
}
