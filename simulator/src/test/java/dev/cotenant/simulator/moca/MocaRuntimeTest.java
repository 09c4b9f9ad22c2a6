package dev.cotenant.simulator.moca;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MocaRuntimeTest {
    private static final int RES = MocaNetwork.RESNET50.ordinal(), ALEX = MocaNetwork.ALEXNET.ordinal(),
            GOOG = MocaNetwork.GOOGLENET.ordinal(), SQZ = MocaNetwork.SQUEEZENET.ordinal(), KWS = MocaNetwork.KWSNET.ordinal(),
            YOLO = MocaNetwork.YOLOV2.ordinal(), LITE = MocaNetwork.YOLOLITE.ordinal();

    private static MocaTrace trace(long[] arrival, int[] network, int[] level) {
        long[] target = new long[arrival.length];
        for (int r = 0; r < arrival.length; r++) target[r] = MocaNetwork.values()[network[r]].targetCycles();
        return new MocaTrace("hand", arrival, network, level, target);
    }

    /**
     * A round worked by hand (defaults: horizon 5 M, x1.15, depth 6, 3 iterations). T = 0, so every
     * c_k = 5 000 000 and H = 5 M. Eligible: r0-r3 (r4 arrives at 5.5 M; seven requests lie beyond H, more
     * than 5). Scores = level x 1e5 + floor(1e5 x (H - arrival) / sp_prediction):
     * r0 SqueezeNet L2 at 0: 200 000 + floor(5e11 / 2 247 964) = 422 423;
     * r1 ResNet L0 at 1 M: floor(4e11 / 23 501 374) = 17 020;
     * r2 YOLO-Lite L9 at 2 M: 900 000 + floor(3e11 / 1 511 060) = 1 098 536;
     * r3 AlexNet L2 at 4 M: 200 000 + floor(1e11 / 12 112 825) = 208 255.
     * Order r2, r0, r3, r1; one pass hands them to k = 0, 1, 2, 3 (all c_k equal, each the smallest
     * at its turn): c = 5e6 + 1.15 x tp = 5 919 898 (YOLO-Lite 799 912), 6 317 098 (SqueezeNet
     * 1 145 303), 14 077 414 (AlexNet 7 893 404), 19 433 430 (ResNet 12 550 809).
     * Iteration 2: H = 5 919 898 admits r4 (GoogLeNet at 5.5 M), which goes to k = 0:
     * c_0 = 5 919 898 + 1.15 x 4 612 764 = 11 224 576. Iteration 3: H = 6 317 098 admits nothing new.
     */
    @Test
    void handWorkedDispatchRound() {
        long[] arrival = {0, 1_000_000, 2_000_000, 4_000_000, 5_500_000, 20_000_000, 21_000_000, 22_000_000,
                23_000_000, 24_000_000, 25_000_000, 26_000_000};
        int[] network = {SQZ, RES, LITE, ALEX, GOOG, GOOG, GOOG, GOOG, GOOG, GOOG, GOOG, GOOG};
        int[] level = {2, 0, 9, 2, 0, 0, 0, 0, 0, 0, 0, 0};
        MocaRuntime runtime = new MocaRuntime();
        runtime.prepare("moca", MocaPolicies.defaults("moca"), trace(arrival, network, level), true);
        assertEquals(3, runtime.dispatchRounds(0));
        assertTrue(runtime.fullRound());
        assertList(runtime, 0, 2, 4);
        assertList(runtime, 1, 0);
        assertList(runtime, 2, 3);
        assertList(runtime, 3, 1);
        assertEquals(11_224_576L, runtime.predictedFree(0));
        assertEquals(6_317_098L, runtime.predictedFree(1));
        assertEquals(14_077_414L, runtime.predictedFree(2));
        assertEquals(19_433_430L, runtime.predictedFree(3));
        for (int r = 5; r < 12; r++) assertTrue(runtime.isUnassigned(r));
    }

    /** With at most 5 requests beyond H, those are eligible too: all 9 go out in the first iteration. */
    @Test
    void atMostFiveBeyondTheHorizonAreEligible() {
        long[] arrival = {0, 0, 0, 0, 50_000_000, 60_000_000, 70_000_000, 80_000_000, 90_000_000};
        int[] network = {SQZ, SQZ, SQZ, SQZ, SQZ, SQZ, SQZ, SQZ, SQZ};
        int[] level = new int[9];
        MocaRuntime runtime = new MocaRuntime();
        runtime.prepare("static-partition", MocaPolicies.defaults("static-partition"), trace(arrival, network, level), true);
        runtime.dispatchRounds(0);
        int handed = 0;
        for (int k = 0; k < 4; k++) handed += runtime.listLength(k);
        assertEquals(9, handed);
        // one pass per candidate group of 4: r0-r3 to k 0-3, then r4-r7, then r8 to k 0 (equal c_k, lower index)
        assertList(runtime, 0, 0, 4, 8);
        assertList(runtime, 3, 3, 7);
    }

    /**
     * Depth 2, one iteration, eight requests at 0 ordered by score: r0 YOLO-Lite L11 (1 430 893), r1-r3 ResNet L9 (921 276), r4
     * YOLO-Lite L4 (730 893), r5-r7 SqueezeNet L0 (222 424). Pass 1 gives r0-r3 to k = 0-3 (c_0 = 5 919 898, the others
     * 19 433 430); pass 2 reaches only k = 0 (the smallest), which takes r4 and now holds 2; pass 3
     * finds k = 0 full and sends r5-r7 back.
     */
    @Test
    void aFullSubGroupSendsTheRestBack() {
        double[] params = MocaPolicies.defaults("static-partition");
        var space = MocaPolicies.space("static-partition");
        params[space.indexOf("static-partition", "queueDepth")] = 2;
        params[space.indexOf("static-partition", "iterations")] = 1;
        int[] network = {LITE, RES, RES, RES, LITE, SQZ, SQZ, SQZ};
        int[] level = {11, 9, 9, 9, 4, 0, 0, 0};
        MocaRuntime runtime = new MocaRuntime();
        runtime.prepare("static-partition", params, trace(new long[8], network, level), true);
        assertEquals(1, runtime.dispatchRounds(0));
        assertList(runtime, 0, 0, 4);
        assertList(runtime, 1, 1);
        assertList(runtime, 2, 2);
        assertList(runtime, 3, 3);
        for (int r = 5; r < 8; r++) assertTrue(runtime.isUnassigned(r));
        assertEquals(5_000_000L + 2 * 919_898L, runtime.predictedFree(0)); // (long) (5e6 + 919 898.8), twice
    }

    /**
     * MOCA.md §6 on a hand-made list: ResNet claims the first partner-type slot at or after it
     * (AlexNet, slot 1); AlexNet, itself claimed, claims GoogLeNet (slot 2); YOLOv2 claims KWS
     * (slot 5); SqueezeNet (slot 3) stays free. Second list: AlexNet claims YOLOv2, which finds no
     * partner after it (ResNet is not one of YOLOv2's partner types).
     */
    @Test
    void coLocationPairsOnAHandMadeList() {
        int[] network = {RES, ALEX, GOOG, SQZ, YOLO, KWS, ALEX, YOLO, RES};
        MocaRuntime runtime = new MocaRuntime();
        runtime.prepare("moca", MocaPolicies.defaults("moca"), trace(new long[9], network, new int[9]), true);
        for (int k = 0; k < 4; k++) runtime.setList(k);
        runtime.setList(0, 0, 1, 2, 3, 4, 5);
        runtime.setList(1, 6, 7, 8);
        runtime.group();
        int[] expected0 = {1, 2, -1, -1, 5, -1};
        for (int i = 0; i < expected0.length; i++) assertEquals(expected0[i], runtime.partnerAt(0, i), "slot " + i);
        int[] expected1 = {7, -1, -1};
        for (int i = 0; i < expected1.length; i++) assertEquals(expected1[i], runtime.partnerAt(1, i), "slot " + i);
    }

    /** Partner portions (MOCA.md §6), as exclusive 0-based layer ends. */
    @Test
    void partnerPortions() {
        assertEquals(26, MocaRuntime.partnerEnd(MocaNetwork.RESNET50, MocaNetwork.SQUEEZENET));
        assertEquals(12, MocaRuntime.partnerEnd(MocaNetwork.YOLOV2, MocaNetwork.KWSNET));
        assertEquals(5, MocaRuntime.partnerEnd(MocaNetwork.RESNET50, MocaNetwork.ALEXNET));
        assertEquals(3, MocaRuntime.partnerEnd(MocaNetwork.YOLOV2, MocaNetwork.GOOGLENET));
        assertEquals(25, MocaRuntime.partnerEnd(MocaNetwork.ALEXNET, MocaNetwork.RESNET50));
        assertEquals(13, MocaRuntime.partnerEnd(MocaNetwork.ALEXNET, MocaNetwork.YOLOV2));
        assertEquals(25, MocaRuntime.partnerEnd(MocaNetwork.ALEXNET, MocaNetwork.KWSNET));
        assertEquals(0, MocaRuntime.partnerEnd(MocaNetwork.ALEXNET, MocaNetwork.SQUEEZENET));
        assertEquals(0, MocaRuntime.partnerEnd(MocaNetwork.GOOGLENET, MocaNetwork.SQUEEZENET));
    }

    /**
     * Release rule: in a full round, sub-groups 2 and 3 have empty lists (done at the round start),
     * so when sub-group 1 reaches its second, unstarted slot they are done strictly earlier and the
     * slot goes back to the pool; sub-group 0's single slot runs. In a round that was not full,
     * the same slot runs.
     */
    @Test
    void fullRoundReleasesUnstartedSlotsOnceAnotherListIsDone() {
        int[] network = {RES, SQZ, SQZ};
        for (boolean full : new boolean[]{true, false}) {
            MocaRuntime runtime = new MocaRuntime();
            runtime.prepare("static-partition", MocaPolicies.defaults("static-partition"), trace(new long[3], network, new int[3]), true);
            for (int k = 0; k < 4; k++) runtime.setList(k);
            runtime.setList(0, 0);
            runtime.setList(1, 1, 2);
            runtime.runPreparedRound(full);
            assertFalse(runtime.isUnassigned(0));
            assertFalse(runtime.isUnassigned(1));
            assertEquals(full, runtime.isUnassigned(2), "full round " + full);
        }
    }

    /**
     * One YOLO-Lite arriving at 30 M cycles, alone. Physical: it starts when it arrives and its
     * latency is its isolated 2-tile time. Artifact: dispatched within the 5 M horizon only once
     * T + 5 M >= ... here it is the only request, so it is eligible at once (at most 5 beyond H),
     * starts at T = 0 and finishes long before it arrives: logged 1000, then raised to tp_prediction
     * (799 912 cycles).
     */
    @Test
    void artifactLooksAheadAndFloorsWhilePhysicalWaits() {
        MocaTrace one = trace(new long[]{30_000_000}, new int[]{LITE}, new int[]{0});
        MocaOutcome physical = MocaEvaluator.run("static-partition", MocaPolicies.defaults("static-partition"), one, false);
        assertEquals(30_000_000, physical.startCycles(0), 1e-6);
        double isolated = MocaWork.standard().isolatedCycles(LITE, 2);
        assertEquals(isolated, physical.loggedLatencyCycles(0), 1e-6 * isolated);
        MocaOutcome artifact = MocaEvaluator.run("static-partition", MocaPolicies.defaults("static-partition"), one, true);
        assertTrue(artifact.startCycles(0) < 30_000_000);
        assertTrue(artifact.finishCycles(0) < 30_000_000);
        assertEquals(799_912, artifact.loggedLatencyCycles(0), 0);
        assertTrue(artifact.met(0));
    }

    /** As written, a standalone YOLO-Lite never runs under MoCA (threshold read out of bounds): logged at the floor, never run. */
    @Test
    void artifactMocaNeverRunsAStandaloneYoloLite() {
        MocaTrace one = trace(new long[]{0}, new int[]{LITE}, new int[]{0});
        MocaOutcome artifact = MocaEvaluator.run("moca", MocaPolicies.defaults("moca"), one, true);
        assertFalse(artifact.ran(0));
        assertEquals(799_912, artifact.loggedLatencyCycles(0), 0);
        MocaOutcome physical = MocaEvaluator.run("moca", MocaPolicies.defaults("moca"), one, false);
        assertTrue(physical.ran(0));
    }

    /**
     * A ResNet-50 and a SqueezeNet, both at 0, on one sub-group's list: the pair runs ResNet's
     * blocks 1-3 (layers 1-44) on both tiles, then block 4 on tile 0 beside the whole SqueezeNet on
     * tile 1. So the SqueezeNet starts exactly when ResNet's layer 44 ends, both finish in that one
     * slot, and SqueezeNet's own slot has nothing left to run.
     */
    @Test
    void coLocatedPartnerStartsAfterTheHeavysTwoTileBlocks() {
        int[] network = {RES, SQZ};
        for (boolean artifact : new boolean[]{false, true}) {
            MocaRuntime runtime = new MocaRuntime();
            runtime.prepare("moca-no-throttle", MocaPolicies.defaults("moca-no-throttle"), trace(new long[2], network, new int[2]), artifact);
            for (int k = 0; k < 4; k++) runtime.setList(k);
            runtime.setList(0, 0, 1);
            runtime.runPreparedRound(false);
            assertEquals(1, runtime.partnerAt(0, 0));
            assertEquals(54, runtime.nextLayerOf(0));
            assertEquals(26, runtime.nextLayerOf(1));
            double twoTilePart = 0;
            MocaWork work = MocaWork.standard();
            MemorySystem memory = new MemorySystem(work);
            double[] rate = new double[1];
            for (int l = 0; l < 44; l++) {
                memory.progressRates(1, new int[]{RES}, new int[]{l}, new int[]{2}, new double[]{Double.POSITIVE_INFINITY}, rate);
                twoTilePart += 1 / rate[0];
            }
            assertEquals(twoTilePart, runtime.startOf(1) - runtime.startOf(0), 1e-6 * twoTilePart, "artifact " + artifact);
        }
    }

    /**
     * Resumption of partners. List: YOLOv2 (claims the KWS), KWS, ResNet-50 (claims the GoogLeNet),
     * GoogLeNet. Physical: every partner resumes where it stopped, so KWS runs 12 + 13 = 25 layers
     * and GoogLeNet 3 + 55 = 58. Artifact as written: KWS (status 1, threshold 3) resumes at its
     * second 2-tile block (layer 15), so it runs 12 + 11 = 23 layers, skipping 13-14; GoogLeNet
     * (status 1, threshold 1) is never resumed: 3 layers, counted done.
     */
    @Test
    void partnersResumePhysicallyButAsWrittenSkipOrStop() {
        int[] network = {YOLO, KWS, RES, GOOG};
        for (boolean artifact : new boolean[]{false, true}) {
            MocaRuntime runtime = new MocaRuntime();
            runtime.prepare("moca-no-throttle", MocaPolicies.defaults("moca-no-throttle"), trace(new long[4], network, new int[4]), artifact);
            for (int k = 0; k < 4; k++) runtime.setList(k);
            runtime.setList(0, 0, 1, 2, 3);
            runtime.runPreparedRound(false);
            assertEquals(1, runtime.partnerAt(0, 0));
            assertEquals(3, runtime.partnerAt(0, 2));
            assertEquals(19, runtime.layersRunOf(0));
            assertEquals(54, runtime.layersRunOf(2));
            assertEquals(artifact ? 23 : 25, runtime.layersRunOf(1), "KWS, artifact " + artifact);
            assertEquals(artifact ? 3 : 58, runtime.layersRunOf(3), "GoogLeNet, artifact " + artifact);
        }
    }

    /**
     * Planaria on sibling sub-groups 0 and 1: a ResNet-50 at level 11 beside an AlexNet at level
     * 0 (AlexNet never initiates). AlexNet's score is 0 (level 0), so at ResNet's first part boundary
     * (layer round(54 / 10) = 5, well inside AlexNet's run) ResNet's score is at least its sibling's:
     * AlexNet is suspended and ResNet's next part runs on 4 tiles. With the levels swapped ResNet's
     * score is 0 and it never takes AlexNet's tiles; both runs finish both requests.
     */
    @Test
    void planariaTakesTheSiblingsTilesOnlyWithAtLeastItsScore() {
        for (boolean resNetFirst : new boolean[]{true, false}) {
            int[] level = resNetFirst ? new int[]{11, 0} : new int[]{0, 11};
            MocaRuntime runtime = new MocaRuntime();
            runtime.prepare("planaria", MocaPolicies.defaults("planaria"), trace(new long[2], new int[]{RES, ALEX}, level), false);
            for (int k = 0; k < 4; k++) runtime.setList(k);
            runtime.setList(0, 0);
            runtime.setList(1, 1);
            runtime.runPreparedRound(false);
            assertEquals(54, runtime.nextLayerOf(0));
            assertEquals(10, runtime.nextLayerOf(1));
            if (resNetFirst) assertTrue(runtime.preemptions() >= 1, "preemptions " + runtime.preemptions());
            else assertEquals(0, runtime.preemptions());
        }
    }

    /** Every policy, both runtimes, on set C at QoS-M: all requests finish (physical) and a rerun gives identical latencies. */
    @Test
    void everyPolicyFinishesAndIsDeterministic() {
        MocaTrace trace = MocaTraces.scenario("moca-c-m");
        MocaRuntime runtime = new MocaRuntime();
        for (String policy : MocaPolicies.names()) {
            for (boolean artifact : new boolean[]{false, true}) {
                MocaOutcome first = new MocaOutcome();
                runtime.run(policy, MocaPolicies.defaults(policy), trace, artifact, first);
                MocaOutcome second = MocaEvaluator.run(policy, MocaPolicies.defaults(policy), trace, artifact);
                assertArrayEquals(first.loggedLatencies(), second.loggedLatencies(), policy + " artifact " + artifact);
                for (int r = 0; r < trace.size(); r++) {
                    boolean mayBeSkipped = artifact && (policy.startsWith("moca")) ;
                    if (!mayBeSkipped) assertTrue(first.ran(r), policy + " artifact " + artifact + " request " + r);
                    assertTrue(first.loggedLatencyCycles(r) > 0);
                    if (!artifact) assertTrue(first.startCycles(r) >= trace.arrivalCycles(r), policy + " request " + r + " started early");
                }
            }
        }
    }

    /**
     * After a first run has sized the arrays, a run allocates nothing per event: a whole run on a
     * 250-request trace (thousands of events) allocates less than 1 KiB, for every policy.
     */
    @Test
    void aRunAllocatesNothingPerEvent() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        MocaTrace trace = MocaTraces.scenario("moca-c-m");
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        for (String policy : MocaPolicies.names()) {
            double[] params = MocaPolicies.defaults(policy);
            runtime.run(policy, params, trace, false, out);
            long before = threads.getCurrentThreadAllocatedBytes();
            runtime.run(policy, params, trace, false, out);
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(out.events() > 1000);
            assertTrue(bytes < 1024, policy + " allocated " + bytes + " bytes in a run of " + out.events() + " events");
        }
    }

    @Test
    void batchIsIndependentOfThreadCount() {
        List<MocaTrace> traces = List.of(MocaTraces.scenario("moca-a-m"), MocaTraces.scenario("moca-b-h"));
        double[] published = MocaPolicies.defaults("moca");
        double[] wider = published.clone();
        wider[MocaPolicies.space("moca").indexOf("moca", "budget")] = 250;
        List<double[]> candidates = List.of(published, wider);
        MocaMetrics[][] one = MocaEvaluator.batch("moca", candidates, traces, false, 1);
        MocaMetrics[][] two = MocaEvaluator.batch("moca", candidates, traces, false, 2);
        for (int c = 0; c < 2; c++) for (int t = 0; t < 2; t++) assertEquals(one[c][t], two[c][t]);
    }

    private static void assertList(MocaRuntime runtime, int k, int... expected) {
        assertEquals(expected.length, runtime.listLength(k), "length of sub-group " + k);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], runtime.listEntry(k, i), "sub-group " + k + " slot " + i);
    }
}
