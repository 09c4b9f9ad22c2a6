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
 */
public record MultiTileHardware(int tiles, double dramBytesPerSecond, double clockHz, int requestBytes) {
    /** MoCA's SoC has 8 accelerator tiles. */
    public static final int DEFAULT_TILES = 8;
    /** Assumption shared with {@code SystolicTile}: one 64-bit DDR3-2000 channel, 16 GB/s. */
    public static final double DEFAULT_DRAM_BYTES_PER_SECOND = 16e9;
    /** Assumption shared with {@code SystolicTile}: 1 GHz. */
    public static final double DEFAULT_CLOCK_HZ = 1e9;
    /** The cache-line size of MoCA's Chipyard SoC (a TileLink beat burst), the unit its regulator counts. */
    public static final int DEFAULT_REQUEST_BYTES = 64;

    public MultiTileHardware {
        if (tiles <= 0) throw BadInputException.at("tiles", "must be at least 1, got " + tiles);
        if (!(dramBytesPerSecond > 0) || Double.isInfinite(dramBytesPerSecond)) {
            throw BadInputException.at("bandwidth", "dramBytesPerSecond must be positive and finite, got " + dramBytesPerSecond);
        }
        if (!(clockHz > 0) || Double.isInfinite(clockHz)) throw BadInputException.at("clockHz", "must be positive and finite, got " + clockHz);
        if (requestBytes <= 0) throw BadInputException.at("requestBytes", "must be at least 1, got " + requestBytes);
    }

    public static MultiTileHardware moca() {
        return new MultiTileHardware(DEFAULT_TILES, DEFAULT_DRAM_BYTES_PER_SECOND, DEFAULT_CLOCK_HZ, DEFAULT_REQUEST_BYTES);
    }

    public MultiTileHardware withTiles(int count) { return new MultiTileHardware(count, dramBytesPerSecond, clockHz, requestBytes); }

    public MultiTileHardware withDramBytesPerSecond(double bytesPerSecond) {
        return new MultiTileHardware(tiles, bytesPerSecond, clockHz, requestBytes);
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
