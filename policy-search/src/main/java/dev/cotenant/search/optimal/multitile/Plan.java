package dev.cotenant.search.optimal.multitile;

import java.util.Arrays;

/**
 * One point of a {@link PlanFamily}: per request its rank (a permutation, 0 first), the index of its
 * tile count and of its throttle level in the family's sets, and the preemption switch. Value
 * semantics (equals and hashCode over the contents), so plans can key a memo.
 */
public record Plan(int[] rank, int[] tileChoice, int[] throttleLevel, boolean preemptive) {
    public Plan {
        rank = rank.clone();
        tileChoice = tileChoice.clone();
        throttleLevel = throttleLevel.clone();
    }

    public int size() { return rank.length; }

    /** Ranks from an order: {@code order[0]} ranks first. */
    public static int[] ranksOf(int[] order) {
        int[] rank = new int[order.length];
        for (int i = 0; i < order.length; i++) rank[order[i]] = i;
        return rank;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plan p && preemptive == p.preemptive && Arrays.equals(rank, p.rank) && Arrays.equals(tileChoice, p.tileChoice)
                && Arrays.equals(throttleLevel, p.throttleLevel);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(rank) * 31 + Arrays.hashCode(tileChoice)) * 31 + Arrays.hashCode(throttleLevel)) * 2 + (preemptive ? 1 : 0);
    }

    @Override
    public String toString() {
        return "Plan[rank=" + Arrays.toString(rank) + ", tiles=" + Arrays.toString(tileChoice) + ", throttle=" + Arrays.toString(throttleLevel)
                + ", preemptive=" + preemptive + "]";
    }
}
