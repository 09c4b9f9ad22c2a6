package dev.cotenant.search.optimal.planner;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.FixedOrder;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.list.ListChangeMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.list.ListSwapMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.list.SubListChangeMoveSelectorConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;
import org.optaplanner.core.impl.phase.event.PhaseLifecycleListenerAdapter;
import org.optaplanner.core.impl.phase.scope.AbstractStepScope;
import org.optaplanner.core.impl.solver.AbstractSolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Local search over the priority order of one busy period with OptaPlanner. The starting order is
 * given (the optimiser passes the best online heuristic's completion order, so this is the
 * construction step); the moves are those suited to orders: swap two requests, move one request
 * (insertion), and move a sub-list, reversed or not; late acceptance lets the search walk through
 * sideways and slightly worse orders. Every score is a kernel run of this busy period alone, and
 * of the stretch of it the move can change: after each step the evaluator's trajectory adopts the
 * new working order, so the next moves are re-run against it (see {@code FixedOrderTrajectory}).
 */
public final class PlannerPartSolver {
    /**
     * @param timeLimit           wall-clock limit of this part's search
     * @param scoreCalculationLimit stop after this many scored moves (null: none); with this limit
     *                            and no binding time limit the result is reproducible for a given
     *                            {@code randomSeed}. (A count of steps would not do: in a strict
     *                            local optimum late acceptance accepts no move, so no step ends,
     *                            and only the clock or this count stops the search.)
     * @param lateAcceptanceSize  late acceptance history length
     */
    public record Settings(Duration timeLimit, Long scoreCalculationLimit, long randomSeed, int lateAcceptanceSize) {
        public Settings {
            if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("time limit must be > 0");
        }
    }

    /**
     * @param localSequence     best order found; {@code cost} its cost from the kernel
     * @param stoppedByTimeLimit the wall-clock limit ended the search before its score-calculation budget
     *                          (or there was no budget), so the answer depends on the machine's speed
     */
    public record Result(int[] localSequence, Cost cost, long scoreCalculations, boolean stoppedByTimeLimit) {}

    private PlannerPartSolver() {}

    public static Result solve(IncrementalScheduleEvaluator evaluator, int part, ScheduleObjective objective, int[] seedSequence,
                               Settings settings, Consumer<Cost> onNewBest) {
        int n = evaluator.periods().size(part);
        List<RequestSlot> slots = new ArrayList<>(n);
        for (int i = 0; i < n; i++) slots.add(new RequestSlot(i));
        List<RequestSlot> order = new ArrayList<>(n);
        for (int id : seedSequence) order.add(slots.get(id));
        PartContext context = new PartContext(evaluator, part, objective);
        PartSchedule problem = new PartSchedule(slots, new RequestSequence(order), context);
        if (n < 2) {
            int[] seq = problem.localSequence();
            return new Result(seq, Cost.of(evaluator.scorePart(part, seq)), 1, false);
        }

        Solver<PartSchedule> solver = SolverFactory.<PartSchedule>create(config(settings, n)).buildSolver();
        // Step events are not in OptaPlanner's public API; the solver is always an AbstractSolver in
        // the pinned version, and without the hook scores stay right, only moves get dearer.
        if (solver instanceof AbstractSolver<PartSchedule> abstractSolver) {
            int[] working = new int[n];
            boolean[] seen = new boolean[n];
            abstractSolver.addPhaseLifecycleListener(new PhaseLifecycleListenerAdapter<>() {
                @Override
                public void stepEnded(AbstractStepScope<PartSchedule> stepScope) {
                    stepScope.getWorkingSolution().localSequence(working, seen);
                    evaluator.adopt(part, working);
                }
            });
        }
        if (onNewBest != null) {
            // A kernel run of its own: scoring an older best through the evaluator would move the
            // part's trajectory away from the working order the next moves are compared with.
            CompiledTrace compiled = evaluator.periods().part(part);
            TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(evaluator.options());
            solver.addEventListener(event -> onNewBest.accept(
                    objective.cost(compiled, kernel.run(compiled, FixedOrder.ofSequence(event.getNewBestSolution().localSequence())))));
        }
        long scoredBefore = evaluator.scoredOrders();
        PartSchedule best = solver.solve(problem);
        long scored = evaluator.scoredOrders() - scoredBefore;
        boolean byTime = settings.scoreCalculationLimit() == null || scored < settings.scoreCalculationLimit();
        int[] seq = best.localSequence();
        return new Result(seq, Cost.of(evaluator.scorePart(part, seq)), scored, byTime);
    }

    static SolverConfig config(Settings settings, int requests) {
        TerminationConfig termination = new TerminationConfig().withMillisecondsSpentLimit(Math.max(1, settings.timeLimit().toMillis()));
        if (settings.scoreCalculationLimit() != null) termination.setScoreCalculationCountLimit(settings.scoreCalculationLimit());
        UnionMoveSelectorConfig moves = new UnionMoveSelectorConfig(List.of(
                new ListSwapMoveSelectorConfig(),
                new ListChangeMoveSelectorConfig(),
                new SubListChangeMoveSelectorConfig().withSelectReversingMoveToo(true)));
        LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()

                .withMoveSelectorConfig(moves)
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(settings.lateAcceptanceSize()))
                // evaluate a handful of moves per step: the neighbourhood of a long order is large
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(Math.max(1, Math.min(4, requests))));
        return new SolverConfig()
                .withSolutionClass(PartSchedule.class)
                .withEntityClasses(RequestSequence.class)
                .withScoreDirectorFactory(new ScoreDirectorFactoryConfig().withIncrementalScoreCalculatorClass(PartScoreCalculator.class))
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withRandomSeed(settings.randomSeed())
                .withTerminationConfig(termination)
                .withPhases(localSearch);
    }
}
