package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.*;

class MocaTracesTest {
    /**
     * MOCA.md §4's realised traces: A = 111 SqueezeNet, 63 KWS, 76 YOLO-Lite over 208.1 M cycles;
     * B = 55/72/63/60 (ResNet, AlexNet, GoogLeNet, YOLOv2) over 750.6 M; C = 30/35/34/56/36/33/26
     * over 502.7 M; offered loads 0.89, 0.81, 0.83.
     */
    @Test
    void artifactTracesHaveThePublishedCountsSpansAndLoads() {
        assertTrace(MocaSet.A, new int[]{0, 0, 0, 111, 63, 0, 76}, 208.1e6, 0.89);
        assertTrace(MocaSet.B, new int[]{55, 72, 63, 0, 0, 60, 0}, 750.6e6, 0.81);
        assertTrace(MocaSet.C, new int[]{30, 35, 34, 56, 36, 33, 26}, 502.7e6, 0.83);
    }

    private static void assertTrace(MocaSet set, int[] counts, double spanCycles, double load) {
        MocaTrace trace = MocaTraces.artifact(set, 1.0f);
        assertEquals(250, trace.size());
        assertArrayEquals(counts, trace.countsPerNetwork(), set.name());
        assertEquals(spanCycles, trace.spanCycles(), 0.05e6, set.name());
        assertEquals(load, trace.offeredLoad(), 0.005, set.name());
        assertEquals(0, trace.arrivalCycles(0));
    }

    /** Row 0 arrives at 0, 50 000, 100 000, 150 000 and no later row can precede those (gaps are >= 1.2 M). */
    @Test
    void firstRowArrivesFiftyThousandCyclesApart() {
        MocaTrace trace = MocaTraces.artifact(MocaSet.C, 1.0f);
        for (int i = 0; i < 4; i++) assertEquals(50_000L * i, trace.arrivalCycles(i));
    }

    /** The LCG from x0 = 777: x1 = 777 * 1664525 + 1013904223 mod 2^32 = 1 293 335 925 + 1 013 904 223 = 2 307 240 148 (< 2^32), >> 24 = floor(137.52) = 137. */
    @Test
    void lcgFirstOutputIsHandComputed() {
        long x1 = (777L * 1664525L + 1013904223L) % (1L << 32);
        assertEquals(2_307_240_148L, x1);
        assertEquals(137, new MocaTraces.Lcg().next());
    }

    /** Targets are float32 products, truncated: 33 333 334 x 0.8f = 26 666 667.6 rounds in float to 26 666 668. */
    @Test
    void targetsAreFloat32ProductsTruncated() {
        MocaTrace high = MocaTraces.scenario("moca-b-h");
        boolean sawAlexNet = false;
        for (int r = 0; r < high.size(); r++) {
            if (high.networkOf(r) == MocaNetwork.ALEXNET) {
                assertEquals(26_666_668L, high.targetCycles(r));
                sawAlexNet = true;
            }
            if (high.networkOf(r) == MocaNetwork.RESNET50) assertEquals(40_000_000L, high.targetCycles(r));
        }
        assertTrue(sawAlexNet);
        MocaTrace low = MocaTraces.scenario("moca-b-l");
        for (int r = 0; r < low.size(); r++) {
            assertEquals(high.arrivalCycles(r), low.arrivalCycles(r), "every QoS level sees the same trace");
            if (low.networkOf(r) == MocaNetwork.YOLOV2) assertEquals((long) (16_666_667f * 1.2f), low.targetCycles(r));
        }
    }

    @Test
    void prioritiesUseOnlyTheEightLevels() {
        for (int draw = 0; draw < 108; draw++) {
            int level = MocaTraces.priorityLevel(draw);
            assertTrue(level != 3 && level != 5 && level != 7 && level != 10);
        }
        assertEquals(0, MocaTraces.priorityLevel(14));
        assertEquals(1, MocaTraces.priorityLevel(15));
        assertEquals(11, MocaTraces.priorityLevel(107));
    }

    @Test
    void scenarioRegistryNamesSetAndQos() {
        assertEquals(9, MocaTraces.scenarioNames().size());
        assertEquals("moca-a-h", MocaTraces.scenarioNames().get(0));
        assertEquals("moca-c-l", MocaTraces.scenarioNames().get(8));
        BadInputException e = assertThrows(BadInputException.class, () -> MocaTraces.scenario("moca-d-h"));
        assertTrue(e.getMessage().startsWith("moca-d-h: unknown MoCA scenario"), e.getMessage());
    }

    @Test
    void loadScalingHitsTheRequestedLoad() {
        MocaTrace base = MocaTraces.artifact(MocaSet.C, 1.0f);
        MocaTrace half = MocaTraces.loadScaled(base, 0.4);
        assertEquals(0.4, half.offeredLoad(), 1e-6);
        assertArrayEquals(base.countsPerNetwork(), half.countsPerNetwork());
    }

    @Test
    void readsTheTimeMultiplexedLayout() {
        String csv = "arrival_s,model,sample,priority,target_latency_s\n"
                + "0,resnet50,0,1,0.05\n"
                + "0.0015,yololite,3,12,0.01\n";
        MocaTrace trace = MocaTraces.read(new StringReader(csv), "t.csv");
        assertEquals(2, trace.size());
        assertEquals(1_500_000L, trace.arrivalCycles(1));
        assertEquals(MocaNetwork.YOLOLITE, trace.networkOf(1));
        assertEquals(11, trace.priorityLevel(1));
        assertEquals(0, trace.priorityLevel(0));
        assertEquals(50_000_000L, trace.targetCycles(0));
    }

    @Test
    void badTraceLinesAreLocated() {
        String header = "arrival_s,model,sample,priority,target_latency_s\n";
        assertError(header + "0,resnet50,0,1,0.05\n0,vgg16,0,1,0.05\n", "t.csv:3: unknown model 'vgg16'");
        assertError(header + "0,resnet50,0,13,0.05\n", "t.csv:2: priority is 13");
        assertError(header + "1,resnet50,0,1,0.05\n0.5,resnet50,0,1,0.05\n", "t.csv:3: arrival 0.5 s is earlier");
        assertError("arrival_s,model,priority\n", "t.csv:1: header must be exactly");
        assertError(header, "t.csv:1: no requests");
    }

    private static void assertError(String text, String prefix) {
        BadInputException e = assertThrows(BadInputException.class, () -> MocaTraces.read(new StringReader(text), "t.csv"));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
