package dev.cotenant.search.optimal.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.policy.PlannedSchedule;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discrete schedule family searched: {@link PlannedSchedule}s whose tile counts come from
 * {@code tileChoices} and whose throttles come from {@code throttleLevels} (shares of the DRAM
 * bandwidth {@code B}; 1 = no throttle), with the preemption switch either way. A plan is one
 * {@link Plan}: a rank per request, an index into each set per request, and the switch.
 *
 * <p>A throttle share {@code f < 1} becomes the regulator cap the hardware can hold, as MoCA's
 * runtime sets it: the largest whole number of 64 B requests per {@value #WINDOW_CYCLES}-cycle window
 * not above {@code f x B}.
 *
 * @param tileChoices    allowed tile counts, ascending, each in {@code [largest required tiles, T]}
 * @param throttleLevels allowed caps as shares of {@code B}, descending, each in (0, 1]
 */
public record PlanFamily(int[] tileChoices, double[] throttleLevels) {
    /** MoCA's regulator window as {@code moca}'s default ({@code window_cycles}). */
    public static final double WINDOW_CYCLES = 1024;
    /** Quarter, half and whole accelerator (of 8 tiles) plus 1: every share the online policies use most. */
    public static final List<Integer> DEFAULT_TILE_CHOICES = List.of(1, 2, 4, 8);
    /** Open, or a quarter of the bus (below a fair share of 4 streams: a real throttle). */
    public static final List<Double> DEFAULT_THROTTLE_LEVELS = List.of(1.0, 0.25);

    public PlanFamily {
        tileChoices = tileChoices.clone();
        throttleLevels = throttleLevels.clone();
        if (tileChoices.length == 0) throw BadInputException.at("--tile-choices", "needs at least one tile count");
        if (throttleLevels.length == 0) throw BadInputException.at("--throttle-levels", "needs at least one level");
        for (double f : throttleLevels) {
            if (!(f > 0 && f <= 1)) throw BadInputException.at("--throttle-levels", "each level must be in (0, 1], got " + f);
        }
        Arrays.sort(tileChoices);
        throttleLevels = Arrays.stream(throttleLevels).boxed().sorted((a, b) -> Double.compare(b, a)).mapToDouble(Double::doubleValue).toArray();
        for (int i = 1; i < tileChoices.length; i++) {
            if (tileChoices[i] == tileChoices[i - 1]) throw BadInputException.at("--tile-choices", "lists " + tileChoices[i] + " twice");
        }
        for (int i = 1; i < throttleLevels.length; i++) {
            if (throttleLevels[i] == throttleLevels[i - 1]) throw BadInputException.at("--throttle-levels", "lists " + throttleLevels[i] + " twice");
        }
    }

    /** The choices that fit this trace: tile counts in {@code [largest required, T]}; none left is bad input. */
    public static PlanFamily of(List<Integer> tileChoices, List<Double> throttleLevels, MultiTileTrace trace) {
        int tiles = trace.workload().hardware().tiles();
        int required = 1;
        for (int r = 0; r < trace.size(); r++) required = Math.max(required, trace.requiredTiles(r));
        int least = required;
        int[] fitting = tileChoices.stream().mapToInt(Integer::intValue).filter(k -> k >= least && k <= tiles).distinct().toArray();
        if (fitting.length == 0) {
            throw BadInputException.at("--tile-choices", tileChoices + " has no tile count in [" + required + ", " + tiles + "] (requests need "
                    + required + ", the accelerator has " + tiles + ")");
        }
        return new PlanFamily(fitting, throttleLevels.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Plans for {@code n} requests: {@code n! x |K|^n x |L|^n x 2}, or {@link Double#POSITIVE_INFINITY} past a long. */
    public double planCount(int n) {
        double count = 2;
        for (int i = 2; i <= n; i++) count *= i;
        count *= Math.pow(tileChoices.length, n) * Math.pow(throttleLevels.length, n);
        return count;
    }

    /** The regulator cap of throttle level {@code level}: {@code +inf} for a share of 1. */
    public double capBytesPerSecond(int level, MultiTileHardware hw) {
        double share = throttleLevels[level];
        if (share >= 1) return Double.POSITIVE_INFINITY;
        return hw.regulatorCapBytesPerSecond(WINDOW_CYCLES, hw.regulatorThresholdFor(share * hw.dramBytesPerSecond(), WINDOW_CYCLES));
    }

    /** The policy that runs {@code plan} on {@code trace}. */
    public PlannedSchedule policy(Plan plan, MultiTileTrace trace) {
        int n = plan.size();
        int[] tiles = new int[n];
        double[] caps = new double[n];
        MultiTileHardware hw = trace.workload().hardware();
        for (int r = 0; r < n; r++) {
            tiles[r] = tileChoices[plan.tileChoice()[r]];
            caps[r] = capBytesPerSecond(plan.throttleLevel()[r], hw);
        }
        return new PlannedSchedule(plan.rank(), tiles, caps, plan.preemptive());
    }

    /** Index of the smallest tile choice at least {@code tiles}, else the largest choice. */
    public int nearestTileChoice(int tiles) {
        for (int i = 0; i < tileChoices.length; i++) if (tileChoices[i] >= tiles) return i;
        return tileChoices.length - 1;
    }

    /** Index of the level nearest {@code capBytesPerSecond} on a log scale; the open level (share 1) for {@code +inf}. */
    public int nearestThrottleLevel(double capBytesPerSecond, MultiTileHardware hw) {
        double share = Double.isInfinite(capBytesPerSecond) ? 1 : Math.min(1, capBytesPerSecond / hw.dramBytesPerSecond());
        int best = 0;
        for (int i = 1; i < throttleLevels.length; i++) {
            if (Math.abs(Math.log(throttleLevels[i] / share)) < Math.abs(Math.log(throttleLevels[best] / share))) best = i;
        }
        return best;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tile_choices", Arrays.stream(tileChoices).boxed().toList());
        m.put("throttle_levels_share_of_bandwidth", Arrays.stream(throttleLevels).boxed().toList());
        m.put("regulator_window_cycles", WINDOW_CYCLES);
        m.put("preemption", "either (one switch per plan)");
        m.put("rule", "per request a rank, a tile count and a throttle held for its lifetime; at every event, requests waiting or at a layer "
                + "boundary take their tiles in rank order if they fit (else skipped); preemptive plans preempt unselected requests at layer boundaries");
        return m;
    }

    @Override
    public String toString() {
        return "tiles " + Arrays.toString(tileChoices) + ", throttle shares " + Arrays.toString(throttleLevels) + ", preemptive or not";
    }
}
