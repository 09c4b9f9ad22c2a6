package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.Parameter.Scale;
import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * MoCA's per-layer memory-regulation decision (its runtime's steps at every layer start): the
 * layer's ideal DRAM utilisation U, the tenant's score, contention against a system budget, the
 * cut of the excess, and the regulator setting (window, threshold) that enforces the allowed
 * utilisation. Utilisation 100 = one 16-B row per cycle. Defaults reproduce the artifact.
 */
public final class Regulation {
    public static final int BUDGET = 0, FLOOR = 1, MIN_LOOP_TILES = 2, SLACK_FLOOR = 3, SCORE_SCALE = 4, PRIORITY_DIVISOR = 5;

    /** The tunable thresholds, in the order of a parameter vector. */
    public static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("budget", 150, 50, 400, Scale.LINEAR,
                    "system DRAM utilisation (100 = 16 B/cycle) above which co-runners are in contention"),
            new Parameter("floor", 25, 1, 150, Scale.LINEAR,
                    "lowest utilisation a regulated layer is cut to"),
            new Parameter("minLoopTiles", 4, 1, 64, Scale.LOG,
                    "layers with fewer Gemmini loop tiles are left unregulated"),
            new Parameter("slackFloorCycles", 10, 1, 1e6, Scale.LOG,
                    "slack used when a request is past its target"),
            new Parameter("scoreScale", 10, 1, 100, Scale.LOG,
                    "weight of remaining work over slack in the score"),
            new Parameter("priorityDivisor", 4, 1, 12, Scale.LINEAR,
                    "priority levels per score point"));

    private Regulation() {}

    /** U = floor(100 * from_dram / predicted layer time), 2-tile predictor values. */
    public static int idealUtilisation(MocaWork w, int n, int l) {
        return (int) Math.floor(100.0 * w.fromDramRows2(n, l) / w.predictedCycles2(n, l));
    }

    /** s = floor((1 + priority) / divisor) + max(1, round(scale * togo / slack)), slack floored when past due. */
    public static int score(int priorityLevel, double slackCycles, double togoCycles, double[] params) {
        double slack = slackCycles > 0 ? slackCycles : params[SLACK_FLOOR];
        return (int) Math.floor((1 + priorityLevel) / params[PRIORITY_DIVISOR])
                + (int) Math.max(1, Math.round(params[SCORE_SCALE] * togoCycles / slack));
    }

    /**
     * Allowed utilisation U' of a tenant whose layer wants {@code ownU}, against co-runners'
     * published {@code othersU}; {@code Integer.MAX_VALUE} when not in contention. As written
     * ({@code asWritten}), every co-runner's weight is the tenant's own score; intended: theirs.
     */
    public static double allowedUtilisation(double[] params, boolean asWritten, int ownU, int ownScore,
                                            int others, int[] othersU, int[] othersScore) {
        return allowedUtilisation(params, asWritten, false, ownU, ownScore, others, othersU, othersScore);
    }

    /**
     * The same; with {@code splitCut} (a sensitivity variant, not MoCA's rule) the cut is divided by the
     * number of co-runners that published a utilisation. MoCA's rule gives tenant i the cut
     * E x W_i / (s_i U_i + W_i) = E x (1 - s_i U_i / sum_j s_j U_j), so when all N tenants decide, the cuts add
     * up to (N - 1) x E, not E; splitting makes them add up to E.
     */
    static double allowedUtilisation(double[] params, boolean asWritten, boolean splitCut, int ownU, int ownScore,
                                     int others, int[] othersU, int[] othersScore) {
        double sum = ownU;
        for (int o = 0; o < others; o++) sum += othersU[o];
        if (sum <= params[BUDGET]) return Double.POSITIVE_INFINITY;
        double excess = sum - params[BUDGET];
        double weighted = 0;
        for (int o = 0; o < others; o++) weighted += (asWritten ? ownScore : othersScore[o]) * (double) othersU[o];
        double denominator = ownScore * (double) ownU + weighted;
        double cut = denominator == 0 ? 0 : excess * weighted / denominator;
        if (splitCut) {
            int publishing = 0;
            for (int o = 0; o < others; o++) if (othersU[o] > 0) publishing++;
            cut /= Math.max(1, publishing);
        }
        return Math.max(params[FLOOR], Math.floor(ownU - cut));
    }

    /**
     * The sustained load cap per tile (16-B rows per cycle) the regulator enforces for layer
     * {@code l} of network {@code n} on its 2-tile sub-group, or {@code POSITIVE_INFINITY} when the
     * layer runs unregulated (not regulatable, no contention, U' >= U, or fewer than the minimum
     * loop tiles).
     */
    public static double capRowsPerCycle(double[] params, boolean asWritten, MocaWork w, int n, int l, int ownU, int ownScore,
                                         int others, int[] othersU, int[] othersScore) {
        return capRowsPerCycle(params, asWritten, w, n, l, 2, ownU, ownScore, others, othersU, othersScore);
    }

    /**
     * The same on {@code tiles} tiles (a co-located heavy block runs on one): the loop tiles and the
     * per-tile loads are those of the layer's split over {@code tiles}; U and P' stay the 2-tile
     * predictor's, as in the artifact.
     */
    public static double capRowsPerCycle(double[] params, boolean asWritten, MocaWork w, int n, int l, int tiles, int ownU,
                                         int ownScore, int others, int[] othersU, int[] othersScore) {
        return capRowsPerCycle(params, asWritten, false, w, n, l, tiles, ownU, ownScore, others, othersU, othersScore);
    }

    /** The same with the sensitivity variant {@code splitCut} of {@link #allowedUtilisation(double[], boolean, boolean, int, int, int, int[], int[])}. */
    static double capRowsPerCycle(double[] params, boolean asWritten, boolean splitCut, MocaWork w, int n, int l, int tiles, int ownU,
                                  int ownScore, int others, int[] othersU, int[] othersScore) {
        if (!w.regulatable(n, l)) return Double.POSITIVE_INFINITY;
        double allowed = allowedUtilisation(params, asWritten, splitCut, ownU, ownScore, others, othersU, othersScore);
        if (allowed >= ownU) return Double.POSITIVE_INFINITY;
        int loopTiles = w.loopTiles(n, l, tiles);
        if (loopTiles < params[MIN_LOOP_TILES]) return Double.POSITIVE_INFINITY;
        double targetCycles = 100.0 * w.fromDramRows2(n, l) / allowed;
        double window = Math.min(65_535, Math.floor(targetCycles / loopTiles));
        double threshold = Math.min(65_535, Math.floor(w.loadRowsPerTile(n, l, tiles) / loopTiles));
        if (window <= 0 || threshold <= 0) return Double.POSITIVE_INFINITY; // the hardware would stall forever; the runtime never sets it
        return LoadRegulator.sustainedRowsPerCycle(window, threshold, Double.POSITIVE_INFINITY);
    }
}
