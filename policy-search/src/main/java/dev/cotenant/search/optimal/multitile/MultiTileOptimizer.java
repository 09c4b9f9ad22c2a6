package dev.cotenant.search.optimal.multitile;

import dev.cotenant.search.optimal.multitile.MultiTileObjective.Cost;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MultiTileKernel;
import dev.cotenant.simulator.multitile.MultiTileMetrics;
import dev.cotenant.simulator.multitile.MultiTileOutcome;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.multitile.policy.PlannedSchedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The best schedule found for a multi-tile trace within a {@link PlanFamily}: per request a rank, a
 * tile count and a throttle level ({@link PlannedSchedule}), run by the same {@link MultiTileKernel}
 * and scored by the same {@link MultiTileMetrics} as the online policies.
 * <ol>
 *   <li>every online policy runs; its decisions give seed plans ({@link OnlineSeeds});</li>
 *   <li>if the family has at most {@link Settings#autoExactMaxPlans} plans for this trace (or
 *       {@link Settings#exact} asks for it), {@link ExhaustivePlanSearch} runs them all: the answer is
 *       <b>optimal-in-family</b>;</li>
 *   <li>otherwise {@link GeneticPlanSearch} searches from the seeds: the answer is <b>best-found</b>,
 *       never worse than the best seed plan, and compared (not assumed) against the best online policy.</li>
 * </ol>
 * Unlike the time-multiplexed optimum there are no busy periods to split on: whether the accelerator
 * idles depends on the tiles a plan gives, so the trace is searched whole.
 */
public final class MultiTileOptimizer {
    public static final String OPTIMAL_IN_FAMILY = "optimal-in-family";
    public static final String BEST_FOUND = "best-found";

    /**
     * @param tileChoices      allowed tile counts (filtered to the trace's range)
     * @param throttleLevels   allowed caps as shares of the bus (1 = none)
     * @param timeLimit        budget of the genetic search
     * @param exact            always enumerate; a family too large for {@code exactMaxPlans} is bad input
     * @param exactMaxPlans    most plans {@code exact} will enumerate
     * @param autoExactMaxPlans without {@code exact}, enumerate when the family has at most this many plans (0: never)
     * @param genetic          the genetic search's generations, stall, population and seed (its time limit is {@code timeLimit})
     * @param onlinePolicies   the online policies run, seeded from and compared with
     */
    public record Settings(MultiTileObjective objective, List<Integer> tileChoices, List<Double> throttleLevels, Duration timeLimit,
                           boolean exact, double exactMaxPlans, double autoExactMaxPlans, long maxGenerations, long stallGenerations,
                           int populationSize, long randomSeed, List<String> onlinePolicies) {
        public Settings {
            if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
                throw BadInputException.at("--time-limit", "must be > 0 seconds, got " + (timeLimit == null ? "none" : timeLimit.toMillis() / 1e3));
            }
            tileChoices = List.copyOf(tileChoices);
            throttleLevels = List.copyOf(throttleLevels);
            onlinePolicies = List.copyOf(onlinePolicies);
            if (onlinePolicies.isEmpty()) throw BadInputException.at("--policies", "needs at least one online policy to seed from");
            for (String p : onlinePolicies) MultiTilePolicies.entry(p);
            if (populationSize < 4) throw BadInputException.at("--population", "must be at least 4, got " + populationSize);
        }

        public static Settings defaults(Duration timeLimit) {
            return new Settings(MultiTileObjective.MISSES_THEN_STP, PlanFamily.DEFAULT_TILE_CHOICES, PlanFamily.DEFAULT_THROTTLE_LEVELS, timeLimit,
                    false, ExhaustivePlanSearch.DEFAULT_MAX_PLANS, 100_000, 0, 0, 64, 1, MultiTilePolicies.names());
        }

        public Settings withObjective(MultiTileObjective o) {
            return new Settings(o, tileChoices, throttleLevels, timeLimit, exact, exactMaxPlans, autoExactMaxPlans, maxGenerations, stallGenerations,
                    populationSize, randomSeed, onlinePolicies);
        }

        public Settings withFamily(List<Integer> tiles, List<Double> throttles) {
            return new Settings(objective, tiles, throttles, timeLimit, exact, exactMaxPlans, autoExactMaxPlans, maxGenerations, stallGenerations,
                    populationSize, randomSeed, onlinePolicies);
        }

        public Settings withExact(boolean on, double maxPlans) {
            return new Settings(objective, tileChoices, throttleLevels, timeLimit, on, maxPlans, autoExactMaxPlans, maxGenerations, stallGenerations,
                    populationSize, randomSeed, onlinePolicies);
        }

        public Settings withAutoExactMaxPlans(double plans) {
            return new Settings(objective, tileChoices, throttleLevels, timeLimit, exact, exactMaxPlans, plans, maxGenerations, stallGenerations,
                    populationSize, randomSeed, onlinePolicies);
        }

        public Settings withGenetic(long generations, long stall, int population, long seed) {
            return new Settings(objective, tileChoices, throttleLevels, timeLimit, exact, exactMaxPlans, autoExactMaxPlans, generations, stall,
                    population, seed, onlinePolicies);
        }

        public Settings withOnlinePolicies(List<String> policies) {
            return new Settings(objective, tileChoices, throttleLevels, timeLimit, exact, exactMaxPlans, autoExactMaxPlans, maxGenerations,
                    stallGenerations, populationSize, randomSeed, policies);
        }
    }

    /** Told about the phases, as they happen. */
    public interface Progress {
        default void online(OnlineSeeds best, int policies) {}
        default void newBest(Cost cost) {}
        default void enumerated(long plans, double total) {}
    }

    /**
     * @param plan             the answer
     * @param policy           the answer as a policy (tiles and caps resolved)
     * @param outcome          the kernel's run of it on the trace
     * @param metrics          its metrics
     * @param cost             its cost
     * @param label            {@value #OPTIMAL_IN_FAMILY} or {@value #BEST_FOUND}
     * @param method           exhaustive or genetic
     * @param online           every online policy's run (cost, metrics, seeds)
     * @param bestOnline       the best of them under the objective
     * @param bestSeedCost     the best seed plan's cost (the family's nearest rendering of the online decisions)
     * @param plansScored      plans run by the kernel (exhaustive) or scored (genetic, memo hits included)
     * @param familyPlans      the family's size for this trace
     */
    public record Solution(Plan plan, PlannedSchedule policy, MultiTileOutcome outcome, MultiTileMetrics metrics, Cost cost, String label,
                           String method, PlanFamily family, List<OnlineSeeds> online, OnlineSeeds bestOnline, Cost bestSeedCost,
                           long plansScored, long generations, long kernelRuns, double familyPlans, double seconds) {
        /** The answer is worse than the best online policy (possible only where the family cannot express that policy's run). */
        public boolean worseThanBestOnline(MultiTileObjective objective) { return objective.compare(cost, bestOnline.cost()) > 0; }
    }

    private MultiTileOptimizer() {}

    public static Solution solve(MultiTileTrace trace, Settings settings, Progress progress) {
        if (trace.size() == 0) throw BadInputException.at("--requests", "the trace is empty: nothing to schedule");
        long started = System.nanoTime();
        Progress p = progress == null ? new Progress() {} : progress;
        PlanFamily family = PlanFamily.of(settings.tileChoices(), settings.throttleLevels(), trace);
        MultiTileObjective objective = settings.objective();
        double familyPlans = family.planCount(trace.size());
        boolean enumerate = settings.exact() || familyPlans <= settings.autoExactMaxPlans();
        if (settings.exact()) ExhaustivePlanSearch.checkSize(family, trace.size(), settings.exactMaxPlans()); // before any work
        List<OnlineSeeds> online = OnlineSeeds.of(trace, family, settings.onlinePolicies());
        OnlineSeeds bestOnline = OnlineSeeds.best(online, objective);
        p.online(bestOnline, online.size());
        List<Plan> seeds = new ArrayList<>(bestOnline.seeds());
        for (OnlineSeeds o : online) for (Plan s : o.seeds()) if (!seeds.contains(s)) seeds.add(s);

        PlanEvaluator evaluator = new PlanEvaluator(trace, family, objective, 1 << 18);
        Cost bestSeedCost = null;
        for (Plan s : seeds) {
            Cost c = evaluator.cost(s);
            if (bestSeedCost == null || objective.compare(c, bestSeedCost) < 0) bestSeedCost = c;
        }
        Plan plan;
        String method;
        long scored;
        long generations = 0;
        if (enumerate) {
            ExhaustivePlanSearch.Result r = ExhaustivePlanSearch.solve(evaluator, settings.exact() ? settings.exactMaxPlans() : settings.autoExactMaxPlans(),
                    plans -> p.enumerated(plans, familyPlans));
            plan = r.best();
            scored = r.plans();
            method = "exhaustive";
        } else {
            GeneticPlanSearch.Result r = GeneticPlanSearch.solve(evaluator, seeds,
                    new GeneticPlanSearch.Settings(settings.timeLimit(), settings.maxGenerations(), settings.stallGenerations(),
                            settings.populationSize(), settings.randomSeed()), p::newBest);
            plan = r.best();
            scored = r.evaluations();
            generations = r.generations();
            method = "genetic";
        }
        PlannedSchedule policy = family.policy(plan, trace);
        MultiTileOutcome outcome = new MultiTileKernel().run(trace, policy);
        MultiTileMetrics metrics = MultiTileMetrics.of(trace, outcome);
        Cost cost = MultiTileObjective.cost(trace, metrics);
        // The seeds are plans of the family, and the kernel is deterministic: anything else is a bug.
        if (objective.compare(cost, bestSeedCost) > 0) {
            throw new IllegalStateException("the " + method + " answer " + cost + " is worse than its best seed plan " + bestSeedCost);
        }
        return new Solution(plan, policy, outcome, metrics, cost, enumerate ? OPTIMAL_IN_FAMILY : BEST_FOUND, method, family, List.copyOf(online),
                bestOnline, bestSeedCost, scored, generations, evaluator.kernelRuns() + online.size() + 1, familyPlans,
                (System.nanoTime() - started) / 1e9);
    }
}
