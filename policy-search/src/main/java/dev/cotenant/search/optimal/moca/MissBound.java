package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaWork;

import java.util.Arrays;

/**
 * A lower bound on the priority-weighted missed targets of <em>every</em> schedule of a trace on the
 * 8-tile SoC under physical semantics (whatever the dispatcher, sub-group widths, co-location,
 * throttling or preemption), from a relaxation that only keeps what no schedule can escape:
 * <ul>
 *   <li>Request i cannot finish sooner than {@code minCycles_i} = the sum over its layers of the
 *       fastest isolated layer time on 1, 2, 4 or 8 tiles (contention, throttling and preemption only
 *       slow a layer; a layer on k tiles occupies them for that long), nor start before it arrives.
 *       If {@code minCycles_i >= target_i} it is missed by every schedule (met needs
 *       {@code target > latency}).</li>
 *   <li>It occupies at least {@code minTileCycles_i} = the sum over layers of min over k of
 *       {@code k x} the isolated layer time on k tiles. Every request met must do all of that inside
 *       {@code [arrival_i, arrival_i + target_i]}, and the SoC offers 8 tile-cycles per cycle. So for
 *       any window [a, b] the met requests whose interval lies inside it carry at most {@code 8 (b - a)}
 *       tile-cycles (a necessary condition, as for preemptive scheduling on parallel machines).</li>
 * </ul>
 * Per window, the weight that must be dropped is at least the fractional knapsack's (drop the
 * cheapest weight per tile-cycle first, the last one in part), rounded up as weights are integers.
 * Windows that share no request add up, so the bound is the best sum over disjoint windows
 * (weighted interval scheduling over the windows with a at an arrival and b at a deadline), plus the
 * certain misses. Weight of request i = its priority level + 1, as MoCA's metrics weigh it.
 */
public final class MissBound {
    /**
     * @param weightedMisses  the bound
     * @param certainMisses   weight of requests that cannot meet their target even alone
     * @param windowMisses    weight the capacity windows add
     * @param peakWindowLoad  the largest, over windows, of the feasible requests' least tile-cycles over the
     *                        window's tile-cycles: below 1, no window binds and only certain misses remain
     */
    public record Result(long weightedMisses, long certainMisses, long windowMisses, double peakWindowLoad) {}

    private MissBound() {}

    /** Shortest possible latency of a request of network {@code n}: each layer at its fastest tile count, alone. */
    public static double minCycles(MocaWork work, int n) {
        double total = 0;
        for (int l = 0; l < work.layerCount(n); l++) {
            double best = Double.POSITIVE_INFINITY;
            for (int k : MocaWork.TILE_COUNTS) best = Math.min(best, work.isolatedLayerCycles(n, l, k));
            total += best;
        }
        return total;
    }

    /** Fewest tile-cycles a request of network {@code n} can occupy. */
    public static double minTileCycles(MocaWork work, int n) {
        double total = 0;
        for (int l = 0; l < work.layerCount(n); l++) {
            double best = Double.POSITIVE_INFINITY;
            for (int k : MocaWork.TILE_COUNTS) best = Math.min(best, k * work.isolatedLayerCycles(n, l, k));
            total += best;
        }
        return total;
    }

    public static Result of(MocaTrace trace) { return of(trace, MocaWork.standard(), 8); }

    /** The bound for {@code tiles} tiles (8 on MoCA's SoC). */
    public static Result of(MocaTrace trace, MocaWork work, int tiles) {
        int n = trace.size();
        long certain = 0;
        int feasible = 0;
        double[] release = new double[n], deadline = new double[n], tileWork = new double[n];
        int[] weight = new int[n];
        for (int r = 0; r < n; r++) {
            int network = trace.network(r);
            int w = trace.priorityLevel(r) + 1;
            if (minCycles(work, network) >= trace.targetCycles(r)) {
                certain += w;
                continue;
            }
            release[feasible] = trace.arrivalCycles(r);
            deadline[feasible] = trace.arrivalCycles(r) + (double) trace.targetCycles(r);
            tileWork[feasible] = minTileCycles(work, network);
            weight[feasible] = w;
            feasible++;
        }
        // requests in order of weight per tile-cycle, cheapest first: the fractional knapsack drops them in this order
        Integer[] byDensity = new Integer[feasible];
        for (int i = 0; i < feasible; i++) byDensity[i] = i;
        Arrays.sort(byDensity, (x, y) -> Double.compare(weight[x] / tileWork[x], weight[y] / tileWork[y]));
        double[] starts = distinct(release, feasible);
        double[] ends = distinct(deadline, feasible);
        double[] points = merge(starts, ends);
        // best[p] = the largest sum over disjoint windows that end at or before points[p]
        long[] best = new long[points.length + 1];
        double peak = 0;
        int e = 0;
        for (int p = 0; p < points.length; p++) {
            best[p + 1] = best[p];
            if (e < ends.length && ends[e] == points[p]) {
                double b = ends[e++];
                for (double a : starts) {
                    if (a >= b) break;
                    peak = Math.max(peak, load(a, b, tiles, release, deadline, tileWork, feasible));
                    long drop = windowDrop(a, b, tiles, byDensity, release, deadline, tileWork, weight);
                    if (drop == 0) continue;
                    int before = Arrays.binarySearch(points, a); // windows ending at or before a are disjoint in requests
                    best[p + 1] = Math.max(best[p + 1], best[before + 1] + drop);
                }
            }
        }
        long window = best[points.length];
        return new Result(certain + window, certain, window, peak);
    }

    private static double load(double a, double b, int tiles, double[] release, double[] deadline, double[] tileWork, int count) {
        double inside = 0;
        for (int i = 0; i < count; i++) if (release[i] >= a && deadline[i] <= b) inside += tileWork[i];
        return inside / (tiles * (b - a));
    }

    /** Least weight (rounded up) to drop from the requests inside [a, b] so that their tile-cycles fit 'tiles x (b - a)'. */
    private static long windowDrop(double a, double b, int tiles, Integer[] byDensity, double[] release, double[] deadline,
                                   double[] tileWork, int[] weight) {
        double excess = -tiles * (b - a);
        for (Integer i : byDensity) if (release[i] >= a && deadline[i] <= b) excess += tileWork[i];
        if (excess <= 0) return 0;
        double dropped = 0;
        for (Integer i : byDensity) {
            if (release[i] < a || deadline[i] > b) continue;
            if (tileWork[i] >= excess) {
                dropped += weight[i] * excess / tileWork[i];
                break;
            }
            dropped += weight[i];
            excess -= tileWork[i];
        }
        return (long) Math.ceil(dropped - 1e-9);
    }

    private static double[] distinct(double[] values, int count) {
        return Arrays.stream(values, 0, count).sorted().distinct().toArray();
    }

    private static double[] merge(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).sorted().distinct().toArray();
    }
}
