package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;

/**
 * Every metric of every candidate on every trace of a batch. With racing, a candidate may have
 * been stopped after its first {@link #tracesEvaluated(int)} traces; the other cells are NaN.
 */
public final class MetricMatrix {
    private static final int M = MetricCalculator.METRIC_COUNT;
    private final int candidates;
    private final int traces;
    final double[] values;
    final int[] tracesEvaluated;

    MetricMatrix(int candidates, int traces) {
        this.candidates = candidates;
        this.traces = traces;
        values = new double[candidates * traces * M];
        java.util.Arrays.fill(values, Double.NaN);
        tracesEvaluated = new int[candidates];
    }

    int offset(int candidate, int trace) { return (candidate * traces + trace) * M; }

    public int candidateCount() { return candidates; }
    public int traceCount() { return traces; }

    public double get(int candidate, int trace, Metric metric) { return values[offset(candidate, trace) + metric.ordinal()]; }

    /** How many traces (the first ones, in order) the candidate ran on; all of them unless racing stopped it. */
    public int tracesEvaluated(int candidate) { return tracesEvaluated[candidate]; }

    public boolean complete(int candidate) { return tracesEvaluated[candidate] == traces; }

    /** Mean of {@code metric} over the traces the candidate ran on. */
    public double mean(int candidate, Metric metric) {
        int k = tracesEvaluated[candidate];
        double sum = 0;
        for (int t = 0; t < k; t++) sum += get(candidate, t, metric);
        return sum / k;
    }
}
