package dev.cotenant.search.optimal.multitile;

import dev.cotenant.search.optimal.multitile.MultiTileObjective.Cost;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The genetic search against the exhaustive optimum of the family on random tiny MoCA instances
 * (4 requests, tiles {2, 4, 8}, throttle shares {1, 0.25}: 62,208 plans each), with a budget of a
 * few percent of that (generation-limited, so reproducible). Also: the exhaustive optimum is never
 * beaten by anything in the family, the search is never worse than any of its seeds, nor than the
 * best online policy on these instances. Measured when written: 23 of 27 (85%), 2.9% of the plans
 * scored, better than the best online policy on 26 of 27.
 */
class SearchAgreementTest {
    static final int INSTANCES = 27;
    static final int REQUESTS = 4;
    static final List<Integer> TILES = List.of(2, 4, 8);
    static final List<Double> THROTTLES = List.of(1.0, 0.25);

    @Test
    void geneticSearchReachesTheExhaustiveOptimumOnMostTinyInstances() {
        MultiTileObjective objective = MultiTileObjective.MISSES_THEN_STP;
        int agree = 0, worseThanOnline = 0, familyWorseThanOnline = 0, beatsOnline = 0;
        long evaluations = 0;
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            MultiTileTrace trace = TinyInstances.moca(i, REQUESTS);
            PlanFamily family = PlanFamily.of(TILES, THROTTLES, trace);
            List<OnlineSeeds> online = OnlineSeeds.of(trace, family, MultiTilePolicies.names());
            OnlineSeeds bestOnline = OnlineSeeds.best(online, objective);
            List<Plan> seeds = new ArrayList<>(bestOnline.seeds());
            for (OnlineSeeds o : online) for (Plan p : o.seeds()) if (!seeds.contains(p)) seeds.add(p);

            ExhaustivePlanSearch.Result exact = ExhaustivePlanSearch.solve(new PlanEvaluator(trace, family, objective, 0), 1e6, null);
            PlanEvaluator evaluator = new PlanEvaluator(trace, family, objective, 1 << 16);
            GeneticPlanSearch.Result found = GeneticPlanSearch.solve(evaluator, seeds,
                    new GeneticPlanSearch.Settings(Duration.ofMinutes(5), 100, 0, 32, i), null);
            evaluations += found.evaluations();

            int vsExact = objective.compare(found.cost(), exact.cost());
            assertTrue(vsExact >= 0, "instance " + i + ": the search beat the exhaustive optimum: " + found.cost() + " < " + exact.cost());
            for (Plan seed : seeds) {
                Cost c = evaluator.cost(seed);
                assertTrue(objective.compare(found.cost(), c) <= 0, "instance " + i + ": worse than seed " + seed);
                assertTrue(objective.compare(exact.cost(), c) <= 0, "instance " + i + ": exhaustive worse than seed " + seed);
            }
            if (vsExact == 0) agree++;
            else misses.add(i + ": " + found.cost() + " vs " + exact.cost());
            if (objective.compare(found.cost(), bestOnline.cost()) > 0) worseThanOnline++;
            if (objective.compare(exact.cost(), bestOnline.cost()) > 0) familyWorseThanOnline++;
            if (objective.compare(found.cost(), bestOnline.cost()) < 0) beatsOnline++;
        }
        double rate = (double) agree / INSTANCES;
        System.out.printf("multi-tile: genetic search = exhaustive optimum on %d of %d instances of %d requests (%.1f%%), %d plans scored in all"
                        + " (%.1f%% of the %d x 62,208 plans); better than the best online policy on %d; worse on %d (family optimum worse on %d)%n",
                agree, INSTANCES, REQUESTS, 100 * rate, evaluations, 100.0 * evaluations / (INSTANCES * 62_208.0), INSTANCES, beatsOnline,
                worseThanOnline, familyWorseThanOnline);
        misses.forEach(m -> System.out.println("  not reached: " + m));
        assertTrue(rate >= 0.8, "agreement " + rate);
        // Not guaranteed by construction (the family cannot express Planaria's re-dealing or MoCA's per-event caps),
        // so it is measured here on every instance rather than assumed.
        assertEquals(0, worseThanOnline, "worse than the best online policy on " + worseThanOnline + " instances");
    }
}
