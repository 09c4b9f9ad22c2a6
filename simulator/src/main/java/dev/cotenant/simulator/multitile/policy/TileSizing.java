package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.MultiTileState;

/** Tile-count rules shared by the policies that size a request's tile set from its estimates. */
final class TileSizing {
    private TileSizing() {}

    /**
     * Fewest tiles in {@code [requiredTiles, limit]} whose estimate of the remaining layers, times
     * {@code slowdown}, fits in {@code budgetSeconds}; {@code -1} if none does.
     */
    static int fewestMeeting(MultiTileState s, int r, int limit, double budgetSeconds, double slowdown) {
        for (int k = s.requiredTiles(r); k <= limit; k++) {
            if (s.estRemainingSeconds(r, k) * slowdown <= budgetSeconds) return k;
        }
        return -1;
    }

    /**
     * Fewest tiles in {@code [from, limit]} reaching the smallest remaining estimate on up to
     * {@code limit} tiles: more tiles than that only idle (a layer's weight blocks are dealt whole).
     */
    static int mostUseful(MultiTileState s, int r, int from, int limit) {
        int best = from;
        double bestSeconds = s.estRemainingSeconds(r, from);
        for (int k = from + 1; k <= limit; k++) {
            double seconds = s.estRemainingSeconds(r, k);
            if (seconds < bestSeconds * (1 - 1e-9)) {
                bestSeconds = seconds;
                best = k;
            }
        }
        return best;
    }

    /** Rounds a tile-count parameter and clamps it to {@code [1, tiles]}. */
    static int tiles(double parameter, int tiles) { return Math.max(1, Math.min(tiles, (int) Math.round(parameter))); }
}
