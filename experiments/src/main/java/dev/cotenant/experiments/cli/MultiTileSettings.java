package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.multitile.MocaExperiment.Config;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import picocli.CommandLine.Option;

/** The multi-tile hardware and workload-shape options shared by every command that runs the MoCA setting. */
public final class MultiTileSettings {
    @Option(names = "--contention-loss", defaultValue = "" + MultiTileHardware.DEFAULT_CONTENTION_LOSS_PER_EXTRA_STREAM, paramLabel = "X",
            description = "DRAM bandwidth lost per extra competing stream, B_eff = B / (1 + X (n - 1)); 0 = ideal bus (default: ${DEFAULT-VALUE}).")
    double contentionLoss;

    @Option(names = "--tiles", defaultValue = "" + MultiTileHardware.DEFAULT_TILES, paramLabel = "T", description = "Tiles (default: ${DEFAULT-VALUE}).")
    int tiles;

    @Option(names = "--bandwidth-gbps", defaultValue = "16", paramLabel = "GB/s", description = "DRAM bandwidth in GB/s (default: ${DEFAULT-VALUE}).")
    double bandwidthGigabytesPerSecond;

    @Option(names = "--load", defaultValue = "0", paramLabel = "X", description = "Offered load; 0 = each scenario's own, 0.8 (default: ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--sparse-samples", defaultValue = "0", paramLabel = "N", description = "0 = dense networks; N = the sparse sets with N samples per model.")
    int sparseSamples;

    @Option(names = "--request-tiles", defaultValue = "1", paramLabel = "K", description = "Fewest tiles each request needs (default: ${DEFAULT-VALUE}).")
    int requestTiles;

    /** {@code config} with these options' hardware, load, sparsity and tile demand; {@link Config}'s checks name bad values. */
    Config applyTo(Config config) {
        MultiTileHardware hardware = MultiTileHardware.moca().withTiles(tiles).withDramBytesPerSecond(bandwidthGigabytesPerSecond * 1e9)
                .withContentionLoss(contentionLoss);
        return config.withHardware(hardware).withOfferedLoad(load).withSparseSamples(sparseSamples).withRequestTiles(requestTiles);
    }
}
