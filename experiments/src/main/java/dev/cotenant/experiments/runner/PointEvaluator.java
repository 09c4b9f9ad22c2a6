package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SpecSetting;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.setting.Setting;

import java.util.ArrayList;
import java.util.List;

/**
 * Points to metrics rows: each point's trace, every policy of the spec on it, through the
 * experiment's {@link Setting} (one session per batch: contenders x traces). The rows depend only
 * on the spec and the points, never on the thread count or on which other points share the batch.
 *
 * <p>The setting's spec side ({@link SpecSetting#batch}) opens the session and says what each entry
 * runs in it; an {@code optimum} entry is solved there, and its extra rows (its bounds) follow its own.
 */
public final class PointEvaluator {
    private final ExperimentSpec spec;
    private final ExperimentWorkload workload;
    private final SpecSetting setting;
    private final SpecSetting.OptimumSink sink;
    private int optimumSolvesStoppedByTime;

    /**
     * @param spec resolved: tuned and learned entries carry their artefact ({@link PolicyArtefacts})
     * @param sink where optimum entries keep their per-point files and report their solves
     */
    PointEvaluator(ExperimentSpec spec, ExperimentWorkload workload, SpecSetting.OptimumSink sink) {
        this.spec = spec;
        this.workload = workload;
        this.setting = SpecSetting.byName(spec.workload().setting());
        this.sink = sink;
    }

    /**
     * Optimum solves (point x optimum entry) so far whose search the wall clock ended before the move
     * budget: their rows depend on the machine's speed, not on the spec alone.
     */
    public int optimumSolvesStoppedByTime() { return optimumSolvesStoppedByTime; }

    /** Rows in order: point by point, entries in spec order within a point (an optimum followed by its bounds). */
    public List<ExperimentRow> evaluate(List<SweepPoint> points, int threads) {
        List<PolicySpec> entries = spec.policies();
        SpecSetting.Batch batch = setting.batch(spec, workload.setting(), points, points.stream().map(workload::tracePoint).toList(), threads, sink);
        optimumSolvesStoppedByTime += batch.solvesStoppedByTime();
        List<Setting.Contender> contenders = new ArrayList<>();
        int[] column = new int[entries.size()]; // each entry's contender in the session; -1: none (all its rows are extra)
        for (int e = 0; e < entries.size(); e++) {
            Setting.Contender c = batch.contenders().get(e);
            column[e] = c == null ? -1 : contenders.size();
            if (c != null) contenders.add(c);
        }
        Setting.Metrics matrix;
        int[] requests = new int[points.size()];
        try (Setting.Session session = batch.session()) {
            matrix = session.evaluate(contenders, null);
            for (int t = 0; t < requests.length; t++) requests[t] = session.requestCount(t);
        }
        List<ExperimentRow> rows = new ArrayList<>();
        for (int t = 0; t < points.size(); t++) {
            for (int e = 0; e < entries.size(); e++) {
                String label = entries.get(e).label();
                if (column[e] >= 0) {
                    double[] values = new double[MetricCalculator.METRIC_COUNT];
                    for (Metric m : Metric.values()) values[m.ordinal()] = matrix.get(column[e], t, m);
                    rows.add(new ExperimentRow(points.get(t), label, requests[t], values));
                }
                for (SpecSetting.ExtraRow x : batch.extraRows(e, t)) rows.add(new ExperimentRow(points.get(t), label + x.labelSuffix(), requests[t], x.values()));
            }
        }
        return rows;
    }
}
