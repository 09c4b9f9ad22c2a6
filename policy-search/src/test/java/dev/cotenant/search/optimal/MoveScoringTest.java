package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.search.optimal.planner.PlannerPartSolver;
import dev.cotenant.simulator.evaluate.BusyPeriods;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimiser's move scoring (per-request terms over the part trajectory's changed finish times)
 * against the plain route (a kernel run of the whole part, then {@link ScheduleObjective#score}
 * through the metric calculator), on the largest busy period of 300 requests at 8/s (load ~0.87).
 */
class MoveScoringTest {
    private static CompiledTrace trace() {
        LatencyDirectory dir = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        return new CompiledTrace(new CompiledWorkload(dir), PoissonTraceGenerator.generate(dir, 300, 8, 10, 2));
    }

    private static int largest(BusyPeriods periods) {
        int best = 0;
        for (int p = 1; p < periods.count(); p++) if (periods.size(p) > periods.size(best)) best = p;
        return best;
    }

    @Test
    void movesScoreAsAWholeRunOfThePartDoes() {
        CompiledTrace trace = trace();
        BusyPeriods periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
        int part = largest(periods);
        int n = periods.size(part);
        assertTrue(n >= 40, "a large busy period to search, got " + n);
        ScheduleObjective objective = ScheduleObjective.LEXICOGRAPHIC;
        IncrementalScheduleEvaluator moves = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, objective, 0);
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
        Outcome outcome = new Outcome();
        CompiledTrace compiled = periods.part(part);
        int[] order = OnlineBaseline.of(compiled, objective).completionOrder();
        double[] got = new double[2], expected = new double[2];
        SplittableRandom random = new SplittableRandom(9);
        int missesChanged = 0;
        for (int m = 0; m < 600; m++) {
            int[] candidate = order.clone();
            int i = random.nextInt(n), j = random.nextInt(n);
            if (m % 2 == 0) {
                int a = candidate[i];
                candidate[i] = candidate[j];
                candidate[j] = a;
            } else {
                int x = candidate[i];
                if (i < j) System.arraycopy(candidate, i + 1, candidate, i, j - i);
                else System.arraycopy(candidate, j, candidate, j + 1, i - j);
                candidate[j] = x;
            }
            moves.scorePart(part, candidate, got);
            kernel.run(compiled, FixedOrder.ofSequence(candidate), outcome, null);
            objective.score(compiled, outcome, expected);
            assertEquals(expected[0], got[0], 0, "weighted misses, move " + m);
            assertEquals(expected[1], got[1], 1e-9 * expected[1], "turnaround sum, move " + m);
            if (got[0] != objective.cost(compiled, kernel.run(compiled, FixedOrder.ofSequence(order))).weightedMissedDeadlines()) missesChanged++;
            if (objective.compare(Cost.of(got), Cost.of(expected)) != 0) throw new AssertionError("tie rule disagrees at move " + m);
            if (random.nextInt(3) == 0) {
                order = candidate;
                moves.adopt(part, order);
            }
        }
        assertTrue(missesChanged > 0, "some moves change the weighted misses, so that term is exercised");
    }

    /** The planner with its step hook is reproducible and reports the kernel's cost of the order it returns. */
    @Test
    void plannerSearchIsReproducibleAndItsCostIsTheKernels() {
        CompiledTrace trace = trace();
        BusyPeriods periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
        int part = largest(periods);
        ScheduleObjective objective = ScheduleObjective.LEXICOGRAPHIC;
        CompiledTrace compiled = periods.part(part);
        OnlineBaseline seed = OnlineBaseline.of(compiled, objective);
        PlannerPartSolver.Settings settings = new PlannerPartSolver.Settings(Duration.ofSeconds(60), 20L * compiled.size(), 4, 50);
        PlannerPartSolver.Result first = PlannerPartSolver.solve(new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, objective, 0),
                part, objective, seed.completionOrder(), settings, null);
        PlannerPartSolver.Result second = PlannerPartSolver.solve(new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, objective, 0),
                part, objective, seed.completionOrder(), settings, null);
        assertArrayEquals(first.localSequence(), second.localSequence());
        Cost kernelCost = objective.cost(compiled, new TimeMultiplexedKernel().run(compiled, FixedOrder.ofSequence(first.localSequence())));
        assertEquals(0, objective.compare(kernelCost, first.cost()));
        assertTrue(objective.compare(first.cost(), seed.completionOrderCost()) <= 0, "never worse than the seed order");
    }
}
