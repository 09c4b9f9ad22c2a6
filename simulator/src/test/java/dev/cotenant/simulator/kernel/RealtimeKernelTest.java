package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.metrics.ModelMetrics;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.trace.PeriodicStream;
import dev.cotenant.simulator.trace.PeriodicTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cotenant.simulator.kernel.Fixtures.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Periodic traces, dependencies and drops worked out by hand; the comments carry the schedules. */
class RealtimeKernelTest {
    private static final double EPS = 1e-12;

    /** Rows {arrival, model, target, frame, predecessor or -1}; sample 0, priority 1. */
    private static CompiledTrace trace(LatencyDirectory directory, double[][] rows) {
        int n = rows.length;
        double[] arrival = new double[n], priority = new double[n], target = new double[n];
        int[] model = new int[n], sample = new int[n], frame = new int[n], start = new int[n + 1];
        int[] deps = new int[n];
        int edges = 0;
        for (int i = 0; i < n; i++) {
            arrival[i] = rows[i][0];
            model[i] = (int) rows[i][1];
            target[i] = rows[i][2];
            frame[i] = (int) rows[i][3];
            priority[i] = 1;
            if (rows[i][4] >= 0) deps[edges++] = (int) rows[i][4];
            start[i + 1] = edges;
        }
        return new CompiledTrace(new CompiledWorkload(directory),
                new Trace(arrival, model, sample, priority, target, frame, start, java.util.Arrays.copyOf(deps, edges)));
    }

    // ------------------------------------------------------------------ EDF vs RM, Buttazzo's textbook pair

    /**
     * The classic pair of Buttazzo, Hard Real-Time Computing Systems, ch. 4: tau1 = (C 2, T 5),
     * tau2 = (C 4, T 7), deadlines at the next period, utilisation 2/5 + 4/7 = 0.97 (above the
     * Liu-Layland bound 0.83 for two tasks). Layers of 1 s, so preemption at layer boundaries is
     * preemption at every integer time. Over the hyperperiod 35: tau1 arrives at 0, 5, ..., 30 and
     * tau2 at 0, 7, ..., 28. Requests sorted by arrival, tau1 first at 0:
     * 0:t1@0 1:t2@0 2:t1@5 3:t2@7 4:t1@10 5:t2@14 6:t1@15 7:t1@20 8:t2@21 9:t1@25 10:t2@28 11:t1@30.
     */
    private static CompiledTrace buttazzo() {
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("tau1", 1, 1), dense("tau2", 1, 1, 1, 1)));
        Trace generated = PeriodicTraceGenerator.generate(dir,
                List.of(PeriodicStream.every("tau1", 1 / 5.0), PeriodicStream.every("tau2", 1 / 7.0)), 1, 12, 1);
        double[] expectedArrivals = {0, 0, 5, 7, 10, 14, 15, 20, 21, 25, 28, 30};
        for (int r = 0; r < 12; r++) assertEquals(expectedArrivals[r], generated.arrivalSeconds(r), 1e-9, "arrival of request " + r);
        return new CompiledTrace(new CompiledWorkload(dir), generated);
    }

    @Test
    void rateMonotonicMissesTheSecondTasksFirstJobAndEdfMissesNothing() {
        CompiledTrace trace = buttazzo();
        // RM: tau1 (rate 6/30 = 0.2) always beats tau2 (4/28 = 0.14). tau1 runs [0,2] [5,7] [10,12]
        // [15,17] [20,22] [25,27] [30,32]; tau2 fills the rest: job 0 runs 2-5 and 7-8, finishing at 8 > 7
        // (the textbook miss); jobs 1-4 finish at 14 (= deadline 14, met), 20, 28 and 34.
        Fixtures.Run rm = Fixtures.run(trace, Policy.published("rate-monotonic"), KernelOptions.PUBLISHED);
        assertArrayEquals(new double[] {2, 8, 7, 14, 12, 20, 17, 22, 28, 27, 34, 32}, rm.finishSeconds(), EPS);
        RunMetrics rmMetrics = RunMetrics.of(trace, rm.outcome());
        assertEquals(1 / 12.0, rmMetrics.get(Metric.VIOLATION_RATE), EPS);
        assertEquals(1 / 5.0, rmMetrics.get(Metric.WORST_MODEL_MISS_RATE), EPS); // one of tau2's five jobs
        // EDF: at 5, tau1's job (deadline 10) does not preempt tau2's (7), which finishes at 6; at 30
        // the deadlines of tau2's job 4 and tau1's job 6 tie at 35 and the first admitted (tau2) keeps
        // running. Finishes: tau1 2, 8, 14, 17, 22, 28, 34; tau2 6, 12, 20, 26, 32: no miss.
        Fixtures.Run edf = Fixtures.run(trace, Policy.published("edf"), KernelOptions.PUBLISHED);
        assertArrayEquals(new double[] {2, 6, 8, 12, 14, 20, 17, 22, 26, 28, 32, 34}, edf.finishSeconds(), EPS);
        assertEquals(0, RunMetrics.of(trace, edf.outcome()).get(Metric.VIOLATION_RATE), EPS);
    }

    @Test
    void edfDemoteLetsAHopelessRequestWaitAndGraceDelaysTheDemotion() {
        // A: 2 layers of 1 s, deadline 1; B: one 1 s layer, deadline 2.5; both at 0; no drops.
        // EDF: A 0-2 (late), B 2-3 (late: 2 misses). edf-demote: A 0-1; at t = 1 A's slack is 0, so
        // it is demoted; B 1-2 (on time), A 2-3 (late: 1 miss). With grace 1 A is demoted only once
        // its slack reaches -1 (its relative deadline), which is after it finishes: as EDF.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("a", 1, 1), dense("b", 1)));
        CompiledTrace trace = trace(dir, new double[][] {{0, 0, 1, 0, -1}, {0, 1, 2.5, 0, -1}});
        assertEquals("0 0 1", Fixtures.run(trace, "edf").order());
        assertEquals("0 1 0", Fixtures.run(trace, "edf-demote").order());
        assertEquals("0 0 1", Fixtures.run(trace, Policy.withOverrides("edf-demote", java.util.Map.of("grace", 1.0)),
                KernelOptions.PUBLISHED).order());
    }

    @Test
    void leastLaxityRunsTheLongJobUntilTheShortOnesLaxityIsSmaller() {
        // A: 9 layers of 1 s, deadline 10 (laxity 1); B: one 1 s layer, deadline 5 (laxity 4).
        // EDF runs B first. LLF: A's laxity stays 1 while it runs; B's falls by 1 a second: at t = 3
        // they tie (A, admitted first, runs), at t = 4 B's is 0 < 1: B 4-5 (deadline 5, met), A 5-10.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("a", 1, 1, 1, 1, 1, 1, 1, 1, 1), dense("b", 1)));
        CompiledTrace trace = trace(dir, new double[][] {{0, 0, 10, 0, -1}, {0, 1, 5, 0, -1}});
        Fixtures.Run llf = Fixtures.run(trace, Policy.published("least-laxity"), KernelOptions.PUBLISHED);
        assertEquals("0 0 0 0 1 0 0 0 0 0", llf.order());
        assertArrayEquals(new double[] {10, 5}, llf.finishSeconds(), EPS);
        assertEquals("1 0 0 0 0 0 0 0 0 0", Fixtures.run(trace, "edf").order());
    }

    // ------------------------------------------------------------------ chains

    @Test
    void aDependantIsReleasedWhenItsPredecessorFinishes() {
        // A: 2 layers of 1 s; B (1 s) waits for A in frame 0; C: one 3 s layer. All arrive at 0.
        // SJF without the dependency would run B first (1 s). With it, B is released at 2 when A
        // finishes: t 0-2 A (2 < C's 3), then B (1) before C (3): B 2-3, C 3-6.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("a", 1, 1), dense("b", 1), dense("c", 3)));
        CompiledTrace chained = trace(dir, new double[][] {{0, 0, 10, 0, -1}, {0, 1, 10, 0, 0}, {0, 2, 10, 0, -1}});
        Fixtures.Run run = Fixtures.run(chained, "sjf");
        assertEquals("0 0 1 2", run.order());
        assertArrayEquals(new double[] {2, 3, 6}, run.finishSeconds(), EPS);
        assertEquals(2, run.outcome().admittedSeconds(1), EPS);
        CompiledTrace free = trace(dir, new double[][] {{0, 0, 10, 0, -1}, {0, 1, 10, 0, -1}, {0, 2, 10, 0, -1}});
        assertEquals("1 0 0 2", Fixtures.run(free, "sjf").order());
    }

    // ------------------------------------------------------------------ drops

    @Test
    void aLateDropCascadesToDependants() {
        // A: 3 layers of 1 s, deadline 1.5; B waits for A; C independent, 1 s, deadline 10. FCFS:
        // A runs 0-1 and 1-2; at the decision at t = 2 A's deadline has passed: A is dropped, and B with
        // it (never admitted); C runs 2-3. Misses: A and B (2 of 3); both dropped.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("a", 1, 1, 1), dense("b", 1), dense("c", 1)));
        CompiledTrace trace = trace(dir, new double[][] {{0, 0, 1.5, 0, -1}, {0, 1, 10, 0, 0}, {0, 2, 10, 0, -1}});
        Fixtures.Run run = Fixtures.run(trace, Policy.published("fcfs"), KernelOptions.PUBLISHED.withDrop(DropRule.LATE));
        assertEquals("0 0 2", run.order());
        assertTrue(run.outcome().dropped(0));
        assertTrue(run.outcome().dropped(1));
        assertFalse(run.outcome().dropped(2));
        assertEquals(2, run.outcome().droppedCount());
        assertEquals(3, run.finishSeconds()[2], EPS);
        RunMetrics m = RunMetrics.of(trace, run.outcome());
        assertEquals(2 / 3.0, m.get(Metric.DROP_RATE), EPS);
        assertEquals(2 / 3.0, m.get(Metric.VIOLATION_RATE), EPS);
        assertEquals(1, m.get(Metric.WORST_MODEL_MISS_RATE), EPS);
        // Without the rule every request finishes: A at 3 (late); B is admitted on its release at 3,
        // behind C (admitted at 0), so FCFS, which runs the first admitted, gives C 3-4 and B 4-5.
        Fixtures.Run kept = Fixtures.run(trace, "fcfs");
        assertArrayEquals(new double[] {3, 5, 4}, kept.finishSeconds(), EPS);
        assertEquals(0, kept.outcome().droppedCount());
    }

    @Test
    void aNewerFrameSupersedesTheRunningOneAndItsDependants() {
        // Stream A: frames at 0 and 1.5, 3 layers of 1 s; B waits for A's frame 0. FCFS with
        // SUPERSEDED: A0 runs 0-1, 1-2; at t = 2 A1 (arrived 1.5) is admitted and drops A0 and B;
        // A1 runs 2-5.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("a", 1, 1, 1), dense("b", 1)));
        CompiledTrace trace = trace(dir, new double[][] {{0, 0, 10, 0, -1}, {0, 1, 10, 0, 0}, {1.5, 0, 10, 1, -1}});
        Fixtures.Run run = Fixtures.run(trace, Policy.published("fcfs"), KernelOptions.PUBLISHED.withDrop(DropRule.SUPERSEDED));
        assertEquals("0 0 2 2 2", run.order());
        assertTrue(run.outcome().dropped(0));
        assertTrue(run.outcome().dropped(1));
        assertEquals(5, run.finishSeconds()[2], EPS);
    }

    // ------------------------------------------------------------------ XRBench score

    @Test
    void xrScoreOfAWorkedExample() {
        // X, Y: one 1 s layer each. FCFS with the late rule:
        //   X0 @0, deadline 1.001 -> finishes 1, 1 ms early: 1/(1+e^-15) = 0.999999694097773
        //   X1 @1, deadline 2     -> finishes 2, on the deadline:      1/(1+e^0) = 0.5
        //   Y0 @2, deadline 3.01  -> finishes 3, 10 ms early:          1/(1+e^-150) = 1 (to 1e-65)
        //   Y1 @2.5, deadline 2.7 -> admitted at 3, past its deadline: dropped
        // X: (0.999999694097773 + 0.5) / 2 = 0.7499998470488865; Y: 1 x (1 - 1/2) = 0.5.
        // Score: 100 x (0.7499998470488865 + 0.5) / 2 = 62.49999235244433.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("x", 1), dense("y", 1)));
        CompiledTrace trace = trace(dir, new double[][] {{0, 0, 1.001, 0, -1}, {1, 0, 1, 1, -1}, {2, 1, 1.01, 0, -1}, {2.5, 1, 0.2, 1, -1}});
        Fixtures.Run run = Fixtures.run(trace, Policy.published("fcfs"), KernelOptions.PUBLISHED.withDrop(DropRule.LATE));
        RunMetrics m = RunMetrics.of(trace, run.outcome());
        assertEquals(62.49999235244433, m.get(Metric.XR_SCORE), 1e-9);
        assertEquals(0.25, m.get(Metric.DROP_RATE), EPS);
        assertEquals(0.25, m.get(Metric.VIOLATION_RATE), EPS); // X1 finishing on its deadline meets it
        assertEquals(0.5, m.get(Metric.WORST_MODEL_MISS_RATE), EPS);
        assertEquals(0.999999694097773, MetricCalculator.xrFrameScore(-0.001), 1e-15);
        List<ModelMetrics> models = ModelMetrics.of(trace, run.outcome());
        assertEquals(0.7499998470488865, models.get(0).xrScore(), 1e-9);
        assertEquals(0.5, models.get(1).dropRate(), EPS);
        assertEquals(1.0, models.get(1).p50LatencySeconds(), EPS); // Y0: 2 -> 3
    }
}
