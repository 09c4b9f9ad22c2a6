package dev.cotenant.search.optimal.certify;

import dev.cotenant.search.optimal.Instances;

import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.policy.LayerPlan;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertifyTest {
    private static final ScheduleObjective LEX = ScheduleObjective.LEXICOGRAPHIC;
    private static final CpSat CP = CpSat.DEFAULT.withDeterministicSeconds(5);

    /** One single-layer model per (seconds) value, each request its own model. */
    static CompiledTrace singleLayer(double[] arrival, double[] seconds, double[] deadline, double[] priority) {
        List<LatencyTable> tables = new ArrayList<>();
        for (int j = 0; j < seconds.length; j++) {
            tables.add(new LatencyTable("m" + (char) ('a' + j), LatencyTable.Layout.EYERISS_V2, 1, 1, new double[] {seconds[j]}, new double[1]));
        }
        LatencyDirectory directory = new LatencyDirectory(tables);
        int[] model = new int[seconds.length];
        double[] target = new double[seconds.length];
        for (int j = 0; j < seconds.length; j++) {
            model[j] = directory.modelId("m" + (char) ('a' + j));
            target[j] = deadline[j] - arrival[j];
        }
        return new CompiledTrace(new CompiledWorkload(directory), new Trace(arrival, model, new int[seconds.length], priority, target));
    }

    @Test
    void exactBoundChargesTheCheapestLateSetWhereTheWindowArgumentChargesTheCheapestPriority() {
        // Three 1 s requests at 0, deadline 1 s, priorities 9, 9, 1: only one fits, so two are late,
        // at least 9 + 1 = 10. The window bound charges a count at the set's smallest priority: the
        // two priority-9 requests alone overload [0, 1] by 1 s (one late, 9), all three by 2 s (two
        // late, 2 x 1): 9.
        CompiledTrace t = singleLayer(new double[] {0, 0, 0}, new double[] {1, 1, 1}, new double[] {1, 1, 1}, new double[] {9, 9, 1});
        PreemptiveMissBound.Result r = PreemptiveMissBound.of(t, CP);
        assertTrue(r.exact());
        assertEquals(10, r.weightedMisses(), 1e-9);
        assertEquals(9, dev.cotenant.search.optimal.RelaxationBoundAccess.windowBound(t), 1e-9);
    }

    @Test
    void exactBoundUsesReleaseDates() {
        // A: 0 s, 4 s of work, deadline 4; B: 1 s, 1 s of work, deadline 2, both priority 3; C: 5 s,
        // 1 s, deadline 7, priority 1. Window [0, 4] holds 5 s of work: one of A, B is late (3); C
        // fits alone in [5, 7]. Exact bound 3.
        CompiledTrace t = singleLayer(new double[] {0, 1, 5}, new double[] {4, 1, 1}, new double[] {4, 2, 7}, new double[] {3, 3, 1});
        PreemptiveMissBound.Result r = PreemptiveMissBound.of(t, CP);
        assertTrue(r.exact());
        assertEquals(3, r.weightedMisses(), 1e-9);
    }

    @Test
    void aRequestLateEvenAloneIsChargedWithoutAWindow() {
        // 2 s of work with a 1 s target, priority 3, and nothing else.
        CompiledTrace t = singleLayer(new double[] {0}, new double[] {2}, new double[] {1}, new double[] {3});
        assertEquals(3, PreemptiveMissBound.of(t, CP).weightedMisses(), 1e-9);
    }

    /**
     * On random small instances: the exact preemptive bound is at least the window bound, at most
     * every fixed order's misses (all 720 orders run by the kernel), CP-SAT's kernel-schedule bound
     * lies between the preemptive bound and the best order, and the certified optimiser's answer,
     * re-run by the kernel, is never below its certified bound and never worse than the best order.
     */
    @Test
    void boundsAreOrderedOnRandomInstances() {
        int strictlyAboveWindow = 0, proven = 0, needKernelModel = 0;
        for (long seed = 0; seed < 25; seed++) {
            CompiledTrace trace = small(seed, 6);
            double window = dev.cotenant.search.optimal.RelaxationBoundAccess.windowBound(trace);
            double exact = PreemptiveMissBound.of(trace, CP).weightedMisses();
            double bestOrder = bestOrderMisses(trace);
            assertTrue(exact >= window - 1e-9, "seed " + seed + ": exact " + exact + " window " + window);
            assertTrue(exact <= bestOrder + 1e-9, "seed " + seed + ": exact " + exact + " best order " + bestOrder);
            if (exact > window + 1e-9) strictlyAboveWindow++;

            OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace,
                    OfflineOptimizer.Settings.defaults(Duration.ofSeconds(5)).withCertify(CP), null);
            Cost rerun = LEX.cost(trace, new TimeMultiplexedKernel().run(trace, new LayerPlan(trace, s.layerPlan())));
            assertEquals(0, LEX.compare(rerun, s.cost()), "the layer plan reproduces the reported cost");
            assertTrue(s.cost().weightedMissedDeadlines() >= s.certifiedBound().weightedMissedDeadlines() - 1e-9, "seed " + seed);
            assertTrue(s.certifiedBound().weightedMissedDeadlines() >= exact - 1e-9, "seed " + seed);
            assertTrue(s.cost().weightedMissedDeadlines() <= bestOrder + 1e-9, "seed " + seed);
            for (OfflineOptimizer.PartReport p : s.parts()) if (p.certificate().contains("kernel schedules")) needKernelModel++;
            if (s.missesProven()) {
                proven++;
                // Every fixed order is a kernel schedule: a proven optimum is at most the best order.
                assertTrue(s.certifiedBound().weightedMissedDeadlines() <= bestOrder + 1e-9, "seed " + seed);
            }
        }
        if (Boolean.getBoolean("cotenant.test.verbose")) System.out.printf("certify: exact preemptive bound above the window bound on %d of 25; misses proven on %d of 25; "
                + "%d periods where idling beats every kernel schedule (proved on the kernel model)%n", strictlyAboveWindow, proven, needKernelModel);
        assertEquals(25, proven, "6-request instances are small enough for CP-SAT to prove");
    }

    @Test
    void sameAnswerTwice() {
        CompiledTrace trace = small(7, 8);
        OfflineOptimizer.Settings settings = OfflineOptimizer.Settings.defaults(Duration.ofSeconds(5)).withCertify(CP)
                .withScoreCalculationsPerRequest(200);
        OfflineOptimizer.Solution a = OfflineOptimizer.solve(trace, settings, null), b = OfflineOptimizer.solve(trace, settings, null);
        assertEquals(a.cost(), b.cost());
        assertEquals(a.certifiedBound(), b.certifiedBound());
        assertTrue(java.util.Arrays.equals(a.layerPlan(), b.layerPlan()));
    }

    static double bestOrderMisses(CompiledTrace trace) {
        int n = trace.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
        Outcome outcome = new Outcome();
        double best = Double.POSITIVE_INFINITY;
        do {
            kernel.run(trace, FixedOrder.ofSequence(order), outcome, null);
            best = Math.min(best, LEX.cost(trace, outcome).weightedMissedDeadlines());
        } while (Instances.nextPermutation(order));
        return best;
    }


    /** The optimiser tests' instances, busier (25 requests/s, load above 1) and with tighter targets (1.5-3.5x). */
    static CompiledTrace small(long seed, int requests) {
        return Instances.trace(seed, requests, 25, 1.5);
    }
}
