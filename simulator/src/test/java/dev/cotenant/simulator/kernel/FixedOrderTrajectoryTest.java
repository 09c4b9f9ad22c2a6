package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedOrderTrajectoryTest {
    /** Finish times after a rejoin are the remembered run's, off by rounding of reordered sums. */
    private static final double TOLERANCE_SECONDS = 1e-8;

    /** One model, one sample, layers of 1 s, 1 s, 1 s: every request carries 3 s of work. */
    private static CompiledTrace handTrace(double... arrivals) {
        LatencyDirectory dir = new LatencyDirectory(List.of(
                new LatencyTable("m", LatencyTable.Layout.EYERISS_V2, 1, 3, new double[] {1, 1, 1}, new double[] {0, 0, 0})));
        int n = arrivals.length;
        double[] priority = new double[n], target = new double[n];
        java.util.Arrays.fill(priority, 1);
        java.util.Arrays.fill(target, 100);
        return new CompiledTrace(new CompiledWorkload(dir), new Trace(arrivals, new int[n], new int[n], priority, target));
    }

    @Test
    void handWorkedSwapRerunsOnlyWhileTheSwappedRequestsWait() {
        // Arrivals 0, 0, 10, 10. Order 0,1,2,3: request 0 runs 0-3, 1 runs 3-6, idle, 2 runs 10-13,
        // 3 runs 13-16 (12 layers). Swapping 2 and 3 (order 0,1,3,2) cannot touch the first six
        // layers, but the re-run starts at the last checkpoint before request 2's admission, which
        // is checkpoint 0 (one every 16 steps): all four requests are re-run, 0 and 1 finish as
        // before, 3 now at 13 and 2 at 16.
        FixedOrderTrajectory t = new FixedOrderTrajectory(handTrace(0, 0, 10, 10), new int[] {0, 1, 2, 3});
        assertEquals(12, t.steps());
        assertEquals(6, t.finishSeconds(1), 0);
        assertEquals(16, t.finishSeconds(3), 0);
        assertTrue(t.evaluate(new int[] {0, 1, 3, 2}), "no rejoin before the end, so the run is remembered");
        assertEquals(4, t.changedCount());
        assertEquals(6, t.changedFinishSeconds(1), 0);
        assertEquals(3, t.changedRequest(2));
        assertEquals(13, t.changedFinishSeconds(2), 0);
        assertEquals(2, t.changedRequest(3));
        assertEquals(16, t.changedFinishSeconds(3), 0);
        // checkpoint 0 is the only one before step 6 (every 16 steps), so all 12 layers were run
        assertEquals(12, t.stepsSimulated());
        // the same order again: nothing changed, nothing simulated
        assertFalse(t.evaluate(new int[] {0, 1, 3, 2}));
        assertEquals(0, t.changedCount());
        assertEquals(12, t.stepsSimulated());
    }

    @Test
    void swapOfRequestsThatNeverWaitTogetherRejoinsAtOnce() {
        // Arrivals 0 and 0.5 (period 1), 10 and 10.5 (period 2). Swapping 0 and 1 changes period
        // 1 only: the re-run starts at step 0 and rejoins once both have finished (step 6), so
        // period 2's finish times are the remembered ones and only 6 layers were simulated.
        FixedOrderTrajectory t = new FixedOrderTrajectory(handTrace(0, 0.5, 10, 10.5), new int[] {0, 1, 2, 3});
        assertFalse(t.evaluate(new int[] {1, 0, 2, 3}));
        assertEquals(1, t.rejoins());
        assertEquals(6, t.stepsSimulated());
        assertEquals(2, t.changedCount());
        // 0 runs its first layer 0-1 (1 not yet there), then 1 preempts: 1 runs 1-4, 0 finishes at 6
        assertEquals(1, t.changedRequest(0));
        assertEquals(4, t.changedFinishSeconds(0), 0);
        assertEquals(0, t.changedRequest(1));
        assertEquals(6, t.changedFinishSeconds(1), 0);
        assertEquals(16, t.finishSeconds(3), 0);
    }

    @Test
    void swapOfRequestsThatNeverWaitTogetherSimulatesNothing() {
        // Request 0 runs 0-3 and 1 runs 10-13: whatever their order, neither ever waits for the
        // other, so swapping them changes no decision and no layer is simulated.
        FixedOrderTrajectory t = new FixedOrderTrajectory(handTrace(0, 10), new int[] {0, 1});
        assertFalse(t.evaluate(new int[] {1, 0}));
        assertEquals(0, t.changedCount());
        assertEquals(0, t.stepsSimulated());
        t.adopt(new int[] {1, 0});
        assertArrayEquals(new int[] {1, 0}, t.sequence());
        assertEquals(13, t.finishSeconds(1), 0);
    }

    /** Random orders and random swap, change and sub-list moves on a loaded trace: the kernel is the reference. */
    @Test
    void everyMoveGivesTheKernelsFinishTimes() {
        LatencyDirectory dir = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(dir), PoissonTraceGenerator.generate(dir, 120, 9, 10, 7));
        int n = trace.size();
        SplittableRandom random = new SplittableRandom(3);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        FixedOrderTrajectory trajectory = new FixedOrderTrajectory(trace, order);
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
        Outcome outcome = new Outcome();
        double[] before = new double[n];
        long fullSteps = 0;
        int moves = 400;
        for (int m = 0; m < moves; m++) {
            int[] candidate = order.clone();
            int i = random.nextInt(n), j = random.nextInt(n);
            switch (m % 3) {
                case 0 -> { int a = candidate[i]; candidate[i] = candidate[j]; candidate[j] = a; }
                case 1 -> { // move one request from i to j
                    int x = candidate[i];
                    if (i < j) System.arraycopy(candidate, i + 1, candidate, i, j - i);
                    else System.arraycopy(candidate, j, candidate, j + 1, i - j);
                    candidate[j] = x;
                }
                default -> { // reverse a sub-list
                    for (int a = Math.min(i, j), b = Math.max(i, j); a < b; a++, b--) { int x = candidate[a]; candidate[a] = candidate[b]; candidate[b] = x; }
                }
            }
            for (int r = 0; r < n; r++) before[r] = trajectory.finishSeconds(r);
            trajectory.evaluate(candidate);
            double[] got = before.clone();
            for (int c = 0; c < trajectory.changedCount(); c++) got[trajectory.changedRequest(c)] = trajectory.changedFinishSeconds(c);
            kernel.run(trace, FixedOrder.ofSequence(candidate), outcome, null);
            fullSteps += outcome.layerSteps();
            for (int r = 0; r < n; r++) assertEquals(outcome.finishSeconds(r), got[r], TOLERANCE_SECONDS, "move " + m + ", request " + r);
            if (random.nextInt(4) == 0) { // the search moves on now and then
                order = candidate;
                if (m % 2 == 0) trajectory.adopt(order); // the last order evaluated: spliced in
            }
            if (m % 7 == 0) trajectory.adopt(order); // possibly not the last one evaluated: evaluated, then spliced
            for (int r = 0; r < n; r++) before[r] = trajectory.finishSeconds(r);
            kernel.run(trace, FixedOrder.ofSequence(trajectory.sequence()), outcome, null);
            for (int r = 0; r < n; r++) assertEquals(outcome.finishSeconds(r), before[r], TOLERANCE_SECONDS, "remembered run after move " + m);
        }
        assertTrue(trajectory.rejoins() > 0, "some moves rejoin the remembered run");
        // moves here reach across the whole 120-request trace, so they re-run much of it; the
        // optimiser's moves stay in one busy period (MoveEvaluationBenchmark measures those)
        assertTrue(trajectory.stepsSimulated() < fullSteps * 0.7,
                "incremental runs simulate " + trajectory.stepsSimulated() + " layers, full runs " + fullSteps);
    }

    /** A long walk of adopted swaps, past several from-scratch refreshes: the remembered run stays the kernel's. */
    @Test
    void adoptedWalkStaysTheKernelsRunAcrossRefreshes() {
        LatencyDirectory dir = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(dir), PoissonTraceGenerator.generate(dir, 40, 9, 10, 11));
        int n = trace.size();
        SplittableRandom random = new SplittableRandom(5);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = n - 1 - i;
        FixedOrderTrajectory trajectory = new FixedOrderTrajectory(trace, order);
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
        Outcome outcome = new Outcome();
        for (int m = 0; m < 3 * FixedOrderTrajectory.SPLICES_PER_REFRESH; m++) {
            int i = random.nextInt(n), j = random.nextInt(n);
            int a = order[i];
            order[i] = order[j];
            order[j] = a;
            trajectory.evaluate(order);
            trajectory.adopt(order);
        }
        kernel.run(trace, FixedOrder.ofSequence(order), outcome, null);
        for (int r = 0; r < n; r++) assertEquals(outcome.finishSeconds(r), trajectory.finishSeconds(r), TOLERANCE_SECONDS, "request " + r);
    }
}
