package dev.cotenant.simulator.workload;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.cost.SystolicLayerCost;
import dev.cotenant.simulator.workload.cost.SystolicTile;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.List;

/**
 * A network's per-layer cost on 1..maxTiles systolic tiles: what the multi-tile (MoCA) kernel
 * reads. {@code cost(layer, k)} holds compute time and DRAM bytes on {@code k} tiles.
 */
public final class SystolicProfile {
    private final Network network;
    private final SystolicTile tile;
    private final SystolicLayerCost[][] costByLayerAndTiles;

    public SystolicProfile(Network network, SystolicTile tile, int maxTiles) {
        if (maxTiles < 1) throw BadInputException.at("maxTiles", "must be at least 1, got " + maxTiles);
        this.network = network;
        this.tile = tile;
        List<Layer> layers = network.computeLayers();
        costByLayerAndTiles = new SystolicLayerCost[layers.size()][maxTiles];
        for (int l = 0; l < layers.size(); l++) {
            for (int k = 1; k <= maxTiles; k++) costByLayerAndTiles[l][k - 1] = tile.cost(layers.get(l), k);
        }
    }

    public Network network() { return network; }
    public SystolicTile tile() { return tile; }
    public int layerCount() { return costByLayerAndTiles.length; }
    public int maxTiles() { return costByLayerAndTiles[0].length; }
    public SystolicLayerCost cost(int layer, int tiles) { return costByLayerAndTiles[layer][tiles - 1]; }

    /** DRAM bytes of the whole network on {@code tiles} tiles (more tiles, more scratchpad, fewer re-fetches). */
    public double dramBytes(int tiles) {
        double sum = 0;
        for (SystolicLayerCost[] layer : costByLayerAndTiles) sum += layer[tiles - 1].dramBytes();
        return sum;
    }

    /** End-to-end latency alone on {@code tiles} tiles with the tile's whole DRAM bandwidth. */
    public double isolatedSeconds(int tiles) {
        double sum = 0;
        for (SystolicLayerCost[] layer : costByLayerAndTiles) sum += layer[tiles - 1].seconds(tile.dramBytesPerSecond());
        return sum;
    }
}
