package dev.cotenant.simulator.workload.cost;

/**
 * Cost of one layer on {@code tiles} systolic tiles: compute time with unlimited bandwidth, and
 * the DRAM bytes the layer moves. The multi-tile kernel turns these into a latency under its
 * bandwidth share: {@code max(computeSeconds, dramBytes / bandwidthBytesPerSecond)}.
 */
public record SystolicLayerCost(int tiles, double computeSeconds, long dramBytes) {
    public double seconds(double bandwidthBytesPerSecond) {
        HardwareParameters.requirePositive("bandwidthBytesPerSecond", bandwidthBytesPerSecond);
        return Math.max(computeSeconds, dramBytes / bandwidthBytesPerSecond);
    }
}
