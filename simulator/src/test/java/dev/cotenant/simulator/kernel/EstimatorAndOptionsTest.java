package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.Policy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cotenant.simulator.kernel.Fixtures.dense;
import static dev.cotenant.simulator.kernel.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EstimatorAndOptionsTest {
    private static final double EPS = 1e-9;

    /** Reads gamma of request 0 after each of its layers, through a scheduler that records it. */
    private static double[] gammaTrace(LatencyEstimator estimator, int sample) {
        // "m": 3 samples x 4 layers of 1 s. Mean density per layer 0.4, 0.5, 0.4, 0.4.
        // Sample 0 densities 0.8, 0.5, 0.2, 0.6 -> ratios 2, 1, 0.5, 1.5.
        LatencyDirectory dir = new LatencyDirectory(List.of(table("m",
                new double[][] {{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}},
                new double[][] {{0.2, 0.5, 0.8, 0.4}, {0.8, 0.5, 0.5, 0.7}, {0.8, 0.5, 0.5, 0.7}})));
        CompiledTrace trace = new Fixtures.TraceBuilder(dir).add("m", sample, 0, 1, 10).compile();
        double[] seen = new double[4];
        Scheduler probe = new Scheduler("probe", true, true) {
            @Override
            public int pick(DecisionState s) {
                seen[s.layersRun(s.requestAt(0))] = s.gamma(s.requestAt(0));
                return 0;
            }
        };
        new TimeMultiplexedKernel(KernelOptions.PUBLISHED.withEstimator(estimator).withLastLayers(2)).run(trace, probe);
        return seen;
    }

    @Test
    void monitorIsTheRunningMeanOfDensityRatios() {
        // ratios 2, 1, 0.5: gamma before layers 0..3 = 1, 2, 1.5, 3.5/3
        assertArrayEquals(new double[] {1, 2, 1.5, 3.5 / 3}, gammaTrace(LatencyEstimator.SPARSITY_MONITOR, 0), EPS);
    }

    @Test
    void lastLayerAndLastNUseOnlyRecentLayers() {
        assertArrayEquals(new double[] {1, 2, 1, 0.5}, gammaTrace(LatencyEstimator.LAST_LAYER, 0), EPS);
        // N = 2: mean of the last two ratios: 2, (2+1)/2, (1+0.5)/2
        assertArrayEquals(new double[] {1, 2, 1.5, 0.75}, gammaTrace(LatencyEstimator.LAST_N, 0), EPS);
    }

    @Test
    void regressionIsExactWhenLatencyIsLinearInTheRatio() {
        // Every layer takes 1 s in both samples, so real remaining / estimated remaining is 1
        // whatever the ratio: the fitted line is flat at 1.
        assertArrayEquals(new double[] {1, 1, 1, 1}, gammaTrace(LatencyEstimator.LINEAR_REGRESSION, 0), 1e-9);
    }

    @Test
    void switchCostIsPaidWhenTheRunningRequestChanges() {
        // SJF on big(2+2) at 0 and small(1) at 0.5: order 0 1 0 -> two switches of 0.1 s.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("big", 2, 2), dense("small", 1)));
        CompiledTrace trace = new Fixtures.TraceBuilder(dir).add("big", 0, 0, 1, 100).add("small", 0, 0.5, 1, 100).compile();
        Fixtures.Run run = Fixtures.run(trace, Policy.published("sjf"), KernelOptions.PUBLISHED.withSwitchCost(0.1));
        assertEquals("0 1 0", run.order());
        assertArrayEquals(new double[] {5.2, 3.1}, run.finishSeconds(), EPS);
        assertEquals(2, run.outcome().switches());
        assertEquals(5.2, run.outcome().busySeconds(), EPS);
    }

    @Test
    void metricsOfAHandWorkedRun() {
        // FCFS on big(4 s) at 0 (target 3, priority 9), small(1 s) at 0.5 (target 10, priority 1), small at 0.5 (target 5, priority 1).
        // Finishes 4, 5, 6. Late: r0 (4 > 3) and r2 (6 > 5.5) -> violation rate 2/3; priority 9: 1/1, priority 1: 1/2.
        // Normalised turnaround: 4/4, 4.5/1, 5.5/1 -> ANTT 11/3; sorted 1, 4.5, 5.5 -> p50 4.5, p99 4.5 + 0.98 * 1 = 5.48.
        // Throughput 3 / (6 - 0) = 0.5 per second.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("big", 2, 2), dense("small", 1)));
        CompiledTrace trace = new Fixtures.TraceBuilder(dir).add("big", 0, 0, 9, 3).add("small", 0, 0.5, 1, 10)
                .add("small", 0, 0.5, 1, 5).compile();
        RunMetrics m = RunMetrics.of(trace, new TimeMultiplexedKernel().run(trace, Policy.published("fcfs").newScheduler()));
        assertEquals(2.0 / 3, m.violationRate(), EPS);
        assertEquals(11.0 / 3, m.antt(), EPS);
        assertEquals(0.5, m.throughputInfPerSecond(), EPS);
        assertEquals(4.5, m.p50NormalizedTurnaround(), EPS);
        assertEquals(5.48, m.p99NormalizedTurnaround(), 1e-9);
        assertEquals(1.0, m.violationRateOfPriority(9), EPS);
        assertEquals(0.5, m.violationRateOfPriority(1), EPS);
    }
}
