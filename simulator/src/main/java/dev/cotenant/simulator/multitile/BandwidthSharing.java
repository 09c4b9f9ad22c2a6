package dev.cotenant.simulator.multitile;

/**
 * The sharing rule of the DRAM bus, in one place.
 *
 * <p>Each running layer asks {@code a = min(demand, cap)}: its demand is {@code M / C(k)}, the rate that
 * lets it run at compute speed (at most the whole bus), and {@code cap} is its tenant's regulator
 * ({@code +inf} when unthrottled). The grants are <b>max-min fair</b> (water-filling):
 * {@code g_i = min(a_i, L)}, with {@code L = +inf} when {@code sum a_i <= B}, else the level that
 * makes {@code sum min(a_i, L) = B}. So no layer gets more than it asks, a layer asking less than
 * the level gets all it asks, and the bus is never idle while some ask is unmet: it is
 * <b>work-conserving</b>, and what a capped tenant leaves goes to the others. Two equal asks
 * above {@code B/2} each get {@code B/2}.
 *
 * <p>Max-min rather than proportional because a DRAM controller arbitrating round-robin among
 * request queues serves every queue that has requests pending at the same rate, and a queue with
 * few requests just drains: that is water-filling.
 */
public final class BandwidthSharing {
    private BandwidthSharing() {}

    /**
     * Water-fills {@code capacity} over {@code ask[ids[0..count)]} into {@code grant[ids[i]]}. O(count^2)
     * with count at most the tile count; allocates nothing.
     */
    public static void maxMinFair(double capacity, int[] ids, int count, double[] ask, double[] grant) {
        for (int i = 0; i < count; i++) grant[ids[i]] = -1; // -1: not settled yet
        double remaining = capacity;
        int unsettled = count;
        while (unsettled > 0) {
            double level = remaining / unsettled;
            boolean settledAny = false;
            for (int i = 0; i < count; i++) {
                int r = ids[i];
                if (grant[r] < 0 && ask[r] <= level) {
                    grant[r] = ask[r];
                    remaining -= ask[r];
                    unsettled--;
                    settledAny = true;
                }
            }
            if (!settledAny) {
                for (int i = 0; i < count; i++) if (grant[ids[i]] < 0) grant[ids[i]] = level;
                return;
            }
        }
    }
}
