package dev.cotenant.simulator.metrics;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;

import java.util.Arrays;

/**
 * The metrics of one run, computed in one place for every policy, tuned vector and optimal
 * schedule (one ruler).
 *
 * @param violationRate             share of requests with {@code finish > deadline}
 * @param antt                      mean over requests of {@code (finish - arrival) / realIsolated}
 * @param throughputInfPerSecond    {@code N / (last finish - first arrival)}
 * @param p50NormalizedTurnaround   median of {@code (finish - arrival) / realIsolated}
 * @param p99NormalizedTurnaround   99th percentile of it (linear interpolation between order statistics, as numpy's default)
 * @param priorities                distinct priorities, ascending
 * @param violationRateByPriority   violation rate among the requests of each of {@code priorities}
 */
public record RunMetrics(int requests, double violationRate, double antt, double throughputInfPerSecond,
                         double p50NormalizedTurnaround, double p99NormalizedTurnaround,
                         double[] priorities, double[] violationRateByPriority) {

    public static RunMetrics of(CompiledTrace trace, Outcome outcome) {
        int n = trace.size();
        if (n == 0) return new RunMetrics(0, 0, 0, 0, 0, 0, new double[0], new double[0]);
        double[] normalized = new double[n];
        int violations = 0;
        double sumNormalized = 0;
        double lastFinish = Double.NEGATIVE_INFINITY;
        double[] priorities = distinctPriorities(trace);
        int[] countByPriority = new int[priorities.length];
        int[] violationsByPriority = new int[priorities.length];
        for (int r = 0; r < n; r++) {
            double finish = outcome.finishSeconds(r);
            boolean violated = finish > trace.deadlineSeconds(r);
            int k = Arrays.binarySearch(priorities, trace.priority(r));
            countByPriority[k]++;
            if (violated) {
                violations++;
                violationsByPriority[k]++;
            }
            normalized[r] = (finish - trace.arrivalSeconds(r)) / trace.realIsolatedSeconds(r);
            sumNormalized += normalized[r];
            lastFinish = Math.max(lastFinish, finish);
        }
        double[] rateByPriority = new double[priorities.length];
        for (int k = 0; k < priorities.length; k++) rateByPriority[k] = (double) violationsByPriority[k] / countByPriority[k];
        Arrays.sort(normalized);
        double span = lastFinish - trace.arrivalSeconds(0);
        return new RunMetrics(n, (double) violations / n, sumNormalized / n, span > 0 ? n / span : Double.POSITIVE_INFINITY,
                percentile(normalized, 0.50), percentile(normalized, 0.99), priorities, rateByPriority);
    }

    private static double[] distinctPriorities(CompiledTrace trace) {
        double[] all = new double[trace.size()];
        for (int r = 0; r < all.length; r++) all[r] = trace.priority(r);
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    /** Linear interpolation between the order statistics of a sorted array. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** Violation rate of the requests of priority {@code priority}; NaN if the trace has none. */
    public double violationRateOfPriority(double priority) {
        int k = Arrays.binarySearch(priorities, priority);
        return k >= 0 ? violationRateByPriority[k] : Double.NaN;
    }
}
