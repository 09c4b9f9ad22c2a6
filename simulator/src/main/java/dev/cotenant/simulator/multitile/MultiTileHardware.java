package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;

/**
 * The MoCA-style accelerator: {@code tiles} identical tiles sharing one DRAM interface of
 * {@code dramBytesPerSecond}, and a per-tenant memory-access regulator counting requests of
 * {@code requestBytes} in windows of cycles of the {@code clockHz} clock.
 *
 * @param tiles               tiles (MoCA evaluates 8 Gemmini tiles)
 * @param dramBytesPerSecond  total DRAM bandwidth shared by every running layer
 * @param clockHz             clock the regulator's window is counted in
 * @param requestBytes        bytes of one memory request the regulator counts (a 64 B cache line)
 * @param contentionLossPerExtraStream  DRAM interference: each extra competing stream costs this share of the
 *                            bus, {@code B_eff = B / (1 + loss * (n_eff - 1))} ({@link BandwidthSharing}); 0 is an ideal bus
 */
public record MultiTileHardware(int tiles, double dramBytesPerSecond, double clockHz, int requestBytes,
                                double contentionLossPerExtraStream) {
    /** MoCA's SoC has 8 accelerator tiles. */
    public static final int DEFAULT_TILES = 8;
    /** Assumption shared with {@code SystolicTile}: one 64-bit DDR3-2000 channel, 16 GB/s. */
    public static final double DEFAULT_DRAM_BYTES_PER_SECOND = 16e9;
    /** Assumption shared with {@code SystolicTile}: 1 GHz. */
    public static final double DEFAULT_CLOCK_HZ = 1e9;
    /** The cache-line size of MoCA's Chipyard SoC (a TileLink beat burst), the unit its regulator counts. */
    public static final int DEFAULT_REQUEST_BYTES = 64;
    /**
     * Contention loss per extra stream, calibrated from DDR3 timing so that the most streams this
     * machine runs (8 tiles, 8 equal streams) reach the all-row-conflict bound. On the 64-bit
     * DDR3-2000 channel a 64 B access is one 4 ns burst; a row conflict holds its bank for a row
     * cycle {@code tRC} of about 48 ns ({@code tRAS} ~35 ns + {@code tRP} ~13.75 ns), so with DDR3's 8 banks
     * a stream of conflicts moves at most {@code 8 x 64 B / 48 ns = 10.7 GB/s}, 2/3 of the 16 GB/s pins.
     * {@code 1 + 7 x loss = 16 / 10.7 = 1.5} gives 0.07: two equal streams keep 93% of the bus, four 83%,
     * eight 67%. Conservative: the four-activate window {@code tFAW} (~30 ns) caps conflicts nearer
     * 8.5 GB/s, and FR-FCFS's row-hit preference (Moscibroda and Mutlu, USENIX Security 2007; Mutlu and
     * Moscibroda, PAR-BS, ISCA 2008) wins back only part of it by batching hits of one stream.
     */
    public static final double DEFAULT_CONTENTION_LOSS_PER_EXTRA_STREAM = 0.07;
    /** Upper bound of the loss: at 1, {@code n} equal streams share {@code B / n} in all, far beyond any DRAM measurement. */
    public static final double MAX_CONTENTION_LOSS_PER_EXTRA_STREAM = 1;

    public MultiTileHardware {
        if (tiles <= 0) throw BadInputException.at("tiles", "must be at least 1, got " + tiles);
        if (!(dramBytesPerSecond > 0) || Double.isInfinite(dramBytesPerSecond)) {
            throw BadInputException.at("bandwidth", "dramBytesPerSecond must be positive and finite, got " + dramBytesPerSecond);
        }
        if (!(clockHz > 0) || Double.isInfinite(clockHz)) throw BadInputException.at("clockHz", "must be positive and finite, got " + clockHz);
        if (requestBytes <= 0) throw BadInputException.at("requestBytes", "must be at least 1, got " + requestBytes);
        if (!(contentionLossPerExtraStream >= 0 && contentionLossPerExtraStream <= MAX_CONTENTION_LOSS_PER_EXTRA_STREAM)) {
            throw BadInputException.at("contention loss", "must be in [0, " + MAX_CONTENTION_LOSS_PER_EXTRA_STREAM + "], got " + contentionLossPerExtraStream);
        }
    }

    /** An ideal bus: no contention loss (every byte of {@code B} is usable however many streams share it). */
    public MultiTileHardware(int tiles, double dramBytesPerSecond, double clockHz, int requestBytes) {
        this(tiles, dramBytesPerSecond, clockHz, requestBytes, 0);
    }

    public static MultiTileHardware moca() {
        return new MultiTileHardware(DEFAULT_TILES, DEFAULT_DRAM_BYTES_PER_SECOND, DEFAULT_CLOCK_HZ, DEFAULT_REQUEST_BYTES,
                DEFAULT_CONTENTION_LOSS_PER_EXTRA_STREAM);
    }

    public MultiTileHardware withTiles(int count) {
        return new MultiTileHardware(count, dramBytesPerSecond, clockHz, requestBytes, contentionLossPerExtraStream);
    }

    public MultiTileHardware withDramBytesPerSecond(double bytesPerSecond) {
        return new MultiTileHardware(tiles, bytesPerSecond, clockHz, requestBytes, contentionLossPerExtraStream);
    }

    public MultiTileHardware withContentionLoss(double lossPerExtraStream) {
        return new MultiTileHardware(tiles, dramBytesPerSecond, clockHz, requestBytes, lossPerExtraStream);
    }

    /** What the bus delivers to {@code streams} equal competing streams ({@link BandwidthSharing#deliveredBytesPerSecond}). */
    public double deliveredBytesPerSecond(double streams) {
        return BandwidthSharing.deliveredBytesPerSecond(dramBytesPerSecond, contentionLossPerExtraStream, streams);
    }

    /**
     * The bandwidth cap of a MoCA regulator that lets {@code thresholdRequests} requests through per
     * window of {@code windowCycles}: {@code R * requestBytes / (W / clockHz)} bytes per second.
     */
    public double regulatorCapBytesPerSecond(double windowCycles, long thresholdRequests) {
        if (thresholdRequests <= 0) throw BadInputException.at("regulator threshold", "must be at least 1 request per window, got " + thresholdRequests);
        if (!(windowCycles > 0) || Double.isInfinite(windowCycles)) throw BadInputException.at("regulator window", "must be positive cycles, got " + windowCycles);
        return thresholdRequests * (double) requestBytes * clockHz / windowCycles;
    }

    /**
     * The largest threshold whose cap does not exceed {@code bytesPerSecond}, at least 1: how a
     * runtime turns a wanted rate into a setting the regulator can hold.
     */
    public long regulatorThresholdFor(double bytesPerSecond, double windowCycles) {
        double requests = bytesPerSecond * windowCycles / (clockHz * requestBytes);
        return Math.max(1, (long) Math.floor(requests + 1e-9));
    }
}
