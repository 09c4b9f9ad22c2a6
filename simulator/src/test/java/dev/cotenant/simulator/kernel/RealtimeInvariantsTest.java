package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PeriodicStream;
import dev.cotenant.simulator.trace.PeriodicTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.cotenant.simulator.kernel.Fixtures.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of release and dropping, checked on every layer of seeded periodic traces with chains
 * and triggers, for every scheduler and drop rule, at loads below and above capacity.
 */
class RealtimeInvariantsTest {
    /** Three chains' worth of models with random layer latencies: a (4 layers) -> b (2) -> c (3), d (5) alone. */
    private static LatencyDirectory directory(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LatencyTable> tables = new ArrayList<>();
        int[] layers = {4, 2, 3, 5};
        String[] names = {"a", "b", "c", "d"};
        for (int m = 0; m < 4; m++) {
            double[][] latency = new double[3][layers[m]];
            double[][] sparsity = new double[3][layers[m]];
            for (double[] row : latency) for (int l = 0; l < row.length; l++) row[l] = 0.0005 + random.nextDouble() * 0.002;
            for (double[] row : sparsity) for (int l = 0; l < row.length; l++) row[l] = random.nextDouble() * 0.6;
            tables.add(Fixtures.table(names[m], latency, sparsity));
        }
        return new LatencyDirectory(tables);
    }

    static Stream<Arguments> cases() {
        List<String> names = new ArrayList<>(Schedulers.names());
        names.addAll(List.of("edf", "edf-demote", "rate-monotonic", "least-laxity"));
        List<Arguments> out = new ArrayList<>();
        for (String name : names) for (DropRule rule : DropRule.values()) for (double scale : new double[] {0.5, 2}) out.add(Arguments.of(name, rule, scale));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} rate x{2}")
    @MethodSource("cases")
    void releaseAndDropRulesHoldOnEveryLayer(String scheduler, DropRule rule, double rateScale) {
        LatencyDirectory directory = directory(5);
        // a -> b (3 in 4 frames) -> c at 100 fps; d at 70 fps; jitter on both roots.
        List<PeriodicStream> streams = List.of(PeriodicStream.every("a", 100).withJitter(0.3), PeriodicStream.every("b", 100).after("a").triggered(0.75),
                PeriodicStream.every("c", 100).after("b"), PeriodicStream.every("d", 70).withPhase(0.001).withJitter(0.5).withDeadline(1.5));
        Trace generated = PeriodicTraceGenerator.generate(directory, streams, rateScale, 400, 17);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(directory), generated);
        KernelOptions options = KernelOptions.PUBLISHED.withDrop(rule);
        int n = trace.size();
        double[] firstStart = new double[n];
        Arrays.fill(firstStart, Double.NaN);
        double[] busy = {0};
        double[] lastEnd = {0};
        List<double[]> layers = new ArrayList<>();
        Outcome outcome = new Outcome();
        new TimeMultiplexedKernel(options).run(trace, Policy.published(scheduler).newScheduler(), outcome, (r, layer, start, end) -> {
            assertTrue(start >= lastEnd[0] - 1e-15, "layers do not overlap");
            lastEnd[0] = end;
            busy[0] += end - start;
            if (layer == 0) firstStart[r] = start;
            layers.add(new double[] {r, start});
        });
        assertEquals(busy[0], outcome.busySeconds(), 1e-12, "busy time is the layers run");
        int dropped = 0;
        for (int r = 0; r < n; r++) {
            if (outcome.dropped(r)) dropped++;
            for (int k = 0; k < generated.dependencyCount(r); k++) {
                int p = generated.dependency(r, k);
                if (outcome.dropped(p)) assertTrue(outcome.dropped(r), "a dependant of a dropped request is dropped");
                if (!Double.isNaN(firstStart[r])) {
                    assertTrue(!outcome.dropped(p) && firstStart[r] >= outcome.finishSeconds(p), "runs only after its predecessor finished");
                }
            }
            if (!Double.isNaN(firstStart[r])) assertTrue(firstStart[r] >= trace.arrivalSeconds(r), "runs only after its arrival");
        }
        assertEquals(dropped, outcome.droppedCount());
        if (rule == DropRule.NONE) assertEquals(0, dropped);
        // At twice the rates model a alone asks 200 fps x ~6 ms > 1: some frame must be dropped.
        if (rule != DropRule.NONE && rateScale > 1) assertTrue(dropped > 0, "overload drops frames");
        for (double[] l : layers) {
            int r = (int) l[0];
            double start = l[1];
            if (rule == DropRule.LATE) assertTrue(start <= trace.deadlineSeconds(r), "no layer starts after its request's deadline");
            if (rule == DropRule.SUPERSEDED) {
                for (int q = r + 1; q < n && trace.arrivalSeconds(q) <= start; q++) {
                    assertTrue(generated.modelId(q) != generated.modelId(r) || trace.arrivalSeconds(q) == trace.arrivalSeconds(r),
                            "no layer runs once a newer frame of its stream has arrived");
                }
            }
        }
        // Deterministic: the same run again gives the same finishes and drops.
        Outcome again = new TimeMultiplexedKernel(options).run(trace, Policy.published(scheduler).newScheduler());
        double[] a = new double[n], b = new double[n];
        for (int r = 0; r < n; r++) {
            a[r] = outcome.finishSeconds(r);
            b[r] = again.finishSeconds(r);
        }
        assertArrayEquals(a, b, 0);
        assertEquals(outcome.droppedCount(), again.droppedCount());
    }
}
