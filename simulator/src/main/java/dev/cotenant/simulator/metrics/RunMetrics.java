package dev.cotenant.simulator.metrics;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;

import java.util.Arrays;

/**
 * The metrics of one run, as a value: every {@link Metric} (computed by {@link MetricCalculator},
 * the single place of their formulas) plus the violation rate of each priority class.
 *
 * @param priorities              distinct priorities, ascending
 * @param violationRateByPriority violation rate among the requests of each of {@code priorities}
 */
public record RunMetrics(int requests, double[] values, double[] priorities, double[] violationRateByPriority) {

    public static RunMetrics of(CompiledTrace trace, Outcome outcome) {
        int n = trace.size();
        double[] values = new double[MetricCalculator.METRIC_COUNT];
        new MetricCalculator().compute(trace, outcome, values, 0);
        double[] all = new double[n];
        for (int r = 0; r < n; r++) all[r] = trace.priority(r);
        double[] priorities = Arrays.stream(all).sorted().distinct().toArray();
        int[] count = new int[priorities.length];
        int[] late = new int[priorities.length];
        for (int r = 0; r < n; r++) {
            int k = Arrays.binarySearch(priorities, trace.priority(r));
            count[k]++;
            if (MetricCalculator.isLate(outcome.finishSeconds(r), trace.deadlineSeconds(r))) late[k]++;
        }
        double[] rate = new double[priorities.length];
        for (int k = 0; k < rate.length; k++) rate[k] = (double) late[k] / count[k];
        return new RunMetrics(n, values, priorities, rate);
    }

    public double get(Metric metric) { return values[metric.ordinal()]; }

    public double violationRate() { return get(Metric.VIOLATION_RATE); }
    public double antt() { return get(Metric.ANTT); }
    public double throughputInfPerSecond() { return get(Metric.THROUGHPUT_INF_PER_S); }
    public double p50NormalizedTurnaround() { return get(Metric.P50_NORMALIZED_TURNAROUND); }
    public double p99NormalizedTurnaround() { return get(Metric.P99_NORMALIZED_TURNAROUND); }

    /** Violation rate of the requests of priority {@code priority}; NaN if the trace has none. */
    public double violationRateOfPriority(double priority) {
        int k = Arrays.binarySearch(priorities, priority);
        return k >= 0 ? violationRateByPriority[k] : Double.NaN;
    }
}
