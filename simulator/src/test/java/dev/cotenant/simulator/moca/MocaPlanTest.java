package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MocaPlanTest {
    /**
     * The hook must be the same ruler as the online runtime: replaying the realised plan of a
     * physical run (its rounds, their start times, every begun slot and its partner) through the
     * same layer, memory and regulation code must give every request the very same latency.
     */
    @Test
    void replayingAnOnlineRunsRealisedPlanGivesItsLatenciesExactly() {
        MocaRuntime runtime = new MocaRuntime();
        for (String scenario : new String[] {"moca-a-h", "moca-b-m", "moca-c-l"}) {
            MocaTrace trace = MocaTraces.scenario(scenario);
            for (String policy : MocaPolicies.names()) {
                MocaOutcome online = new MocaOutcome();
                runtime.run(policy, MocaPolicies.defaults(policy), trace, false, online);
                MocaPlan realised = runtime.realisedPlan();
                MocaOutcome replay = new MocaOutcome();
                runtime.runPlan(policy, MocaPolicies.defaults(policy), trace, realised, replay);
                assertArrayEquals(online.loggedLatencies(), replay.loggedLatencies(), scenario + " " + policy);
                assertTrue(realised.rounds() > 1, "a 250-request trace takes many rounds");
            }
        }
    }

    /**
     * Hand-worked: two requests on sub-groups 0 and 1, alone on the SoC, both arriving at 0: each
     * runs uncontended on its own 2-tile sub-group... except that both share the memory system, so
     * only a single request is truly isolated. One SqueezeNet alone on sub-group 2 must take exactly
     * the 2-tile isolated time of the model (MocaWork.isolatedCycles(n, 2)), and a second one queued
     * behind it on the same sub-group finishes exactly two isolated times after 0.
     */
    @Test
    void aLoneRequestTakesItsIsolatedTimeAndTheNextInLineWaitsForIt() {
        int squeeze = MocaNetwork.SQUEEZENET.ordinal();
        MocaTrace trace = new MocaTrace("two", new long[] {0, 0}, new int[] {squeeze, squeeze}, new int[] {0, 0}, new long[] {100_000_000, 100_000_000});
        double iso = MocaWork.standard().isolatedCycles(squeeze, 2);
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        runtime.runPlan(MocaPolicies.STATIC_PARTITION, MocaPolicies.defaults(MocaPolicies.STATIC_PARTITION), trace,
                MocaPlan.ofOrders(new int[][] {{}, {}, {1, 0}, {}}), out);
        assertEquals(iso, out.loggedLatencyCycles(1), 1e-6 * iso);
        assertEquals(2 * iso, out.loggedLatencyCycles(0), 1e-6 * iso);
        assertEquals(iso, out.startCycles(0), 1e-6 * iso);
    }

    /** Nothing starts before it arrives: a request first in line but arriving at 5 M cycles starts at 5 M. */
    @Test
    void aPlannedRequestWaitsForItsArrival() {
        int kws = MocaNetwork.KWSNET.ordinal();
        MocaTrace trace = new MocaTrace("late", new long[] {5_000_000}, new int[] {kws}, new int[] {3}, new long[] {100_000_000});
        MocaOutcome out = new MocaOutcome();
        new MocaRuntime().runPlan(MocaPolicies.MOCA, MocaPolicies.defaults(MocaPolicies.MOCA), trace, MocaPlan.ofOrders(new int[][] {{0}, {}, {}, {}}), out);
        assertEquals(5_000_000, out.startCycles(0), 0);
        assertEquals(MocaWork.standard().isolatedCycles(kws, 2), out.loggedLatencyCycles(0), 1e-3);
    }

    /** Flattening a moca run's plan keeps every request exactly once, partner-only ones included (they follow their heavy). */
    @Test
    void aRealisedPlanFlattensToOneSlotPerRequest() {
        MocaRuntime runtime = new MocaRuntime();
        MocaTrace trace = MocaTraces.scenario("moca-c-m");
        runtime.run(MocaPolicies.MOCA, MocaPolicies.defaults(MocaPolicies.MOCA), trace, false, new MocaOutcome());
        MocaPlan realised = runtime.realisedPlan();
        int slots = 0;
        for (int t = 0; t < realised.rounds(); t++) for (int k = 0; k < 4; k++) slots += realised.length(t, k);
        assertTrue(slots < trace.size(), "some request should run only as a partner here, else the case is not exercised");
        int[][] orders = realised.orders();
        int[] seen = new int[trace.size()];
        for (int[] order : orders) for (int r : order) seen[r]++;
        for (int r = 0; r < trace.size(); r++) assertEquals(1, seen[r], "request " + r);
        MocaOutcome out = new MocaOutcome();
        runtime.runPlan(MocaPolicies.MOCA, MocaPolicies.defaults(MocaPolicies.MOCA), trace, MocaPlan.ofOrders(orders), out);
        assertEquals(trace.size(), out.size());
    }

    @Test
    void aPlanMustCoverEveryRequestOnce() {
        int kws = MocaNetwork.KWSNET.ordinal();
        MocaTrace trace = new MocaTrace("two", new long[] {0, 0}, new int[] {kws, kws}, new int[] {0, 0}, new long[] {1, 1});
        MocaRuntime runtime = new MocaRuntime();
        double[] p = MocaPolicies.defaults(MocaPolicies.MOCA);
        assertThrows(BadInputException.class, () -> runtime.runPlan(MocaPolicies.MOCA, p, trace, MocaPlan.ofOrders(new int[][] {{0}, {}, {}, {}}), new MocaOutcome()));
        assertThrows(BadInputException.class, () -> runtime.runPlan(MocaPolicies.MOCA, p, trace, MocaPlan.ofOrders(new int[][] {{0, 1}, {1}, {}, {}}), new MocaOutcome()));
        assertThrows(BadInputException.class, () -> runtime.runPlan(MocaPolicies.MOCA, p, trace, MocaPlan.ofOrders(new int[][] {{0, 2}, {1}, {}, {}}), new MocaOutcome()));
    }
}
