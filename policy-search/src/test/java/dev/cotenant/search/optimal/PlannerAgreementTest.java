package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.search.optimal.planner.PlannerPartSolver;
import dev.cotenant.simulator.evaluate.BusyPeriods;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.KernelOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OptaPlanner against the exact optimum on a few hundred random instances of 10 requests. The
 * search is bounded by steps without improvement (not time), so the run is reproducible.
 */
class PlannerAgreementTest {
    static final int INSTANCES = 300;
    static final int REQUESTS = 10;

    @Test
    void optaPlannerFindsTheExactOptimumInAtLeast95PercentAndNeverLosesToTheBestHeuristic() {
        ScheduleObjective objective = ScheduleObjective.LEXICOGRAPHIC;
        int agree = 0, worseThanHeuristic = 0, worseThanHeuristicFamily = 0, partsSearched = 0;
        long exactNodes = 0;
        for (long seed = 0; seed < INSTANCES; seed++) {
            CompiledTrace trace = Instances.small(1000 + seed, REQUESTS);
            BusyPeriods periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
            IncrementalScheduleEvaluator evaluator = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, objective, 4096);
            Cost planned = Cost.ZERO, exact = Cost.ZERO;
            for (int p = 0; p < periods.count(); p++) {
                CompiledTrace part = periods.part(p);
                OnlineBaseline seedOrder = OnlineBaseline.of(part, objective);
                ExactOrderSolver.Result proof = new ExactOrderSolver(objective, 5_000_000).solve(part, seedOrder.completionOrder());
                assertTrue(proof.proven(), "seed " + seed + " part " + p);
                exactNodes += proof.nodes();
                exact = exact.plus(proof.cost());
                if (part.size() < 2) {
                    planned = planned.plus(proof.cost());
                    continue;
                }
                partsSearched++;
                PlannerPartSolver.Result found = PlannerPartSolver.solve(evaluator, p, objective, seedOrder.completionOrder(),
                        new PlannerPartSolver.Settings(Duration.ofSeconds(30), 300L * part.size(), seed, 50), null);
                planned = planned.plus(found.cost());
            }
            int vsExact = objective.compare(planned, exact);
            assertTrue(vsExact >= 0, "OptaPlanner cannot beat a proven optimum; seed " + seed);
            if (vsExact == 0) agree++;
            OnlineBaseline heuristic = OnlineBaseline.of(trace, objective);
            if (objective.compare(planned, heuristic.cost()) > 0) worseThanHeuristic++;
            if (objective.compare(exact, heuristic.cost()) > 0) worseThanHeuristicFamily++;
        }
        double rate = (double) agree / INSTANCES;
        // The figure quoted in docs/optimal.md; printed on request only (-Dcotenant.test.verbose=true), so a passing build stays silent.
        if (Boolean.getBoolean("cotenant.test.verbose")) System.out.printf("OptaPlanner = exact optimum on %d of %d instances of %d requests (%.1f%%); %d busy periods searched;"
                        + " exact solver %d kernel runs in all; instances where the best fixed order loses to the best heuristic: %d;"
                        + " where OptaPlanner does: %d%n",
                agree, INSTANCES, REQUESTS, 100 * rate, partsSearched, exactNodes, worseThanHeuristicFamily, worseThanHeuristic);
        assertTrue(rate >= 0.95, "agreement " + rate);
        assertTrue(worseThanHeuristic == 0, "worse than the best online heuristic on " + worseThanHeuristic + " instances");
    }
}
