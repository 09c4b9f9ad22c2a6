package dev.cotenant.search.optimal.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MultiTileMetrics;
import dev.cotenant.simulator.multitile.MultiTileTrace;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the multi-tile offline search minimises, read from {@link MultiTileMetrics} (the one home of
 * the multi-tile metric formulas), lexicographically:
 * <ul>
 *   <li>{@code weightedMissedDeadlines} = {@code sum_p p x count_p x (1 - slaSatisfaction_p)}, the sum of
 *       the priorities of the requests that finish after their deadline (MoCA's SLA satisfaction,
 *       weighted by priority);</li>
 *   <li>{@code stp} = {@code sum_r NP_r}, MoCA's system throughput (larger is better).</li>
 * </ul>
 * {@link #MISSES_THEN_STP} (the default) compares misses first, {@link #STP_THEN_MISSES} STP first.
 */
public enum MultiTileObjective {
    MISSES_THEN_STP("misses-then-stp", "priority-weighted missed deadlines, then higher STP"),
    STP_THEN_MISSES("stp-then-misses", "higher STP, then priority-weighted missed deadlines");

    /** Costs closer than this (relative) are ties: the same sums added in another order. */
    public static final double RELATIVE_TIE = 1e-9;

    private final String label;
    private final String description;

    MultiTileObjective(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() { return label; }
    public String describe() { return description; }

    public static MultiTileObjective parse(String label) {
        for (MultiTileObjective o : values()) if (o.label.equals(label.trim().toLowerCase(Locale.ROOT))) return o;
        throw BadInputException.at("--objective", "unknown objective '" + label + "'; known: misses-then-stp, stp-then-misses");
    }

    /** A schedule's two components. */
    public record Cost(double weightedMissedDeadlines, double stp) {}

    /** The cost of a run, from its metrics and the trace's priority counts. */
    public static Cost cost(MultiTileTrace trace, MultiTileMetrics m) {
        double[] priorities = m.priorities();
        int[] count = new int[priorities.length];
        for (int r = 0; r < trace.size(); r++) count[Arrays.binarySearch(priorities, trace.priority(r))]++;
        double misses = 0;
        for (int k = 0; k < priorities.length; k++) misses += priorities[k] * count[k] * (1 - m.slaSatisfactionByPriority()[k]);
        // The rate times the count does not give back an exact integer; equal miss sets must compare equal.
        return new Cost(Math.rint(misses * 1e6) / 1e6, m.stp());
    }

    /** Negative when {@code a} is better than {@code b}, 0 on a tie within {@link #RELATIVE_TIE}. */
    public int compare(Cost a, Cost b) {
        int misses = compareNumbers(a.weightedMissedDeadlines(), b.weightedMissedDeadlines());
        int stp = compareNumbers(b.stp(), a.stp()); // larger STP is better
        return this == MISSES_THEN_STP ? (misses != 0 ? misses : stp) : (stp != 0 ? stp : misses);
    }

    static int compareNumbers(double a, double b) {
        double tolerance = RELATIVE_TIE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        if (a < b - tolerance) return -1;
        if (a > b + tolerance) return 1;
        return 0;
    }
}
