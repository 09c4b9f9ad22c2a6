package dev.cotenant.search.optimal.multitile;

import dev.cotenant.simulator.multitile.MultiTileKernel;
import dev.cotenant.simulator.multitile.MultiTileMetrics;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The every-schedule bound holds against every online policy and the family's exhaustive optimum, and is tight for a lone request. */
class MultiTileBoundTest {
    @Test
    void noScheduleBeatsTheBound() {
        MultiTileObjective objective = MultiTileObjective.MISSES_THEN_STP;
        for (int i = 0; i < 9; i++) {
            MultiTileTrace trace = TinyInstances.moca(i, 4);
            MultiTileObjective.Cost bound = MultiTileBound.of(trace);
            PlanFamily family = PlanFamily.of(List.of(2, 4, 8), List.of(1.0, 0.25), trace);
            for (OnlineSeeds o : OnlineSeeds.of(trace, family, MultiTilePolicies.names())) {
                assertTrue(o.cost().weightedMissedDeadlines() >= bound.weightedMissedDeadlines(), i + " " + o.policy());
                assertTrue(o.cost().stp() <= bound.stp() * (1 + 1e-9), i + " " + o.policy());
            }
            MultiTileObjective.Cost exact = ExhaustivePlanSearch.solve(new PlanEvaluator(trace, family, objective, 0), 1e6, null).cost();
            assertTrue(exact.weightedMissedDeadlines() >= bound.weightedMissedDeadlines(), "instance " + i);
            assertTrue(exact.stp() <= bound.stp() * (1 + 1e-9), "instance " + i);
        }
    }

    @Test
    void aLoneRequestOnTheWholeAcceleratorReachesIt() {
        MultiTileTrace trace = TinyInstances.moca(0, 1);
        // alone, with every tile and the whole bus, the request runs at its isolated latency; the bound's
        // fastest run may pick fewer tiles for a layer, so it is at most that
        double fastest = MultiTileBound.fastestSeconds(trace, 0);
        assertTrue(fastest <= trace.isolatedSeconds(0) * (1 + 1e-12));
        MultiTileMetrics m = MultiTileMetrics.of(trace, new MultiTileKernel().run(trace, MultiTilePolicies.published("prema-tm")));
        assertTrue(m.stp() <= MultiTileBound.of(trace).stp() * (1 + 1e-9));
        assertEquals(trace.isolatedSeconds(0) / fastest, MultiTileBound.of(trace).stp(), 1e-9);
    }
}
