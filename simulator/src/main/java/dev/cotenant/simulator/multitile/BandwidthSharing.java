package dev.cotenant.simulator.multitile;

/**
 * The sharing rule of the DRAM bus, in one place: how much the bus delivers when several layers
 * stream at once, and how that is split among them.
 *
 * <p><b>Asks.</b> Each running layer asks {@code a = min(demand, cap)}: its demand is {@code M / C(k)},
 * the rate that lets it run at compute speed (at most the whole bus), and {@code cap} is its tenant's
 * regulator ({@code +inf} when unthrottled).
 *
 * <p><b>Delivered bandwidth (contention loss).</b> Alone, a tile's DMA walks its tensors
 * sequentially and almost every access hits the open DRAM row. Streams that interleave at the
 * controller close each other's rows: accesses turn into row conflicts (precharge + activate) and
 * the bus idles while banks cycle. So the bandwidth the bus <i>delivers</i> falls with the number of
 * streams competing for it:
 * <pre>
 *   B_eff = B / (1 + lossPerExtraStream * (n_eff - 1)),   n_eff = (sum a_i)^2 / sum a_i^2
 * </pre>
 * {@code n_eff} is the effective number of streams (the inverse Simpson index of the asks): {@code n}
 * for {@code n} equal asks, 1 for a lone stream, and a stream throttled to a trickle counts for
 * little. It is the expected number of streams between two consecutive requests of one stream when
 * the controller interleaves them in proportion to their asks, so row conflicts scale with
 * {@code n_eff - 1}. This is what makes MoCA's throttling <i>create</i> bandwidth rather than only move it:
 * capping a heavy co-runner lowers {@code n_eff} and raises {@code B_eff} for everyone. The loss applies
 * only when asks exceed {@code B_eff} (a bus with idle time absorbs the extra row cycles); below that
 * every ask is met. {@code lossPerExtraStream = 0} is the ideal fluid bus. The default and its source
 * are {@link MultiTileHardware#DEFAULT_CONTENTION_LOSS_PER_EXTRA_STREAM}.
 *
 * <p><b>Split.</b> {@code B_eff} is shared <b>max-min fair</b> (water-filling):
 * {@code g_i = min(a_i, L)}, with {@code L = +inf} when {@code sum a_i <= B_eff}, else the level that
 * makes {@code sum min(a_i, L) = B_eff}. So no layer gets more than it asks, a layer asking less than
 * the level gets all it asks, and the bus is never idle while some ask is unmet: it is
 * <b>work-conserving</b>, and what a capped tenant leaves goes to the others. Max-min rather than
 * proportional because a DRAM controller arbitrating round-robin among request queues serves every
 * queue that has requests pending at the same rate, and a queue with few requests just drains.
 */
public final class BandwidthSharing {
    private BandwidthSharing() {}

    /**
     * Grants {@code grant[ids[i]]} for {@code ask[ids[0..count)]} on a bus of {@code busBytesPerSecond}
     * with the given contention loss; returns the delivered bandwidth {@code B_eff} the grants were
     * water-filled from. O(count^2) with count at most the tile count; allocates nothing.
     */
    public static double share(double busBytesPerSecond, double lossPerExtraStream, int[] ids, int count, double[] ask, double[] grant) {
        double delivered = deliveredBytesPerSecond(busBytesPerSecond, lossPerExtraStream, effectiveStreams(ids, count, ask));
        maxMinFair(delivered, ids, count, ask, grant);
        return delivered;
    }

    /** {@code (sum a)^2 / sum a^2} over the asks; 0 when nothing asks. */
    public static double effectiveStreams(int[] ids, int count, double[] ask) {
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < count; i++) {
            double a = ask[ids[i]];
            sum += a;
            sumOfSquares += a * a;
        }
        return sumOfSquares > 0 ? sum * sum / sumOfSquares : 0;
    }

    /** {@code B / (1 + loss * max(0, n_eff - 1))}: what the bus delivers to {@code effectiveStreams} competing streams. */
    public static double deliveredBytesPerSecond(double busBytesPerSecond, double lossPerExtraStream, double effectiveStreams) {
        return busBytesPerSecond / (1 + lossPerExtraStream * Math.max(0, effectiveStreams - 1));
    }

    /**
     * Water-fills {@code capacity} over {@code ask[ids[0..count)]} into {@code grant[ids[i]]}: the ideal
     * split, no contention loss. O(count^2); allocates nothing.
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
