package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties every schedule of the physical-clock kernel has, over seeded random workloads. */
class KernelInvariantsTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String scheduler : Schedulers.names()) {
            for (long seed = 1; seed <= 6; seed++) cases.add(Arguments.of(scheduler, seed));
        }
        return cases.stream();
    }

    /** 3 random models (2 of one architecture) and a trace whose load ranges from light to overloaded. */
    static CompiledTrace randomTrace(long seed, int requests) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LatencyTable> tables = new ArrayList<>();
        String[] names = {"a_one", "a_two", "b"};
        for (String name : names) {
            int layers = name.startsWith("a") ? 4 : 2 + random.nextInt(5);
            int samples = 1 + random.nextInt(4);
            double[] lat = new double[samples * layers];
            double[] sp = new double[samples * layers];
            for (int i = 0; i < lat.length; i++) {
                sp[i] = random.nextDouble(0, 0.9);
                lat[i] = random.nextDouble(0.001, 0.02) * (1 - sp[i]);
            }
            tables.add(new LatencyTable(name, LatencyTable.Layout.EYERISS_V2, samples, layers, lat, sp));
        }
        LatencyDirectory dir = new LatencyDirectory(tables);
        double ratePerSecond = random.nextDouble(5, 60);
        double[] arrival = new double[requests], priority = new double[requests], target = new double[requests];
        int[] model = new int[requests], sample = new int[requests];
        double t = 0;
        for (int r = 0; r < requests; r++) {
            // Some simultaneous arrivals on purpose: ties must be handled.
            t += random.nextInt(5) == 0 ? 0 : -Math.log(1 - random.nextDouble()) / ratePerSecond;
            arrival[r] = t;
            model[r] = random.nextInt(dir.modelCount());
            sample[r] = random.nextInt(dir.table(model[r]).sampleCount());
            priority[r] = new double[] {1, 3, 9}[random.nextInt(3)];
            target[r] = random.nextDouble(1, 20) * dir.architectureMeanEndToEndSeconds(model[r]);
        }
        return new CompiledTrace(new CompiledWorkload(dir), new Trace(arrival, model, sample, priority, target));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void physicalClockScheduleIsValid(String scheduler, long seed) {
        CompiledTrace trace = randomTrace(seed, 300);
        List<double[]> layers = new ArrayList<>(); // {request, layer, start, end}
        Outcome outcome = new Outcome();
        new TimeMultiplexedKernel().run(trace, Policy.published(scheduler).newScheduler(), outcome,
                (request, layer, start, end) -> layers.add(new double[] {request, layer, start, end}));

        int[] nextLayerOf = new int[trace.size()];
        double previousEnd = 0;
        for (double[] step : layers) {
            int r = (int) step[0];
            assertEquals(nextLayerOf[r]++, (int) step[1], "layers of a request run in order, each once");
            assertTrue(step[2] >= trace.arrivalSeconds(r), "no request runs before its arrival");
            assertTrue(step[2] >= previousEnd, "no two layers overlap");
            if (step[2] > previousEnd) {
                // An idle gap: every request that had arrived by its start must already be finished.
                for (int q = 0; q < trace.size() && trace.arrivalSeconds(q) <= previousEnd; q++) {
                    assertTrue(outcome.finishSeconds(q) <= previousEnd, "idle while request " + q + " was waiting");
                }
            }
            previousEnd = step[3];
        }
        double work = trace.totalWorkSeconds();
        assertEquals(work, outcome.busySeconds(), 1e-9 * work, "busy time equals total work");
        for (int r = 0; r < trace.size(); r++) {
            assertEquals(trace.layerCount(r), nextLayerOf[r], "every layer of every request ran");
            assertTrue(outcome.finishSeconds(r) >= trace.arrivalSeconds(r) + trace.realIsolatedSeconds(r) - 1e-12,
                    "finish >= arrival + realIsolated");
        }
        assertEquals(layers.size(), outcome.layerSteps());
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void sameSeedSameResultAndScratchReuseIsClean(String scheduler, long seed) {
        CompiledTrace trace = randomTrace(seed, 200);
        CompiledTrace other = randomTrace(seed + 100, 250);
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
        var instance = Policy.published(scheduler).newScheduler();
        double[] first = finishTimes(kernel.run(trace, instance), trace.size());
        kernel.run(other, instance); // dirty the kernel's and scheduler's scratch with a longer trace
        double[] again = finishTimes(kernel.run(trace, instance), trace.size());
        double[] fresh = finishTimes(new TimeMultiplexedKernel().run(randomTrace(seed, 200), Policy.published(scheduler).newScheduler()), 200);
        assertArrayEquals(first, again, 0);
        assertArrayEquals(first, fresh, 0);
    }

    @ParameterizedTest(name = "estimator {0}")
    @MethodSource("estimators")
    void everyEstimatorGivesAValidSchedule(LatencyEstimator estimator) {
        CompiledTrace trace = randomTrace(7, 300);
        Outcome outcome = new TimeMultiplexedKernel(KernelOptions.PUBLISHED.withEstimator(estimator))
                .run(trace, Policy.published("dysta").newScheduler());
        assertEquals(trace.totalWorkSeconds(), outcome.busySeconds(), 1e-9);
        assertTrue(IntStream.range(0, trace.size()).allMatch(r -> outcome.finishSeconds(r) > 0));
    }

    static Stream<LatencyEstimator> estimators() { return Arrays.stream(LatencyEstimator.values()); }

    private static double[] finishTimes(Outcome outcome, int n) {
        double[] f = new double[n];
        for (int r = 0; r < n; r++) f[r] = outcome.finishSeconds(r);
        return f;
    }
}
