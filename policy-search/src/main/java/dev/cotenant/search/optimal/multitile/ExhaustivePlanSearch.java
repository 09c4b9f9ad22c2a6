package dev.cotenant.search.optimal.multitile;

import dev.cotenant.search.optimal.multitile.MultiTileObjective.Cost;
import dev.cotenant.simulator.BadInputException;

import java.util.function.LongConsumer;

/**
 * Every plan of the family, each run by the kernel: the proof that the best one is optimal
 * <i>within the family</i> ({@code n! x |K|^n x |L|^n x 2} plans for {@code n} requests). Nothing is
 * pruned, so the proof rests on the kernel alone. Ties keep the first plan met, in the order
 * permutations (lexicographic), then tile vectors, then throttle vectors, then non-preemptive before
 * preemptive.
 */
public final class ExhaustivePlanSearch {
    /** Above this many plans the enumeration is refused: at tens of microseconds a run, 2 M plans take minutes. */
    public static final double DEFAULT_MAX_PLANS = 2_000_000;

    public record Result(Plan best, Cost cost, long plans) {}

    private ExhaustivePlanSearch() {}

    /** @param progress told the number of plans run every 65,536 plans (may be null) */
    public static Result solve(PlanEvaluator evaluator, double maxPlans, LongConsumer progress) {
        int n = evaluator.trace().size();
        PlanFamily family = evaluator.family();
        checkSize(family, n, maxPlans);
        MultiTileObjective objective = evaluator.objective();
        int kCount = family.tileChoices().length;
        int lCount = family.throttleLevels().length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int[] tiles = new int[n];
        int[] throttle = new int[n];
        Plan best = null;
        Cost bestCost = null;
        long plans = 0;
        do {
            int[] rank = Plan.ranksOf(order);
            java.util.Arrays.fill(tiles, 0);
            do {
                java.util.Arrays.fill(throttle, 0);
                do {
                    for (boolean preemptive : new boolean[] {false, true}) {
                        Plan plan = new Plan(rank, tiles, throttle, preemptive);
                        Cost c = evaluator.costOf(family.policy(plan, evaluator.trace()));
                        plans++;
                        if (best == null || objective.compare(c, bestCost) < 0) {
                            best = plan;
                            bestCost = c;
                        }
                        if (progress != null && (plans & 0xFFFF) == 0) progress.accept(plans);
                    }
                } while (increment(throttle, lCount));
            } while (increment(tiles, kCount));
        } while (nextPermutation(order));
        return new Result(best, bestCost, plans);
    }

    /** Refuses (bad input naming {@code --exact}) a family of more than {@code maxPlans} plans for {@code n} requests. */
    public static void checkSize(PlanFamily family, int n, double maxPlans) {
        double count = family.planCount(n);
        if (count > maxPlans) {
            throw BadInputException.at("--exact", String.format(java.util.Locale.ROOT,
                    "%d requests give %.3g plans in the family (%s), above the limit of %.3g; use fewer requests, tile choices or throttle levels, or drop --exact",
                    n, count, family, maxPlans));
        }
    }

    /** Next vector in base {@code radix}, last digit fastest; false after the last. */
    private static boolean increment(int[] digits, int radix) {
        for (int i = digits.length - 1; i >= 0; i--) {
            if (++digits[i] < radix) return true;
            digits[i] = 0;
        }
        return false;
    }

    /** Next permutation in lexicographic order; false after the last. */
    static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        int j = a.length - 1;
        while (a[j] <= a[i]) j--;
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int lo = i + 1, hi = a.length - 1; lo < hi; lo++, hi--) {
            t = a[lo];
            a[lo] = a[hi];
            a[hi] = t;
        }
        return true;
    }
}
