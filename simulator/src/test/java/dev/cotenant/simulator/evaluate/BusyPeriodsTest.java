package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusyPeriodsTest {
    private static final double TOLERANCE_SECONDS = 1e-9;

    /** One model, one sample, two layers of 0.5 s: every request carries 1 s of work. */
    private static CompiledTrace handTrace(double... arrivals) {
        LatencyDirectory dir = new LatencyDirectory(List.of(
                new LatencyTable("m", LatencyTable.Layout.EYERISS_V2, 1, 2, new double[] {0.5, 0.5}, new double[] {0, 0})));
        int n = arrivals.length;
        double[] priority = new double[n], target = new double[n];
        java.util.Arrays.fill(priority, 1);
        java.util.Arrays.fill(target, 5);
        return new CompiledTrace(new CompiledWorkload(dir), new Trace(arrivals, new int[n], new int[n], priority, target));
    }

    @Test
    void handWorkedTraceSplitsWhereTheAcceleratorMustIdle() {
        // Work 1 s each. Arrivals 0 and 0.5 keep it busy until 2; the one at 3 starts a new period
        // (busy until 4); the one at 4 arrives exactly as it goes idle and is admitted at once, so it
        // joins that period (busy until 5).
        BusyPeriods periods = BusyPeriods.of(handTrace(0, 0.5, 3, 4), KernelOptions.PUBLISHED);
        assertEquals(2, periods.count());
        assertEquals(0, periods.firstRequest(0));
        assertEquals(2, periods.size(0));
        assertEquals(2.0, periods.endSeconds(0), 0);
        assertEquals(2, periods.firstRequest(1));
        assertEquals(2, periods.size(1));
        assertEquals(3.0, periods.startSeconds(1), 0);
        assertEquals(5.0, periods.endSeconds(1), 0);
        assertEquals(1, periods.partOf(3));
        assertEquals(0, periods.partOf(1));
        assertEquals(2, periods.largestSize());
    }

    @Test
    void scheduleDependentSettingsAreRefused() {
        CompiledTrace t = handTrace(0, 1);
        assertThrows(IllegalArgumentException.class, () -> BusyPeriods.of(t, KernelOptions.PUBLISHED.withArtifactClock(true)));
        assertThrows(IllegalArgumentException.class, () -> BusyPeriods.of(t, KernelOptions.PUBLISHED.withSwitchCost(1e-3)));
    }

    static CompiledTrace randomTrace(long seed, int requests, double ratePerSecond) {
        LatencyDirectory dir = BatchEvaluatorTest.directory();
        return new CompiledTrace(new CompiledWorkload(dir), PoissonTraceGenerator.generate(dir, requests, ratePerSecond, 3, seed));
    }

    /** Runs the whole trace and every part alone under the same rule; the finish times must agree. */
    private static void assertPartsReproduceWholeRun(CompiledTrace trace, IntFunction<Scheduler> schedulerOfPart, Scheduler whole, BusyPeriods periods) {
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
        Outcome all = kernel.run(trace, whole);
        double busySum = 0;
        for (int p = 0; p < periods.count(); p++) {
            Outcome part = kernel.run(periods.part(p), schedulerOfPart.apply(p));
            busySum += part.busySeconds();
            for (int i = 0; i < periods.size(p); i++) {
                assertEquals(all.finishSeconds(periods.firstRequest(p) + i), part.finishSeconds(i), TOLERANCE_SECONDS,
                        whole.name() + ": request " + (periods.firstRequest(p) + i));
            }
            // a part ends exactly when its work is done: that is what makes it independent
            assertEquals(periods.endSeconds(p), part.finishSeconds(lastFinisher(part, periods.size(p))), TOLERANCE_SECONDS);
        }
        assertEquals(all.busySeconds(), busySum, TOLERANCE_SECONDS);
    }

    private static int lastFinisher(Outcome o, int n) {
        int last = 0;
        for (int i = 1; i < n; i++) if (o.finishSeconds(i) > o.finishSeconds(last)) last = i;
        return last;
    }

    @Test
    void everyPublishedSchedulerGivesTheSameFinishTimesPartByPartAsOnTheWholeTrace() {
        // At 12 requests/s with ~55 ms of work per request on average the load is about 0.66: many periods, some long.
        for (long seed = 0; seed < 4; seed++) {
            CompiledTrace trace = randomTrace(seed, 300, 12);
            BusyPeriods periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
            assertTrue(periods.count() > 5 && periods.largestSize() > 5, "want several non-trivial periods, got " + periods.count());
            for (String name : Schedulers.names()) {
                Policy policy = Policy.published(name);
                assertPartsReproduceWholeRun(trace, p -> policy.newScheduler(), policy.newScheduler(), periods);
            }
        }
    }

    @Test
    void randomFixedOrdersGiveTheSameFinishTimesPartByPartAsOnTheWholeTrace() {
        SplittableRandom random = new SplittableRandom(5);
        for (long seed = 0; seed < 4; seed++) {
            CompiledTrace trace = randomTrace(seed, 300, 12);
            BusyPeriods periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
            int[] global = shuffled(trace.size(), random);
            int[][] local = localSequences(periods, global);
            assertPartsReproduceWholeRun(trace, p -> FixedOrder.ofSequence(local[p]), FixedOrder.ofSequence(global), periods);
        }
    }

    @Test
    void periodsLinkedByADependencyAreMergedAndPartsKeepTheirDependencies() {
        // Work 1 s each at 0, 3, 6, 9: four periods. Request 2 (at 6) waits for request 1 (at 3): a
        // drop of 1 would cascade to 2, so their periods are one, [3, 8); 0 and 3 stay alone.
        double[] arrival = {0, 3, 6, 9};
        int n = arrival.length;
        double[] priority = {1, 1, 1, 1}, target = {5, 5, 5, 5};
        LatencyDirectory dir = new LatencyDirectory(List.of(
                new LatencyTable("m", LatencyTable.Layout.EYERISS_V2, 1, 2, new double[] {0.5, 0.5}, new double[] {0, 0})));
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(dir), new Trace(arrival, new int[n], new int[n], priority, target,
                null, new int[] {0, 0, 0, 1, 1}, new int[] {1}));
        BusyPeriods periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED.withDrop(DropRule.LATE));
        assertEquals(3, periods.count());
        assertEquals(1, periods.firstRequest(1));
        assertEquals(2, periods.size(1));
        assertEquals(7.0, periods.endSeconds(1), 0);
        assertEquals(10.0, periods.endSeconds(2), 0);
        CompiledTrace part = periods.part(1);
        assertEquals(1, part.trace().dependencyCount(1));
        assertEquals(0, part.trace().dependency(1, 0), "global 1 is the part's request 0");
        BusyPeriods whole = BusyPeriods.whole(trace, KernelOptions.PUBLISHED);
        assertEquals(1, whole.count());
        assertEquals(10.0, whole.endSeconds(0), 0);
    }

    /** A Poisson trace where each request waits, with probability 1/2, for one of the three before it. */
    static CompiledTrace randomChains(long seed, int requests, double ratePerSecond) {
        Trace p = randomTrace(seed, requests, ratePerSecond).trace();
        SplittableRandom random = new SplittableRandom(seed + 77);
        int n = p.size();
        double[] arrival = new double[n], priority = new double[n], target = new double[n];
        int[] model = new int[n], sample = new int[n], start = new int[n + 1];
        java.util.List<Integer> deps = new java.util.ArrayList<>();
        for (int r = 0; r < n; r++) {
            arrival[r] = p.arrivalSeconds(r);
            model[r] = p.modelId(r);
            sample[r] = p.sample(r);
            priority[r] = p.priority(r);
            target[r] = p.targetLatencySeconds(r);
            if (r > 0 && random.nextBoolean()) deps.add(r - 1 - random.nextInt(Math.min(r, 3)));
            start[r + 1] = deps.size();
        }
        return new CompiledTrace(randomTrace(seed, 1, ratePerSecond).workload(),
                new Trace(arrival, model, sample, priority, target, null, start, deps.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Test
    void withDependenciesAndEveryDropRulePartsReproduceTheWholeRun() {
        // The periods are computed without drops; drops only take work away, so no schedule crosses
        // their ends; linked periods are merged, so cascades stay inside a part. Finish (or drop)
        // times and drop flags per part equal the whole run's, for the published schedulers, the
        // deadline-driven ones and random fixed orders.
        SplittableRandom random = new SplittableRandom(11);
        int drops = 0;
        for (long seed = 0; seed < 3; seed++) {
            CompiledTrace trace = randomChains(seed, 300, 12);
            for (DropRule drop : DropRule.values()) {
                KernelOptions options = KernelOptions.PUBLISHED.withDrop(drop);
                BusyPeriods periods = BusyPeriods.of(trace, options);
                assertTrue(periods.count() > 5 && periods.largestSize() > 5, "want several non-trivial periods, got " + periods.count());
                TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(options);
                List<String> names = new java.util.ArrayList<>(Schedulers.names());
                names.addAll(List.of("edf", "least-laxity"));
                for (String name : names) {
                    Policy policy = Policy.published(name);
                    drops += assertRealtimePartsReproduce(kernel, trace, periods, p -> policy.newScheduler(), policy.newScheduler(), name);
                }
                int[] global = shuffled(trace.size(), random);
                int[][] local = localSequences(periods, global);
                drops += assertRealtimePartsReproduce(kernel, trace, periods, p -> FixedOrder.ofSequence(local[p]), FixedOrder.ofSequence(global), "random order");
            }
        }
        assertTrue(drops > 100, "drops exercised: " + drops);
    }

    private static int assertRealtimePartsReproduce(TimeMultiplexedKernel kernel, CompiledTrace trace, BusyPeriods periods,
                                                    IntFunction<Scheduler> schedulerOfPart, Scheduler whole, String name) {
        Outcome all = kernel.run(trace, whole);
        String at = name + " drop " + kernel.options().drop().cliName();
        for (int p = 0; p < periods.count(); p++) {
            Outcome part = kernel.run(periods.part(p), schedulerOfPart.apply(p));
            for (int i = 0; i < periods.size(p); i++) {
                int r = periods.firstRequest(p) + i;
                assertEquals(all.dropped(r), part.dropped(i), at + ": request " + r);
                assertEquals(all.finishSeconds(r), part.finishSeconds(i), TOLERANCE_SECONDS, at + ": request " + r);
            }
        }
        return all.droppedCount();
    }

    @Test
    void incrementalScoreEqualsTheWholeRunAndReRunsOnlyTheTouchedPart() {
        CompiledTrace trace = randomTrace(9, 300, 12);
        BusyPeriods periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
        // score = (sum of finish times, number of requests): additive over parts
        IncrementalScheduleEvaluator.PartScore sumOfFinish = new IncrementalScheduleEvaluator.PartScore() {
            public int dimensions() { return 2; }
            public void score(CompiledTrace part, Outcome o, double[] out) {
                out[0] = 0;
                for (int i = 0; i < part.size(); i++) out[0] += o.finishSeconds(i);
                out[1] = part.size();
            }
        };
        IncrementalScheduleEvaluator evaluator = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, sumOfFinish, 64);
        SplittableRandom random = new SplittableRandom(3);
        int[] global = shuffled(trace.size(), random);
        double[] whole = new double[2];
        sumOfFinish.score(trace, new TimeMultiplexedKernel().run(trace, FixedOrder.ofSequence(global)), whole);
        assertArrayEquals(whole, evaluator.score(global), 1e-6);
        assertEquals(periods.count(), evaluator.scoredOrders());

        // swap two requests of the largest part: one kernel run, on that part only
        int big = 0;
        for (int p = 0; p < periods.count(); p++) if (periods.size(p) > periods.size(big)) big = p;
        int a = indexOf(global, periods.firstRequest(big)), b = indexOf(global, periods.firstRequest(big) + 1);
        int tmp = global[a]; global[a] = global[b]; global[b] = tmp;
        sumOfFinish.score(trace, new TimeMultiplexedKernel().run(trace, FixedOrder.ofSequence(global)), whole);
        assertArrayEquals(whole, evaluator.score(global), 1e-6);
        assertEquals(periods.count() + 1, evaluator.scoredOrders());
        // undo: answered from the cache
        tmp = global[a]; global[a] = global[b]; global[b] = tmp;
        evaluator.score(global);
        assertEquals(periods.count() + 1, evaluator.scoredOrders());
        assertEquals(1, evaluator.cacheHits());
    }

    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        return order;
    }

    static int[][] localSequences(BusyPeriods periods, int[] global) {
        int[][] local = new int[periods.count()][];
        int[] fill = new int[periods.count()];
        for (int p = 0; p < periods.count(); p++) local[p] = new int[periods.size(p)];
        for (int r : global) {
            int p = periods.partOf(r);
            local[p][fill[p]++] = r - periods.firstRequest(p);
        }
        return local;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        throw new AssertionError(v);
    }
}
