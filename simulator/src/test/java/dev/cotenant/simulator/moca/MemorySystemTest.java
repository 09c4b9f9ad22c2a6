package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;

/** The shared memory path: isolated consistency, contention, caps, and its derived constants. */
class MemorySystemTest {
    private static final double OPEN = Double.POSITIVE_INFINITY;
    private final MocaWork work = MocaWork.standard();
    private final MemorySystem memory = new MemorySystem(work);
    private final int alexnet = MocaNetwork.ALEXNET.ordinal();
    private final int yolov2 = MocaNetwork.YOLOV2.ordinal();
    private static final int FC6 = 5;          // AlexNet's first FC half: 1.18 M weight rows, all from DRAM
    private static final int YOLO_CONV14 = 13; // 3x3 512 -> 1024 at 7x7: compute exceeds its loads

    private double[] rates(int[] network, int[] layer, int[] tiles, double[] cap) {
        double[] out = new double[network.length];
        memory.progressRates(network.length, network, layer, tiles, cap, out);
        return out;
    }

    @Test
    void dramConstantsFollowFromTheDdr3Timings() {
        // two channels x one 64-B burst (4 rows) per tCCD = 4 cycles, less refresh 160 of every 7800 cycles
        assertEquals(2 * 4.0 / 4 * (1 - 160.0 / 7800), MemorySystem.DRAM_PEAK_ROWS_PER_CYCLE, 1e-12);
        // backend 2 + tRP 14 + tRCD 14 + tCAS 14 + burst 4
        assertEquals(48, MemorySystem.DRAM_LATENCY_CYCLES);
        // 16 outstanding requests of 64 B = 64 rows in flight
        assertEquals(64, MemorySystem.ROWS_IN_FLIGHT);
    }

    @Test
    void oneSliceAloneReproducesTheIsolatedTimeOfEveryNetwork() {
        for (MocaNetwork n : MocaNetwork.values()) {
            for (int k : MocaWork.TILE_COUNTS) {
                double total = 0;
                for (int l = 0; l < n.layerCount(); l++) {
                    double layer = 1 / rates(new int[]{n.ordinal()}, new int[]{l}, new int[]{k}, new double[]{OPEN})[0];
                    assertEquals(work.isolatedLayerCycles(n.ordinal(), l, k), layer, 1e-9 * layer);
                    total += layer;
                }
                assertEquals(work.isolatedCycles(n.ordinal(), k), total, 1e-6 * total, n.cliName() + " on " + k);
            }
        }
    }

    @Test
    void twoMemoryHeavySlicesAreEachSlower() {
        double alone = rates(new int[]{alexnet}, new int[]{FC6}, new int[]{2}, new double[]{OPEN})[0];
        double[] pair = rates(new int[]{alexnet, alexnet}, new int[]{FC6, FC6}, new int[]{2, 2}, new double[]{OPEN, OPEN});
        assertEquals(pair[0], pair[1], 1e-15);
        // four tiles streaming weights from DRAM queue at the banks: well over 15% slower each
        assertTrue(pair[0] < 0.85 * alone, "alone " + 1 / alone + " cycles, in a pair " + 1 / pair[0]);
        // yet the pair together moves more than one alone (the DRAM was not saturated by one)
        assertTrue(2 * pair[0] > alone);
    }

    @Test
    void concurrentDramEfficiencyCapsSeveralStreamsButNotOneAlone() {
        MemorySystem half = new MemorySystem(new MocaWork(MocaWork.Calibration.DEFAULT.withConcurrentDramEfficiency(0.5)));
        int[] one = {alexnet}, fc = {FC6}, two = {2};
        double[] aloneFull = rates(one, fc, two, new double[]{OPEN}), aloneHalf = new double[1];
        half.progressRates(1, one, fc, two, new double[]{OPEN}, aloneHalf);
        // a slice alone keeps the streaming peak, so the isolated-time calibration is untouched
        assertEquals(aloneFull[0], aloneHalf[0], 1e-15);
        double[] pairFull = rates(new int[]{alexnet, alexnet}, new int[]{FC6, FC6}, new int[]{2, 2}, new double[]{OPEN, OPEN});
        double[] pairHalf = new double[2];
        half.progressRates(2, new int[]{alexnet, alexnet}, new int[]{FC6, FC6}, new int[]{2, 2}, new double[]{OPEN, OPEN}, pairHalf);
        assertTrue(pairHalf[0] < pairFull[0], "half the sustained bandwidth must slow a pair of weight streams");
        // the pair's DRAM traffic stays below half the peak times the highest utilisation the fixed point allows
        int nl = alexnet * work.maxLayers + FC6;
        double dramRowsPerCycle = 2 * pairHalf[0] * work.dram[nl];
        assertTrue(dramRowsPerCycle <= 0.5 * MemorySystem.DRAM_PEAK_ROWS_PER_CYCLE * MemorySystem.MAX_UTILISATION + 1e-9,
                dramRowsPerCycle + " rows/cycle");
        assertThrows(BadInputException.class, () -> MocaWork.Calibration.DEFAULT.withConcurrentDramEfficiency(0));
        assertThrows(BadInputException.class, () -> MocaWork.Calibration.DEFAULT.withConcurrentDramEfficiency(1.2));
    }

    @Test
    void computeLeaningLayerIsSlowedALittleByHeavyCoRunners() {
        double alone = rates(new int[]{yolov2}, new int[]{YOLO_CONV14}, new int[]{2}, new double[]{OPEN})[0];
        double[] mixed = rates(new int[]{yolov2, alexnet, alexnet}, new int[]{YOLO_CONV14, FC6, FC6},
                new int[]{2, 2, 2}, new double[]{OPEN, OPEN, OPEN});
        double fcAlone = rates(new int[]{alexnet}, new int[]{FC6}, new int[]{2}, new double[]{OPEN})[0];
        double[] beside = rates(new int[]{yolov2, alexnet}, new int[]{YOLO_CONV14, FC6}, new int[]{2, 2}, new double[]{OPEN, OPEN});
        double slowdownBesideOne = alone / beside[0];
        assertTrue(slowdownBesideOne > 1.01 && slowdownBesideOne < 1.10, "beside one heavy co-runner " + slowdownBesideOne);
        double slowdown = alone / mixed[0];
        assertTrue(slowdown > slowdownBesideOne, "two heavy co-runners slow it more than one");
        assertTrue(work.computeCycles(yolov2, YOLO_CONV14, 2) > work.loadRowsPerTile(yolov2, YOLO_CONV14, 2));
        // beside two: the two weight streams alone saturate the sustained DRAM bandwidth of interleaved streams
        // (Calibration.concurrentDramEfficiency), so its exposed memory time queues at ~1000 cycles per miss
        assertTrue(slowdown > 1.01 && slowdown < 1.35, "compute-leaning slowdown " + slowdown);
        assertTrue(slowdown < fcAlone / mixed[1], "less than the memory-heavy co-runners' own slowdown");
    }

    @Test
    void capOnAHeavySliceSpeedsItsCoRunner() {
        double[] open = rates(new int[]{alexnet, alexnet}, new int[]{FC6, FC6}, new int[]{2, 2}, new double[]{OPEN, OPEN});
        double[] capped = rates(new int[]{alexnet, alexnet}, new int[]{FC6, FC6}, new int[]{2, 2}, new double[]{0.2, OPEN});
        assertTrue(capped[0] < open[0], "the capped slice slows");
        assertTrue(capped[1] > open[1], "its co-runner speeds up");
        // capped at 0.2 rows per cycle per tile, the slice takes at least loads / 0.2 cycles
        assertTrue(1 / capped[0] >= work.loadRowsPerTile(alexnet, FC6, 2) / 0.2);
    }

    @Test
    void coRunnersWhoseActivationsOverflowTheSharedL2EvictEachOther() {
        // YOLOv2 conv2 (32 -> 64 at 112x112): input 12 544 px x 2 rows + output 12 544 px x 4 rows =
        // 75 264 rows, resident alone (each under 1 MiB). Two of them hold 150 528 rows > the 2 MiB
        // L2 (131 072 rows): 1 - 131072 / 150528 = 12.9% of each is evicted and goes to DRAM.
        int conv2 = 1;
        assertEquals(12_544 * 2, work.residentInputRows[yolov2 * work.maxLayers + conv2]);
        assertEquals(12_544 * 4, work.residentOutputRows[yolov2 * work.maxLayers + conv2]);
        double alone = rates(new int[]{yolov2}, new int[]{conv2}, new int[]{1}, new double[]{OPEN})[0];
        assertEquals(0, memory.lastEvictedFraction());
        double[] pair = rates(new int[]{yolov2, yolov2}, new int[]{conv2, conv2}, new int[]{1, 1}, new double[]{OPEN, OPEN});
        assertEquals(1 - 131_072.0 / 150_528, memory.lastEvictedFraction(), 1e-12);
        assertTrue(pair[0] <= alone);
    }

    @Test
    void ratesDoNotDependOnSliceOrder() {
        double[] ab = rates(new int[]{alexnet, yolov2, 0}, new int[]{FC6, YOLO_CONV14, 45}, new int[]{2, 2, 1},
                new double[]{OPEN, 0.5, OPEN});
        double[] ba = rates(new int[]{0, yolov2, alexnet}, new int[]{45, YOLO_CONV14, FC6}, new int[]{1, 2, 2},
                new double[]{OPEN, 0.5, OPEN});
        assertEquals(ab[0], ba[2], 1e-6 * ab[0]);
        assertEquals(ab[1], ba[1], 1e-6 * ab[1]);
        assertEquals(ab[2], ba[0], 1e-6 * ab[2]);
    }

    @Test
    void badSliceIsRejected() {
        assertThrows(BadInputException.class, () -> rates(new int[]{MocaNetwork.YOLOLITE.ordinal()}, new int[]{7},
                new int[]{2}, new double[]{OPEN}));
        assertThrows(BadInputException.class, () -> rates(new int[]{0}, new int[]{0}, new int[]{3}, new double[]{OPEN}));
    }

    @Test
    void progressRatesAllocatesNothing() {
        var bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) return;
        int[] network = {alexnet, yolov2, 0, 4};
        int[] layer = {FC6, YOLO_CONV14, 45, 10};
        int[] tiles = {2, 2, 2, 2};
        double[] cap = {OPEN, 0.3, OPEN, OPEN};
        double[] out = new double[4];
        for (int i = 0; i < 20_000; i++) memory.progressRates(4, network, layer, tiles, cap, out); // warm up
        long tid = Thread.currentThread().getId();
        long before = sun.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) memory.progressRates(4, network, layer, tiles, cap, out);
        long allocated = sun.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, allocated + " bytes over 100 000 calls");
    }
}
