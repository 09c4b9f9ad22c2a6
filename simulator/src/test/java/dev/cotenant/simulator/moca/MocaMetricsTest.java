package dev.cotenant.simulator.moca;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A four-request example worked by hand (S = app_single: ResNet 14 186 582, AlexNet 7 451 485,
 * GoogLeNet 6 838 849, YOLO-Lite 1 414 779 cycles):
 * <pre>
 * r0 ResNet    level 0  target 50 000 000  L 25 000 000  met
 * r1 ResNet    level 2  target 50 000 000  L 75 000 000  missed
 * r2 AlexNet   level 9  target 33 333 334  L 10 000 000  met
 * r3 YOLO-Lite level 11 target 10 000 000  L 10 000 000  missed (strict T > L)
 * mean L: ResNet 50 M, AlexNet 10 M, YOLO-Lite 10 M;  Pbar: ResNet (1+3)/2 = 2, AlexNet 10, YOLO-Lite 12; sum 24
 * </pre>
 */
class MocaMetricsTest {
    private static final MocaTrace TRACE = new MocaTrace("hand",
            new long[]{0, 1, 2, 3},
            new int[]{MocaNetwork.RESNET50.ordinal(), MocaNetwork.RESNET50.ordinal(), MocaNetwork.ALEXNET.ordinal(), MocaNetwork.YOLOLITE.ordinal()},
            new int[]{0, 2, 9, 11},
            new long[]{50_000_000, 50_000_000, 33_333_334, 10_000_000});
    private static final double[] LATENCY = {25e6, 75e6, 10e6, 10e6};
    private static final MocaMetrics M = MocaMetrics.of(TRACE, LATENCY);

    @Test
    void slaIsStrictOverAllRequestsAndByPriorityGroup() {
        assertEquals(0.5, M.sla(), 1e-12);                 // r0, r2 of 4
        assertEquals(0.5, M.slaLowPriority(), 1e-12);      // levels 0, 2: r0 met, r1 missed
        assertTrue(Double.isNaN(M.slaMidPriority()));      // no level 3-8
        assertEquals(0.5, M.slaHighPriority(), 1e-12);     // levels 9, 11: r2 met, r3 missed
    }

    @Test
    void correctedStpAndFairness() {
        double npRes = 14_186_582 / 50e6;   // 0.28373164
        double npAlex = 7_451_485 / 10e6;   // 0.7451485
        double npLite = 1_414_779 / 10e6;   // 0.1414779
        assertEquals(1.17035804, M.stpCorrected(), 1e-8);
        assertEquals(npRes + npAlex + npLite, M.stpCorrected(), 1e-12);
        // PP: ResNet 0.2837 / (2/24) = 3.40478, AlexNet 0.7451 / (10/24) = 1.78836, YOLO-Lite 0.1415 / (12/24) = 0.28296
        assertEquals(0.2829558 / 3.40477968, M.fairnessCorrected(), 1e-8);
    }

    @Test
    void asWrittenShiftsEachMeanOntoTheNextTypesSingleTimeAndDropsYoloLite() {
        // ResNet's mean into AlexNet's S, AlexNet's into GoogLeNet's; YOLO-Lite contributes nothing
        double npRes = 7_451_485 / 50e6;    // 0.1490297
        double npAlex = 6_838_849 / 10e6;   // 0.6838849
        assertEquals(npRes + npAlex, M.stpAsWritten(), 1e-12);
        assertEquals(0.8329146, M.stpAsWritten(), 1e-8);
        // PP with YOLO-Lite's Pbar still in the sum 24: 0.1490297 * 12 = 1.7883564, 0.6838849 * 2.4 = 1.64132376
        assertEquals(1.64132376 / 1.7883564, M.fairnessAsWritten(), 1e-8);
        // the artifact runtime reports the as-written forms, the physical one the corrected forms
        assertEquals(M.stpAsWritten(), M.stp(true), 0);
        assertEquals(M.stpCorrected(), M.stp(false), 0);
        assertEquals(M.fairnessAsWritten(), M.fairness(true), 0);
        assertEquals(M.fairnessCorrected(), M.fairness(false), 0);
    }

    @Test
    void perRequestForms() {
        double r0 = 14_186_582 / 25e6, r1 = 14_186_582 / 75e6, r2 = 7_451_485 / 10e6, r3 = 1_414_779 / 10e6;
        double resMean = (r0 + r1) / 2;     // 0.37830885
        assertEquals(resMean + r2 + r3, M.stpPerRequest(), 1e-12);
        assertEquals(1.26493525, M.stpPerRequest(), 1e-8);
        // PP: ResNet 0.37830885 * 12 = 4.5397062, AlexNet 1.7883564, YOLO-Lite 0.2829558
        assertEquals(0.2829558 / 4.5397062, M.fairnessPerRequest(), 1e-8);
        assertEquals((r0 + r1 + r2 + r3) / 4, M.meanNormalisedProgress(), 1e-12);
    }

    @Test
    void oneTypeIsPerfectlyFair() {
        MocaTrace one = new MocaTrace("one", new long[]{0, 5}, new int[]{2, 2}, new int[]{0, 11}, new long[]{10, 10});
        MocaMetrics m = MocaMetrics.of(one, new double[]{20, 40});
        assertEquals(1.0, m.fairnessCorrected(), 0);
        assertEquals(0.0, m.sla(), 0);
        assertEquals(6_838_849 / 30.0, m.stpCorrected(), 1e-9);
        assertEquals(2_514_085 / 30.0, m.stpAsWritten(), 1e-9); // GoogLeNet's mean into SqueezeNet's S
    }
}
