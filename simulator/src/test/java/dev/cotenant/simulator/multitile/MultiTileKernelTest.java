package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Closed-form and hand-worked checks of the multi-tile kernel. Units are chosen so the arithmetic
 * is exact: bandwidth B = 100 bytes/s, layers of 1-2 s and 100-300 bytes.
 */
class MultiTileKernelTest {
    static final double B = 100;
    static final double EPS = 1e-9;

    /** Hardware of {@code tiles} tiles, B = 100 B/s; regulator counts 1-byte requests at 1 Hz so a threshold R is a cap of R/W bytes/s. */
    static MultiTileHardware hardware(int tiles) { return new MultiTileHardware(tiles, B, 1, 1); }

    /** A one-layer model with the same compute seconds and bytes on every tile count. */
    static double[][] flat(int tiles, double value) {
        double[][] t = new double[1][tiles];
        java.util.Arrays.fill(t[0], value);
        return t;
    }

    static final double[][] DENSE_ONE_LAYER = {{1}};

    /** Starts waiting requests in arrival order on one tile each and sets fixed caps: no policy logic to get in the way. */
    static final class FixedPolicy extends MultiTilePolicy {
        final double[] cap;

        FixedPolicy(double... cap) {
            super("fixed");
            this.cap = cap;
        }

        @Override
        public void decide(MultiTileState s) {
            while (s.waitingCount() > 0 && s.freeTiles() > 0) {
                int r = s.waitingAt(0);
                s.start(r, 1);
                if (r < cap.length) s.setCap(r, cap[r]);
            }
        }
    }

    static MultiTileTrace simultaneous(MultiTileWorkload w, int requests) {
        double[] zero = new double[requests];
        double[] one = new double[requests];
        java.util.Arrays.fill(one, 1);
        double[] target = new double[requests];
        java.util.Arrays.fill(target, 1000);
        return new MultiTileTrace(w, zero, new int[requests], new int[requests], one, target);
    }

    @Test
    void twoIdenticalMemoryBoundLayersOnASaturatedBusEachGetHalf() {
        // C = 1 s, M = 200 B: each asks min(200, B) = 100 B/s; together 200 > B, so max-min gives B/2 = 50 each,
        // and each layer takes M / (B/2) = 200 / 50 = 4 s (alone it would take 200 / 100 = 2 s).
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2)).add("m", flat(2, 1), flat(2, 200), DENSE_ONE_LAYER).build();
        MultiTileTrace trace = simultaneous(w, 2);
        MultiTileOutcome out = new MultiTileKernel().run(trace, new FixedPolicy());
        assertEquals(4.0, out.finishSeconds(0), EPS);
        assertEquals(4.0, out.finishSeconds(1), EPS);
        assertEquals(4.0, out.busSaturatedSeconds(), EPS);
        assertEquals(1, out.events(), "one step: both layers end together at t = 4");
    }

    @Test
    void withContentionLossTwoIdenticalSaturatingLayersEachGetHalfOfTheDeliveredBandwidth() {
        // Loss 0.25: two equal streams, B_eff(2) = 100 / (1 + 0.25) = 80, so 40 B/s each and M / 40 = 200 / 40 = 5 s.
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2).withContentionLoss(0.25)).add("m", flat(2, 1), flat(2, 200), DENSE_ONE_LAYER).build();
        MultiTileOutcome out = new MultiTileKernel().run(simultaneous(w, 2), new FixedPolicy());
        assertEquals(5.0, out.finishSeconds(0), EPS);
        assertEquals(5.0, out.finishSeconds(1), EPS);
        assertEquals(5.0, out.busSaturatedSeconds(), EPS, "saturated against the delivered 80 B/s");
        assertEquals(400, out.bytesMoved(), 1e-6);
    }

    @Test
    void withContentionLossACapHelpsTheUncappedTenant() {
        // Loss 0.5, both ask 100. Uncapped: B_eff(2) = 66.67, 33.33 each, both end at 200 / 33.33 = 6 s.
        // Tenant 0 capped at 25: B_eff = 1700/21 (BandwidthSharingTest), tenant 1 gets 1175/21 and ends at
        // 200 x 21 / 1175 = 3.574 s, far sooner than 6 s; alone afterwards tenant 0 keeps its cap.
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2).withContentionLoss(0.5)).add("m", flat(2, 1), flat(2, 200), DENSE_ONE_LAYER).build();
        MultiTileTrace trace = simultaneous(w, 2);
        assertEquals(6.0, new MultiTileKernel().run(trace, new FixedPolicy()).finishSeconds(1), EPS);
        MultiTileOutcome out = new MultiTileKernel().run(trace, new FixedPolicy(25, Double.POSITIVE_INFINITY));
        double t1 = 200 * 21.0 / 1175;
        assertEquals(t1, out.finishSeconds(1), EPS);
        assertEquals(t1 + (200 - 25 * t1) / 25, out.finishSeconds(0), EPS);
    }

    @Test
    void cappedTenantGetsExactlyItsCapAndTheOtherTheRest() {
        // Both ask 100 B/s (M = 200, C = 1). Tenant 0 is capped at 20 B/s; max-min gives it 20 and tenant 1
        // the remaining 80. Tenant 1: 200 / 80 = 2.5 s. Tenant 0 moved 20 x 2.5 = 50 B by then, then runs
        // alone still capped: 150 / 20 = 7.5 s more, finishing at 10 s.
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2)).add("m", flat(2, 1), flat(2, 200), DENSE_ONE_LAYER).build();
        MultiTileTrace trace = simultaneous(w, 2);
        MultiTileKernel kernel = new MultiTileKernel();
        MultiTileOutcome out = kernel.run(trace, new FixedPolicy(20, Double.POSITIVE_INFINITY));
        assertEquals(2.5, out.finishSeconds(1), EPS);
        assertEquals(10.0, out.finishSeconds(0), EPS);
        assertEquals(2.5, out.busSaturatedSeconds(), EPS, "20 + 80 fills the bus until tenant 1 ends");
    }

    @Test
    void computeBoundLayerIsUnaffectedUntilTheBusSaturates() {
        // Compute-bound X: C = 1, M = 30 (asks 30 B/s). Memory-bound Y: C = 1, M = 150 (asks B = 100).
        // Asks 130 > B, but max-min's level is 50 >= 30, so X keeps 30 and finishes at its compute time, 1 s.
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(4))
                .add("x", flat(4, 1), flat(4, 30), DENSE_ONE_LAYER)
                .add("y", flat(4, 1), flat(4, 150), DENSE_ONE_LAYER).build();
        MultiTileTrace pair = new MultiTileTrace(w, new double[2], new int[] {0, 1}, new int[2], new double[] {1, 1}, new double[] {9, 9});
        MultiTileOutcome out = new MultiTileKernel().run(pair, new FixedPolicy());
        assertEquals(1.0, out.finishSeconds(0), EPS);
        // Y got the other 70 B/s for 1 s (70 B), then the whole bus for the last 80 B: 1 + 0.8 = 1.8 s.
        assertEquals(1.8, out.finishSeconds(1), EPS);

        // With three memory-bound neighbours the level falls to B/4 = 25 < 30: now X is memory-bound,
        // progressing at 25/30 per s, so its layer takes 30 / 25 = 1.2 s.
        MultiTileTrace crowd = new MultiTileTrace(w, new double[4], new int[] {0, 1, 1, 1}, new int[4], new double[] {1, 1, 1, 1},
                new double[] {9, 9, 9, 9});
        assertEquals(1.2, new MultiTileKernel().run(crowd, new FixedPolicy()).finishSeconds(0), EPS);
    }

    /**
     * Two tiles, B = 100, static partition of one tile each.
     * Model a: one layer, C(1) = 2, C(2) = 1, M = 100. Model b: layer 0 C(1) = 1, C(2) = 0.5, M = 150;
     * layer 1 C(1) = 1, C(2) = 0.5, M = 0. Requests: r0 = a at 0 (priority 1, target 2), r1 = b at 0
     * (priority 3, target 3), r2 = a at 0.5 (priority 9, target 4).
     * <pre>
     * t=0   r0 asks 100/2 = 50, r1 asks min(150, 100) = 100; sum 150 > 100, level 50: both get 50.
     *       r0 rate min(1/2, 50/100) = 0.5/s, ends at 2; r1 rate min(1, 50/150) = 1/3/s, ends at 3.
     * t=0.5 r2 arrives, no free tile: waits. Rates unchanged.
     * t=2   r0 finishes (r1 has 1 - 2/3 = 1/3 left). r2 starts on r0's tile, asks 50; grants 50/50.
     * t=3   r1's layer 0 ends; layer 1 moves no bytes: rate 1, ends at 4. r2 had 1/2 left, alone still
     *       asks 50, gets 50: rate 0.5, ends at 4.
     * finish: r0 = 2, r1 = 4, r2 = 4.
     * </pre>
     * Isolated on both tiles: a = max(1, 100/100) = 1 s; b = max(0.5, 1.5) + 0.5 = 2 s.
     */
    @Test
    void handWorkedThreeRequestTrace() {
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2))
                .add("a", new double[][] {{2, 1}}, new double[][] {{100, 100}}, DENSE_ONE_LAYER)
                .add("b", new double[][] {{1, 0.5}, {1, 0.5}}, new double[][] {{150, 150}, {0, 0}}, new double[][] {{1, 1}})
                .build();
        MultiTileTrace trace = new MultiTileTrace(w, new double[] {0, 0, 0.5}, new int[] {0, 1, 0}, new int[3],
                new double[] {1, 3, 9}, new double[] {2, 3, 4});
        MultiTileOutcome out = new MultiTileKernel().run(trace, MultiTilePolicies.withOverrides("static-partition", Map.of("partitions", 2.0)));
        assertEquals(2.0, out.finishSeconds(0), EPS);
        assertEquals(4.0, out.finishSeconds(1), EPS);
        assertEquals(4.0, out.finishSeconds(2), EPS);
        assertEquals(2.0, out.firstStartSeconds(2), EPS);
        assertEquals(4, out.events(), "steps ending at 0.5, 2, 3 and 4");
        assertEquals(350, out.bytesOfLayersRun(), EPS);
        assertEquals(350, out.bytesMoved(), 1e-9);
        assertEquals(1 * 2 + 1 * 4 + 1 * 2, out.busyTileSeconds(), EPS, "r0 held 1 tile 0-2, r1 0-4, r2 2-4");

        MultiTileMetrics m = MultiTileMetrics.of(trace, out);
        assertEquals(1.0, trace.isolatedSeconds(0), EPS);
        assertEquals(2.0, trace.isolatedSeconds(1), EPS);
        // r0 meets (2 <= 2), r1 misses (4 > 3), r2 meets (4 <= 4.5).
        assertEquals(2.0 / 3, m.slaSatisfactionRate(), EPS);
        // NP = 1/2, 2/4, 1/3.5; STP is their sum, over the makespan of 4 s.
        double stp = 0.5 + 0.5 + 1 / 3.5;
        assertEquals(stp, m.stp(), EPS);
        assertEquals(stp / 4, m.stpPerSecond(), EPS);
        // NP/p = 0.5, 1/6, 2/63. Tenants: a = {r0, r2}, PP = (1/2 + 2/63) / 2 = 67/252; b = {r1}, PP = 1/6 = 42/252.
        // Fairness = min/max over the two tenants = 42/67 (per request it would be (2/63) / 0.5 = 4/63).
        assertEquals(42.0 / 67, m.fairness(), EPS);
        assertEquals(0.0, m.slaSatisfactionOfPriority(3), EPS);
        assertEquals(1.0, m.slaSatisfactionOfPriority(9), EPS);
    }

    @Test
    void badInputNamesTheParameter() {
        assertMessage("tiles", () -> new MultiTileHardware(0, B, 1, 1));
        assertMessage("bandwidth", () -> new MultiTileHardware(8, 0, 1, 1));
        assertMessage("bandwidth", () -> new MultiTileHardware(8, -5, 1, 1));
        assertMessage("contention loss", () -> MultiTileHardware.moca().withContentionLoss(-0.1));
        assertMessage("contention loss", () -> MultiTileHardware.moca().withContentionLoss(1.5));
        assertMessage("regulator threshold", () -> MultiTileHardware.moca().regulatorCapBytesPerSecond(1024, 0));
        MultiTileWorkload w = MultiTileWorkload.builder(hardware(2)).add("m", flat(2, 1), flat(2, 1), DENSE_ONE_LAYER).build();
        BadInputException e = assertThrows(BadInputException.class, () -> new MultiTileTrace(w, new double[] {0}, new int[1], new int[1],
                new double[] {1}, new double[] {1}, new int[] {3}));
        assertEquals("tiles: request 0 needs 3 tiles, the accelerator has 2", e.getMessage());
    }

    private static void assertMessage(String parameter, org.junit.jupiter.api.function.Executable action) {
        BadInputException e = assertThrows(BadInputException.class, action);
        assertTrue(e.getMessage().startsWith(parameter + ":"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void regulatorCapIsThresholdTimesRequestBytesOverWindow() {
        // 8 requests of 64 B per 1024 cycles at 1 GHz: 512 B per 1.024 us = 5e8 B/s.
        MultiTileHardware hw = MultiTileHardware.moca();
        assertEquals(5e8, hw.regulatorCapBytesPerSecond(1024, 8), 1e-3);
        assertEquals(8, hw.regulatorThresholdFor(5e8, 1024));
        assertEquals(7, hw.regulatorThresholdFor(5e8 - 1, 1024), "rounded down: the cap never exceeds the wanted rate");
    }
}
