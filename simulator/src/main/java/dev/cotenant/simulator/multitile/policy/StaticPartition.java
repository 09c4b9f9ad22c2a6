package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileState;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * {@code static-partition}: the accelerator is cut into {@code partitions} equal tile shares; waiting
 * requests take a free share in arrival order and keep it to the end; no memory control. This is
 * MoCA's "static partition" baseline (compute partitioned, memory left to contention).
 */
final class StaticPartition extends MultiTilePolicy {
    static final String NAME = "static-partition";
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("partitions", 4, 1, 64, Parameter.Scale.LINEAR,
                    "equal tile shares (rounded, at most the tile count); 4 gives MoCA's 8 tiles as 2 per tenant"));

    private final double partitions;

    StaticPartition(double[] parameters) {
        super(NAME);
        partitions = parameters[0];
    }

    @Override
    public void decide(MultiTileState s) {
        int share = Math.max(1, s.tiles() / TileSizing.tiles(partitions, s.tiles()));
        int p = 0;
        while (p < s.waitingCount()) {
            int r = s.waitingAt(p);
            int k = Math.max(share, s.requiredTiles(r));
            if (k > s.freeTiles()) return; // first come, first served: no overtaking
            s.start(r, k);
        }
    }
}
