package dev.cotenant.experiments.results;

import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.metrics.Metric;

/**
 * One row of an experiment's metrics.csv: a policy's metrics on the trace of one sweep point.
 *
 * @param metrics every {@link Metric}, indexed by ordinal
 */
public record ExperimentRow(SweepPoint point, String policy, int requests, double[] metrics) implements java.io.Serializable {
    public double get(Metric metric) { return metrics[metric.ordinal()]; }
}
