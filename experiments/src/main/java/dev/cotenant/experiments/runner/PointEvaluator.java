package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.evaluate.BatchEvaluator;
import dev.cotenant.simulator.evaluate.MetricMatrix;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.policy.Policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Points to metrics rows: each point's trace, every policy of the spec on it, through the project's
 * one evaluation loop ({@link BatchEvaluator}, policies x traces on a work-stealing pool). The rows
 * depend only on the spec and the points, never on the thread count or on which other points share
 * the batch.
 */
public final class PointEvaluator {
    private final ExperimentSpec spec;
    private final ExperimentWorkload workload;
    private final List<Policy> policies;

    public PointEvaluator(ExperimentSpec spec, ExperimentWorkload workload) {
        this.spec = spec;
        this.workload = workload;
        this.policies = spec.policies().stream().map(PolicySpec::policy).toList();
    }

    /** Rows in order: point by point, policies in spec order within a point. */
    public List<ExperimentRow> evaluate(List<SweepPoint> points, int threads) {
        List<CompiledTrace> traces = points.stream().map(workload::trace).toList();
        MetricMatrix matrix;
        try (BatchEvaluator evaluator = new BatchEvaluator(traces, spec.kernel(), threads)) {
            matrix = evaluator.evaluate(policies);
        }
        List<ExperimentRow> rows = new ArrayList<>(points.size() * policies.size());
        for (int t = 0; t < points.size(); t++) {
            for (int c = 0; c < policies.size(); c++) {
                double[] values = new double[MetricCalculator.METRIC_COUNT];
                for (Metric m : Metric.values()) values[m.ordinal()] = matrix.get(c, t, m);
                rows.add(new ExperimentRow(points.get(t), spec.policies().get(c).label(), traces.get(t).size(), values));
            }
        }
        return rows;
    }
}
