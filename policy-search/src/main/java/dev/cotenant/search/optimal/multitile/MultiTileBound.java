package dev.cotenant.search.optimal.multitile;

import dev.cotenant.simulator.multitile.MultiTileMetrics;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.MultiTileWorkload;

/**
 * A bound valid for every schedule the multi-tile kernel can run, not only the plan family: no
 * request finishes before {@code arrival + sum over its layers of min over k of max(C_l(k), M_l(k) / B)},
 * because the kernel runs a layer held on {@code k} tiles at rate {@code min(1 / C, grant / M)} and
 * no grant exceeds the bus bandwidth {@code B}. So a request late even then is late in every
 * schedule (its priority counts towards a lower bound on weighted misses), and its normalised
 * progress is at most {@code isolated / fastest} (summed: an upper bound on STP).
 * Weak where requests contend (it ignores every other request), exact for a lone request.
 */
public final class MultiTileBound {
    private MultiTileBound() {}

    /** The bound as a cost: fewest weighted misses and largest STP any schedule could reach. */
    public static MultiTileObjective.Cost of(MultiTileTrace trace) {
        double misses = 0, stp = 0;
        for (int r = 0; r < trace.size(); r++) {
            double fastest = fastestSeconds(trace, r);
            if (!MultiTileMetrics.meetsDeadline(trace.arrivalSeconds(r) + fastest, trace.deadlineSeconds(r))) misses += trace.priority(r);
            stp += trace.isolatedSeconds(r) / fastest;
        }
        return new MultiTileObjective.Cost(misses, stp);
    }

    /** Request {@code r} alone with the whole bus and, layer by layer, its best tile count. */
    static double fastestSeconds(MultiTileTrace trace, int r) {
        MultiTileWorkload w = trace.workload();
        int m = trace.model(r), s = trace.sample(r), tiles = w.hardware().tiles();
        double bandwidth = w.hardware().dramBytesPerSecond();
        double sum = 0;
        for (int l = 0; l < w.layerCount(m); l++) {
            double best = Double.POSITIVE_INFINITY;
            for (int k = trace.requiredTiles(r); k <= tiles; k++) {
                best = Math.min(best, Math.max(w.computeSeconds(m, s, l, k), w.dramBytes(m, l, k) / bandwidth));
            }
            sum += best;
        }
        return sum;
    }
}
