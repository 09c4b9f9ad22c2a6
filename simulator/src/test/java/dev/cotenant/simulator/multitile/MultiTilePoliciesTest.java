package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import dev.cotenant.simulator.multitile.MocaWorkloads.WorkloadSet;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import static dev.cotenant.simulator.multitile.MultiTileKernelTest.DENSE_ONE_LAYER;
import static dev.cotenant.simulator.multitile.MultiTileKernelTest.EPS;
import static dev.cotenant.simulator.multitile.MultiTileKernelTest.flat;
import static dev.cotenant.simulator.multitile.MultiTileKernelTest.hardware;
import static org.junit.jupiter.api.Assertions.*;

class MultiTilePoliciesTest {
    static List<String> policies() { return MultiTilePolicies.names(); }

    /** Conservation and bounds that hold for any policy, on MoCA's mixed set, dense and sparse. */
    @ParameterizedTest
    @MethodSource("policies")
    void everyPolicyConservesWorkAndBytes(String name) {
        MultiTileHardware hw = MultiTileHardware.moca();
        Scenario mixed = MocaWorkloads.scenario(WorkloadSet.MIXED, Scenarios.QoS.MEDIUM);
        for (MultiTileWorkload w : List.of(MocaWorkloads.dense(hw, mixed), MocaWorkloads.sparse(hw, mixed, 4, 3))) {
            MultiTileTrace trace = MocaWorkloads.trace(w, mixed, 80, 7);
            MultiTileOutcome out = new MultiTileKernel().run(trace, MultiTilePolicies.published(name));
            assertEquals(trace.totalLayers(), out.layersRun(), "every layer of every request runs once");
            assertEquals(out.bytesOfLayersRun(), out.bytesMoved(), 1e-9 * out.bytesOfLayersRun(), "bytes integrated from rates = bytes of the layers");
            double lastFinish = 0;
            for (int r = 0; r < trace.size(); r++) {
                // Alone on all tiles with the whole bus is a lower bound: C(k) and M(k) do not grow with k.
                assertTrue(out.finishSeconds(r) - trace.arrivalSeconds(r) >= trace.isolatedSeconds(r) * (1 - 1e-9), name + " request " + r);
                assertTrue(out.firstStartSeconds(r) >= trace.arrivalSeconds(r));
                lastFinish = Math.max(lastFinish, out.finishSeconds(r));
            }
            assertTrue(out.busyTileSeconds() <= hw.tiles() * (lastFinish - trace.arrivalSeconds(0)) * (1 + 1e-9), "never more than T tiles held");
        }
    }

    @Test
    void kernelAllocatesNothingPerEvent() {
        Scenario mixed = MocaWorkloads.scenario(WorkloadSet.MIXED, Scenarios.QoS.MEDIUM);
        MultiTileTrace trace = MocaWorkloads.trace(MocaWorkloads.dense(MultiTileHardware.moca(), mixed), mixed, 200, 1);
        MultiTileKernel kernel = new MultiTileKernel();
        MultiTileOutcome out = new MultiTileOutcome();
        MultiTilePolicy policy = MultiTilePolicies.published("moca");
        for (int i = 0; i < 3; i++) kernel.run(trace, policy, out); // grow scratch, warm up
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        kernel.run(trace, policy, out);
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertTrue(out.events() > 5000);
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes over " + out.events() + " events");
    }

    /**
     * T = 2, B = 100 B/s. H (priority 3): one layer C = 1 s, M = 150 B, target 2 s. L (priority 1):
     * C = 1 s, M = 300 B, target 100 s. One tile each. Unregulated, both ask 100 and get 50: H takes
     * 150 / 50 = 3 s and misses. MoCA sees demand 200 > B; H is at risk (predicted 3 s > slack 2 s,
     * compute 1 s fits) and needs 150 / 2 = 75 B/s, 25 more than its share; L is memory-heavy and
     * scores lower, so it is capped at 50 - 25 = 25 B/s (threshold 25600 one-byte requests per
     * 1024-cycle window at 1 Hz). H gets the other 75 and ends at 150 / 75 = 2 s, on target. L then
     * runs alone, uncapped: it moved 50 B, 250 B left at 100 B/s, ends at 4.5 s, as without MoCA
     * (the bus is work-conserving either way: 450 B / 100 B/s).
     */
    @Test
    void mocaThrottlesTheLowScoringHeavyTenantJustEnoughForTheAtRiskOne() {
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2))
                .add("h", flat(2, 1), flat(2, 150), DENSE_ONE_LAYER)
                .add("l", flat(2, 1), flat(2, 300), DENSE_ONE_LAYER).build();
        MultiTileTrace trace = new MultiTileTrace(w, new double[2], new int[] {0, 1}, new int[2], new double[] {3, 1}, new double[] {2, 100});
        MultiTileOutcome moca = new MultiTileKernel().run(trace,
                MultiTilePolicies.withOverrides("moca", Map.of("default_tiles", 1.0, "max_tiles", 1.0)));
        assertEquals(2.0, moca.finishSeconds(0), EPS);
        assertEquals(4.5, moca.finishSeconds(1), EPS);
        assertEquals(2, moca.regulatorChanges(), "cap L at t = 0, open it at t = 2");

        MultiTileOutcome fixed = new MultiTileKernel().run(trace, MultiTilePolicies.withOverrides("static-partition", Map.of("partitions", 2.0)));
        assertEquals(3.0, fixed.finishSeconds(0), EPS);
        assertEquals(4.5, fixed.finishSeconds(1), EPS);
    }

    @Test
    void premaTimeMultiplexesTheWholeAcceleratorAndPreemptsAtLayerBoundaries() {
        // T = 2, compute-only layers (M = 0) so the bus plays no part. Long: 3 layers of 1 s, priority 1;
        // short: 1 layer of 1 s, priority 9, arriving at 0.5 s (mid-layer: no decision then). At 1 s, long's
        // first boundary: long's token, set to 1 at t = 0, grows by 1 x idle 0 / 3 = 0; short's is set to 9.
        // The largest token already held is 1, so the threshold is 1; both qualify and the smaller remaining
        // estimate (short: 1 s against long's 2 s) runs: short 1-2 s, then long 2-4 s, one preemption.
        double[][] layer = {{1, 1}};
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2))
                .add("long", new double[][] {{1, 1}, {1, 1}, {1, 1}}, new double[3][2], new double[][] {{1, 1, 1}})
                .add("short", layer, new double[1][2], DENSE_ONE_LAYER).build();
        MultiTileTrace trace = new MultiTileTrace(w, new double[] {0, 0.5}, new int[] {0, 1}, new int[2], new double[] {1, 9}, new double[] {10, 10});
        MultiTileOutcome out = new MultiTileKernel().run(trace, MultiTilePolicies.published("prema-tm"));
        assertEquals(2.0, out.finishSeconds(1), EPS);
        assertEquals(4.0, out.finishSeconds(0), EPS);
        assertEquals(1, out.preemptions());
        assertEquals(2 * 4.0, out.busyTileSeconds(), EPS, "one request at a time, always on both tiles");
    }

    @Test
    void planariaGivesALoneRequestTheTilesThatStillSpeedItUp() {
        // C(k) = ceil(3 / k) s (three weight blocks dealt over k tiles), no bytes: 3, 2, 1, 1 s on 1..4 tiles.
        // Alone, Planaria deals the fewest tiles meeting the 10 s slack (1), then the leftover to whoever
        // still speeds up: 3 tiles reach 1 s and a fourth would idle, so it runs on 3 and ends at 1 s.
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(4))
                .add("m", new double[][] {{3, 2, 1, 1}}, new double[1][4], DENSE_ONE_LAYER).build();
        MultiTileTrace trace = new MultiTileTrace(w, new double[1], new int[1], new int[1], new double[] {1}, new double[] {10});
        MultiTileOutcome out = new MultiTileKernel().run(trace, MultiTilePolicies.published("planaria-fission"));
        assertEquals(1.0, out.finishSeconds(0), EPS);
        assertEquals(3.0, out.busyTileSeconds(), EPS);
    }

    @Test
    void arrivalRateIsTheScenarioRegistrysRule() {
        // One rule for the rate: on dense networks our estimate-based rate equals Scenarios' profile-based one.
        MultiTileHardware hw = MultiTileHardware.moca();
        for (WorkloadSet set : WorkloadSet.values()) {
            Scenario s = MocaWorkloads.scenario(set, Scenarios.QoS.TIGHT);
            double expected = Scenarios.arrivalRatePerSecond(s, MocaWorkloads.profiles(hw, s), MocaWorkloads.referenceTiles(hw), hw.tiles(),
                    MocaWorkloads.deliverableBytesPerSecond(hw));
            assertEquals(expected, MocaWorkloads.arrivalRatePerSecond(MocaWorkloads.dense(hw, s), s.offeredLoad()), 1e-9 * expected);
        }
    }

    @Test
    void unknownPolicyAndParameterAreBadInput() {
        assertThrows(BadInputException.class, () -> MultiTilePolicies.published("moca2"));
        assertThrows(BadInputException.class, () -> MultiTilePolicies.withOverrides("moca", Map.of("window", 1.0)));
        BadInputException e = assertThrows(BadInputException.class, () -> MultiTilePolicies.withOverrides("moca", Map.of("window_cycles", 1.0)));
        assertTrue(e.getMessage().startsWith("moca.window_cycles:"), e.getMessage());
    }

    @Test
    void everyDefaultLiesInsideItsBounds() {
        for (String name : MultiTilePolicies.names()) {
            var space = MultiTilePolicies.space(name);
            space.validate(name, space.defaults());
        }
        assertEquals(MultiTilePolicies.space("moca").size() + 1, MultiTilePolicies.space("moca-dysta").size());
    }
}
