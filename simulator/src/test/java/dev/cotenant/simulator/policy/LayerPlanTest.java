package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LayerPlanTest {
    /**
     * docs/optimal.md's counterexample: Y (layers 1 s, 10 s) and X (one 10 s layer) at 0, Z (one
     * 1 s layer) at 1 s. Requests 0 = Y, 1 = X, 2 = Z.
     */
    static CompiledTrace counterexample() {
        List<LatencyTable> tables = new ArrayList<>();
        tables.add(dense("y", 1, 10));
        tables.add(dense("x", 10));
        tables.add(dense("z", 1));
        LatencyDirectory directory = new LatencyDirectory(tables);
        int[] model = {directory.modelId("y"), directory.modelId("x"), directory.modelId("z")};
        Trace trace = new Trace(new double[] {0, 0, 1}, model, new int[] {0, 0, 0}, new double[] {1, 1, 1},
                new double[] {100, 100, 1});
        return new CompiledTrace(new CompiledWorkload(directory), trace);
    }

    static LatencyTable dense(String name, double... layerSeconds) {
        return new LatencyTable(name, LatencyTable.Layout.EYERISS_V2, 1, layerSeconds.length, layerSeconds.clone(), new double[layerSeconds.length]);
    }

    @Test
    void replaysAnInterleavingNoFixedOrderCanExpress() {
        CompiledTrace trace = counterexample();
        // Y's first layer, Z, X, Y's second layer: finishes Z 2, X 12, Y 22.
        Outcome o = new TimeMultiplexedKernel().run(trace, new LayerPlan(trace, new int[] {0, 2, 1, 0}));
        assertEquals(22, o.finishSeconds(0), 1e-12);
        assertEquals(12, o.finishSeconds(1), 1e-12);
        assertEquals(2, o.finishSeconds(2), 1e-12);
        // Turnaround sum 22/11 + 12/10 + 1/1 = 4.2 (docs/optimal.md).
        double sum = 22 / 11.0 + 12 / 10.0 + (2 - 1) / 1.0;
        assertEquals(4.2, sum, 1e-12);
    }

    @Test
    void reproducesAFixedOrderRunLayerForLayer() {
        CompiledTrace trace = counterexample();
        List<Integer> steps = new ArrayList<>();
        Outcome fixed = new Outcome();
        new TimeMultiplexedKernel().run(trace, FixedOrder.ofSequence(new int[] {2, 0, 1}), fixed, (r, l, s, e) -> steps.add(r));
        // Order Z, Y, X: Y's first layer at 0, Z at 1 s, then Y above X (the family's best, 4.29).
        assertEquals(List.of(0, 2, 0, 1), steps);
        int[] plan = steps.stream().mapToInt(Integer::intValue).toArray();
        Outcome replay = new TimeMultiplexedKernel().run(trace, new LayerPlan(trace, plan));
        for (int r = 0; r < 3; r++) assertEquals(fixed.finishSeconds(r), replay.finishSeconds(r), 0.0);
        assertArrayEquals(plan, new LayerPlan(trace, plan).plan());
    }

    @Test
    void aPlanWhoseRequestHasNotArrivedRunsTheEarliestPlannedAdmittedLayer() {
        CompiledTrace trace = counterexample();
        // Z first is impossible at 0 (it arrives at 1): X, the next planned admitted, runs 0-10, then Z, then Y.
        Outcome o = new TimeMultiplexedKernel().run(trace, new LayerPlan(trace, new int[] {2, 1, 0, 0}));
        assertEquals(10, o.finishSeconds(1), 1e-12);
        assertEquals(11, o.finishSeconds(2), 1e-12);
        assertEquals(22, o.finishSeconds(0), 1e-12);
    }

    @Test
    void refusesAPlanThatDoesNotListEveryLayerOnce() {
        CompiledTrace trace = counterexample();
        assertThrows(BadInputException.class, () -> new LayerPlan(trace, new int[] {0, 1, 2}));
        assertThrows(BadInputException.class, () -> new LayerPlan(trace, new int[] {0, 1, 1, 2}));
    }
}
