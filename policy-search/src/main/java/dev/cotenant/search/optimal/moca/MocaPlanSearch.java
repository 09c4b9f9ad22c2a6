package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPlan;
import dev.cotenant.simulator.moca.MocaRuntime;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline search over MoCA plans with OptaPlanner: which of the four 2-tile sub-groups serves
 * each request and in what order (one round, back to back, nothing before its arrival), executed
 * under a given policy's co-location rule and regulation. Seeded with a plan (normally the best
 * online policy's realised one, flattened to one round), a construction heuristic places whatever
 * the seed leaves out, then late-acceptance local search with list moves (move a request, swap two,
 * move a sub-list reversed or not, across sub-groups). With a score-calculation budget and no
 * binding time limit the result is the same on every machine for a given random seed.
 */
public final class MocaPlanSearch {
    /**
     * @param scoreCalculations budget of scored plans (null: none, then the time limit must be set)
     * @param timeLimit         wall-clock limit (null: none); a binding one makes the result machine-dependent
     */
    public record Settings(Long scoreCalculations, Duration timeLimit, long randomSeed, int lateAcceptanceSize) {
        public Settings {
            if (scoreCalculations == null && timeLimit == null) throw new IllegalArgumentException("need a move budget or a time limit");
            if (scoreCalculations != null && scoreCalculations < 1) throw new IllegalArgumentException("move budget must be >= 1");
        }
    }

    /**
     * @param plan              best plan found (one round)
     * @param cost              its cost, from a fresh runtime run
     * @param seedCost          the seed's cost as a one-round plan
     * @param stoppedByTimeLimit the clock, not the budget, ended the search (machine-dependent result)
     */
    public record Result(MocaPlan plan, PlanCost cost, PlanCost seedCost, long scoreCalculations, boolean stoppedByTimeLimit) {}

    private MocaPlanSearch() {}

    public static Result solve(PlanProblem problem, int[][] seedOrders, Settings settings) {
        int n = problem.trace().size();
        List<Request> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) requests.add(new Request(i));
        List<SubGroup> subGroups = new ArrayList<>();
        for (int k = 0; k < seedOrders.length; k++) {
            List<Request> order = new ArrayList<>();
            for (int r : seedOrders[k]) order.add(requests.get(r));
            subGroups.add(new SubGroup(k, order));
        }
        MocaSchedule seed = new MocaSchedule(requests, subGroups, problem);
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome outcome = new MocaOutcome();
        PlanCost seedCost = complete(seedOrders, n) ? PlanScoreCalculator.cost(seed, runtime, outcome) : null;

        SolverFactory<MocaSchedule> factory = SolverFactory.create(config(settings));
        Solver<MocaSchedule> solver = factory.buildSolver();
        long[] calculations = {0};
        long before = problem.scoredPlans().get();
        MocaSchedule best = solver.solve(seed);
        calculations[0] = problem.scoredPlans().get() - before;
        PlanCost cost = PlanScoreCalculator.cost(best, runtime, outcome);
        boolean byTime = settings.scoreCalculations() == null || calculations[0] < settings.scoreCalculations();
        return new Result(best.plan(), cost, seedCost, calculations[0], byTime);
    }

    private static boolean complete(int[][] orders, int n) {
        int placed = 0;
        for (int[] o : orders) placed += o.length;
        return placed == n;
    }

    static SolverConfig config(Settings settings) {
        TerminationConfig termination = new TerminationConfig();
        if (settings.scoreCalculations() != null) termination.setScoreCalculationCountLimit(settings.scoreCalculations());
        if (settings.timeLimit() != null) termination.setMillisecondsSpentLimit(Math.max(1, settings.timeLimit().toMillis()));
        UnionMoveSelectorConfig moves = new UnionMoveSelectorConfig(List.of(
                new ListChangeMoveSelectorConfig(),
                new ListSwapMoveSelectorConfig(),
                new SubListChangeMoveSelectorConfig().withSelectReversingMoveToo(true)));
        LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(moves)
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(settings.lateAcceptanceSize()))
                // a 250-request plan has ~10^5 list moves: take a step after a few accepted ones
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(4));
        return new SolverConfig()
                .withSolutionClass(MocaSchedule.class)
                .withEntityClasses(SubGroup.class)
                .withScoreDirectorFactory(new ScoreDirectorFactoryConfig().withEasyScoreCalculatorClass(PlanScoreCalculator.class))
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withRandomSeed(settings.randomSeed())
                .withTerminationConfig(termination)
                .withPhases(new ConstructionHeuristicPhaseConfig(), localSearch);
    }
}
