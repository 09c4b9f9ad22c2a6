package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileState;

/**
 * An explicit offline plan for the multi-tile kernel: the schedule family the multi-tile offline
 * search ({@code search.optimal.multitile}) explores, run by the same {@code MultiTileKernel} as the
 * online policies. Every request {@code r} has
 * <ul>
 *   <li>a <b>rank</b> (0 first; a permutation of the requests),</li>
 *   <li>a <b>tile count</b> {@code k_r}, which it holds whenever it runs (it starts only when
 *       {@code k_r} tiles are free, and never runs on fewer), and</li>
 *   <li>a <b>throttle</b> {@code cap_r} (bytes/s, {@code +inf} for none), its regulator cap whenever it runs;</li>
 * </ul>
 * and the plan has one switch, {@code preemptive}. At every event the kernel reports:
 * <ol>
 *   <li>tiles held by layers in flight are unavailable; the rest are {@code A};</li>
 *   <li>the arrived, unfinished requests that are waiting or at a layer boundary are taken in rank
 *       order; each whose {@code k_r} fits in what is left of {@code A} is kept/started and takes
 *       {@code k_r} (a request that does not fit is skipped, and lower ranks may take the tiles:
 *       greedy list scheduling with backfilling);</li>
 *   <li>{@code preemptive}: a running request at a boundary that was not selected is preempted
 *       (back to waiting, progress kept). Not preemptive: every running request keeps its tiles to
 *       the end, and only waiting requests compete for {@code A};</li>
 *   <li>selected waiting requests start on {@code k_r} tiles with their cap set.</li>
 * </ol>
 * So a plan is "tile assignment and throttle levels over time" in the sense that who holds which
 * tiles, and which regulator caps are active, change at every event, but each request's own tile
 * count and cap are fixed for its lifetime. It cannot express a request changing its tile count or
 * cap mid-life (Planaria's re-dealing, MoCA's per-event throttling), ranks that change over time
 * (PREMA's tokens), or deliberately idling tiles while a request that fits waits.
 */
public final class PlannedSchedule extends MultiTilePolicy {
    public static final String NAME = "planned";

    private final int[] rank;
    private final int[] tiles;
    private final double[] capBytesPerSecond;
    private final boolean preemptive;
    private final int[] byRank;
    private final boolean[] selected;

    /**
     * @param rank              rank of each request, a permutation of {@code 0..n-1}
     * @param tiles             tiles each request runs on (checked by the kernel against its minimum and the tile count)
     * @param capBytesPerSecond regulator cap of each request while it runs, positive; {@code +inf} for none
     */
    public PlannedSchedule(int[] rank, int[] tiles, double[] capBytesPerSecond, boolean preemptive) {
        super(NAME);
        int n = rank.length;
        if (tiles.length != n || capBytesPerSecond.length != n) throw new IllegalArgumentException("plan arrays differ in length");
        byRank = new int[n];
        boolean[] seen = new boolean[n];
        for (int r = 0; r < n; r++) {
            if (rank[r] < 0 || rank[r] >= n || seen[rank[r]]) throw new IllegalArgumentException("ranks are not a permutation of 0.." + (n - 1));
            seen[rank[r]] = true;
            byRank[rank[r]] = r;
            if (tiles[r] < 1) throw new IllegalArgumentException("request " + r + ": tiles must be >= 1, got " + tiles[r]);
            if (!(capBytesPerSecond[r] > 0)) throw new IllegalArgumentException("request " + r + ": cap must be positive, got " + capBytesPerSecond[r]);
        }
        this.rank = rank.clone();
        this.tiles = tiles.clone();
        this.capBytesPerSecond = capBytesPerSecond.clone();
        this.preemptive = preemptive;
        selected = new boolean[n];
    }

    public int rank(int r) { return rank[r]; }
    public int tiles(int r) { return tiles[r]; }
    public double capBytesPerSecond(int r) { return capBytesPerSecond[r]; }
    public boolean preemptive() { return preemptive; }
    public int size() { return rank.length; }

    @Override
    public void reset(MultiTileState s) {
        if (s.requestCount() != rank.length) {
            throw new IllegalStateException(NAME + ": plan for " + rank.length + " requests run on a trace of " + s.requestCount());
        }
    }

    @Override
    public void decide(MultiTileState s) {
        int available = s.tiles();
        for (int i = 0; i < s.runningCount(); i++) {
            int r = s.runningAt(i);
            if (!preemptive || !s.atLayerBoundary(r)) available -= s.tilesOf(r); // in flight, or kept to the end
        }
        boolean any = false;
        for (int k = 0; k < byRank.length; k++) {
            int r = byRank[k];
            selected[r] = false;
            boolean candidate = s.isWaiting(r) || (preemptive && s.atLayerBoundary(r));
            if (candidate && tiles[r] <= available) {
                selected[r] = true;
                available -= tiles[r];
                any = true;
            }
        }
        if (preemptive) {
            for (int i = s.runningCount() - 1; i >= 0; i--) {
                int r = s.runningAt(i);
                if (s.atLayerBoundary(r) && !selected[r]) s.preempt(r);
            }
        }
        if (!any) return;
        for (int k = 0; k < byRank.length; k++) {
            int r = byRank[k];
            if (selected[r] && s.isWaiting(r)) {
                s.start(r, tiles[r]);
                s.setCap(r, capBytesPerSecond[r]);
            }
        }
    }
}
