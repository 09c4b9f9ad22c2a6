package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.TenantFairness;
import dev.cotenant.simulator.multitile.MocaWorkloads.WorkloadSet;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultiTileBatchEvaluatorTest {
    static final Scenario MIXED = MocaWorkloads.scenario(WorkloadSet.MIXED, Scenarios.QoS.MEDIUM);

    static List<MultiTileTrace> traces(int count, int requests) {
        MultiTileWorkload w = MocaWorkloads.dense(MultiTileHardware.moca(), MIXED);
        List<MultiTileTrace> traces = new ArrayList<>();
        for (int s = 1; s <= count; s++) traces.add(MocaWorkloads.trace(w, MIXED, requests, s));
        return traces;
    }

    static List<MultiTileBatchEvaluator.Candidate> candidates() {
        List<MultiTileBatchEvaluator.Candidate> list = new ArrayList<>();
        for (String name : MultiTilePolicies.names()) list.add(MultiTileBatchEvaluator.Candidate.published(name));
        double[] throttleHard = MultiTilePolicies.space("moca").defaults();
        throttleHard[0] = 0.5; // contention_threshold: throttle at half the bus, so this vector differs from the published one
        list.add(MultiTileBatchEvaluator.Candidate.of("moca", throttleHard));
        return list;
    }

    /** Every defined metric of a run, so two runs compare field by field (the record's arrays compare by reference). */
    static double[] values(MultiTileMetrics m) {
        double[] v = new double[Metric.values().length + 1];
        for (Metric metric : MultiTileMetrics.DEFINED) v[metric.ordinal()] = metric == Metric.THROUGHPUT_INF_PER_S ? 0 : m.value(metric);
        v[v.length - 1] = m.stpPerSecond();
        return v;
    }

    @Test
    void sameNumbersOnOneThreadOnThreeAndInASingleKernelRun() {
        List<MultiTileTrace> traces = traces(3, 60);
        MultiTileBatchEvaluator.Run[][] one;
        MultiTileBatchEvaluator.Run[][] three;
        try (MultiTileBatchEvaluator e = new MultiTileBatchEvaluator(traces, 1)) { one = e.evaluate(candidates()); }
        try (MultiTileBatchEvaluator e = new MultiTileBatchEvaluator(traces, 3)) { three = e.evaluate(candidates()); }
        List<MultiTileBatchEvaluator.Candidate> cs = candidates();
        for (int c = 0; c < cs.size(); c++) {
            for (int t = 0; t < traces.size(); t++) {
                MultiTileMetrics alone = MultiTileMetrics.of(traces.get(t), new MultiTileKernel().run(traces.get(t), cs.get(c).newPolicy()));
                org.junit.jupiter.api.Assertions.assertArrayEquals(values(alone), values(one[c][t].metrics()), "candidate " + c + " trace " + t);
                org.junit.jupiter.api.Assertions.assertArrayEquals(values(one[c][t].metrics()), values(three[c][t].metrics()));
                assertEquals(one[c][t].events(), three[c][t].events());
            }
        }
    }

    @Test
    void theExperimentGivesTheSameRowsWhateverTheThreadCount() {
        MocaExperiment.Config config = MocaExperiment.Config.defaults().withWorkloadSets(List.of(WorkloadSet.MIXED))
                .withQosLevels(List.of(Scenarios.QoS.TIGHT)).withSeeds(MocaExperiment.Config.seeds(2)).withRequestsPerTrace(40);
        List<MocaExperiment.Row> one = MocaExperiment.run(config, 1);
        List<MocaExperiment.Row> two = MocaExperiment.run(config, 2);
        assertEquals(2 * MocaExperiment.Config.PAPER_POLICIES.size(), one.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).policy(), two.get(i).policy());
            assertEquals(one.get(i).seed(), two.get(i).seed());
            org.junit.jupiter.api.Assertions.assertArrayEquals(values(one.get(i).metrics()), values(two.get(i).metrics()));
        }
        // Rows are (seed, policy) in config order: the row order scripts and ratios rely on.
        assertEquals("static-partition", one.get(0).policy());
        assertEquals(2L, one.get(one.size() - 1).seed());
    }

    @Test
    void metricValuesFollowTheMetricDefinitions() {
        MultiTileTrace trace = traces(1, 50).get(0);
        MultiTileMetrics m = MultiTileMetrics.of(trace, new MultiTileKernel().run(trace, MultiTilePolicies.published("moca")));
        assertEquals(1 - m.slaSatisfactionRate(), m.value(Metric.VIOLATION_RATE), 0);
        // STP as Metric is per request (mean normalised progress), MoCA's sum divided by N.
        assertEquals(m.stp() / 50, m.value(Metric.STP), 1e-15);
        assertEquals(Double.NaN, m.value(Metric.P99_NORMALIZED_TURNAROUND));
    }

    @Test
    void fairnessIsTheWorstOverTheBestTenantsPriorityNormalisedProgress() {
        // Tenant 0: progress 0.5 and 1.0 at priority 1 -> PP 0.75; tenant 1: progress 0.9 at priority 3 -> PP 0.3;
        // tenant 2 has no request and is not a tenant of this trace. 0.3 / 0.75 = 0.4.
        double[] sums = {0.5 + 1.0, 0.9 / 3, 0};
        int[] counts = {2, 1, 0};
        assertEquals(0.4, TenantFairness.of(sums, counts, 3), 1e-12);
        assertEquals(1, TenantFairness.of(sums, counts, 1), 0, "one tenant is always fair");
    }

    @Test
    void aBadVectorFailsBeforeAnyRun() {
        double[] tooFewTiles = MultiTilePolicies.space("moca").defaults();
        tooFewTiles[0] = 100; // contention_threshold above its upper bound 4
        assertThrows(dev.cotenant.simulator.BadInputException.class, () -> MultiTileBatchEvaluator.Candidate.of("moca", tooFewTiles));
    }
}
