package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;

/**
 * The SoC's shared memory path: per-tile DMA engines with a bounded number of outstanding reads
 * (so a tile's load rate is latency-bound, Little's law), the shared L2, and two DDR3 channels
 * whose loaded latency grows with their utilisation. {@link #progressRates} answers, for a set of
 * layer slices running together, how fast each progresses; it solves a one-dimensional fixed point
 * on DRAM utilisation over primitive arrays and allocates nothing. One instance per thread.
 *
 * <p>Activations that fit stay in the shared L2 between layers; when the co-runners' resident
 * activations together exceed its 2 MiB, the excess fraction of each is evicted and read from and
 * written to DRAM, so co-location costs DRAM bandwidth as well as queueing.
 *
 * <p>A slice's layer time is {@code max(C, M) + alpha * min(C, M) + fixed + stream}, with C the
 * tile's compute, M its loads divided by its achieved load rate, alpha MoCA's predictor overlap,
 * fixed the per-layer overhead and barrier, and stream the pooling and residual-add rows after the
 * layer. Contention raises the latency of the rows that miss L2, which lowers every slice's load
 * rate: memory-leaning layers slow almost in proportion, compute-leaning layers through alpha * M.
 */
public final class MemorySystem {
    // ---- DDR3 (the FireSim FR-FCFS model MoCA ran with), all at 1 GHz
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
    // per-slice terms that do not depend on DRAM utilisation, gathered once per call (grow-only)
    private double[] loads = new double[8], missFraction = new double[8], compute = new double[8], fixed = new double[8],
            streamRows = new double[8], streamCyclesPerRow = new double[8], cap = new double[8], dramRows = new double[8],
            dramLoadRows = new double[8], residentIn = new double[8], residentOut = new double[8];

    private double lastEvictedFraction;
    private double dramPeakRowsPerCycle = DRAM_PEAK_ROWS_PER_CYCLE;

    public MemorySystem(MocaWork work) {
        this.work = work;
    }

    public MocaWork work() { return work; }

    /**
     * Progress of each slice, as the fraction of its layer completed per cycle, while these slices
     * run together unchanged. {@code capRowsPerCycle[i]}: the regulator's sustained cap per tile
     * (16-B rows per cycle), or {@code Double.POSITIVE_INFINITY} when unregulated. Network and layer
     * indices are 0-based; tiles is 1, 2, 4 or 8.
     */
    public void progressRates(int slices, int[] network, int[] layer, int[] tiles, double[] capRowsPerCycle,
                              double[] outLayerFractionPerCycle) {
        if (slices > loads.length) grow(slices);
        double totalDram = 0, residentFootprint = 0;
        int dramSlices = 0;
        for (int s = 0; s < slices; s++) {
            if (network[s] < 0 || network[s] >= work.networks || layer[s] < 0 || layer[s] >= work.layerCounts[network[s]]) {
                throw BadInputException.at("slice " + s, "network " + network[s] + " layer " + layer[s] + " does not exist");
            }
            int nl = network[s] * work.maxLayers + layer[s];
            int k = tiles[s];
            int i = nl * 4 + MocaWork.tileIndex(k);
            loads[s] = work.loadsPerTile[i];
            dramLoadRows[s] = work.dramLoads[nl];
            residentIn[s] = work.residentInputRows[nl];
            residentOut[s] = work.residentOutputRows[nl];
            residentFootprint += residentIn[s] + residentOut[s];
            compute[s] = work.compute[i];
            fixed[s] = work.fixedCycles[i];
            streamRows[s] = work.streamRowsPerTile[i];
            streamCyclesPerRow[s] = work.streamCyclesPerRow[i];
            cap[s] = capRowsPerCycle[s];
            dramRows[s] = work.dram[nl];
        }
        // The shared L2: when the co-runners' resident activations together exceed it, that
        // fraction of them is evicted and travels to and from DRAM (alone, a layer's always fit).
        double evicted = residentFootprint > MocaWork.L2_ROWS ? 1 - MocaWork.L2_ROWS / residentFootprint : 0;
        lastEvictedFraction = evicted;
        for (int s = 0; s < slices; s++) {
            int k = tiles[s];
            dramLoadRows[s] += evicted * residentIn[s];
            dramRows[s] += evicted * (residentIn[s] + residentOut[s]);
            missFraction[s] = loads[s] <= 0 ? 0 : Math.min(1.0, dramLoadRows[s] / (k * loads[s]));
            totalDram += dramRows[s];
            if (dramRows[s] > 0) dramSlices++;
        }
        // several interleaved streams sustain less than one stream's peak (Calibration.concurrentDramEfficiency)
        dramPeakRowsPerCycle = DRAM_PEAK_ROWS_PER_CYCLE * (dramSlices > 1 ? work.calibration.concurrentDramEfficiency() : 1.0);
        if (totalDram == 0) {
            excessDemand(slices, 0, outLayerFractionPerCycle);
            return;
        }
        // Excess demand falls as utilisation (hence latency) rises: a bracketed secant (Illinois) finds its root.
        double lo = 0, fLo = excessDemand(slices, lo, outLayerFractionPerCycle);
        double hi = MAX_UTILISATION, fHi = excessDemand(slices, hi, outLayerFractionPerCycle);
        if (fHi >= 0) return; // saturated: rates at the highest utilisation are already written
        int side = 0;
        for (int it = 0; it < 60; it++) {
            double x = (lo * fHi - hi * fLo) / (fHi - fLo);
            double fx = excessDemand(slices, x, outLayerFractionPerCycle);
            // rates change by ~1e-6 relative when utilisation moves by 1e-6: good enough to stop
            if (Math.abs(fx) < 1e-7 || hi - lo < 1e-7) return;
            if (fx > 0) {
                lo = x;
                fLo = fx;
                if (side == 1) fHi /= 2;
                side = 1;
            } else {
                hi = x;
                fHi = fx;
                if (side == -1) fLo /= 2;
                side = -1;
            }
        }
    }

    private void grow(int slices) {
        loads = new double[slices];
        missFraction = new double[slices];
        compute = new double[slices];
        fixed = new double[slices];
        streamRows = new double[slices];
        streamCyclesPerRow = new double[slices];
        cap = new double[slices];
        dramRows = new double[slices];
        dramLoadRows = new double[slices];
        residentIn = new double[slices];
        residentOut = new double[slices];
    }

    /** Writes every slice's rate at DRAM utilisation {@code rho}; returns demanded utilisation minus rho. */
    private double excessDemand(int slices, double rho, double[] out) {
        double queue = DRAM_SERVICE_CYCLES * rho / (2 * (1 - rho));
        double overlap = work.calibration.exposedOverlap();
        double demand = 0;
        for (int s = 0; s < slices; s++) {
            double latency = L2_HIT_LATENCY_CYCLES + missFraction[s] * (DRAM_LATENCY_CYCLES + queue);
            double rowsPerCycle = Math.min(Math.min(BUS_ROWS_PER_CYCLE, ROWS_IN_FLIGHT / latency), cap[s]);
            double memory = loads[s] / rowsPerCycle;
            double c = compute[s];
            double stream = streamRows[s] * Math.max(streamCyclesPerRow[s], 1.0 / rowsPerCycle);
            double cycles = Math.max(c, memory) + overlap * Math.min(c, memory) + fixed[s] + stream;
            double rate = 1.0 / cycles;
            out[s] = rate;
            demand += rate * dramRows[s];
        }
        return demand / dramPeakRowsPerCycle - rho;
    }

    /** Fraction of the resident activations the last {@link #progressRates} call found evicted from the L2. */
    public double lastEvictedFraction() { return lastEvictedFraction; }

    /** Rate of one slice alone (what {@link MocaWork#isolatedCycles} sums); allocates, not for hot loops. */
    double aloneRate(int n, int l, int k) {
        double[] out = new double[1];
        progressRates(1, new int[]{n}, new int[]{l}, new int[]{k}, new double[]{Double.POSITIVE_INFINITY}, out);
        return out[0];
    }
}
