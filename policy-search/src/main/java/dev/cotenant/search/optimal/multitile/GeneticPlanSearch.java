package dev.cotenant.search.optimal.multitile;

import dev.cotenant.search.optimal.multitile.MultiTileObjective.Cost;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.SwapMutator;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Jenetics over the plan family. A genotype is four integer chromosomes: a random key per request
 * (ranks are the keys' order, ties by request id, the usual random-key encoding of a permutation
 * in a GA whose chromosomes must share one gene type), a tile-choice index per request, a
 * throttle-level index per request, and the preemption switch. Swap mutation exchanges two keys
 * (two ranks), two tile counts or two throttles; point mutation redraws a gene (for a key: move the
 * request to a random rank); uniform crossover mixes two plans gene by gene.
 *
 * <p>The initial population holds every seed plan (the online policies' decisions, {@link OnlineSeeds})
 * and random plans; the best plan ever scored is kept apart from the population, so the answer is
 * never worse than the best seed. After {@value #RESTART_AFTER_GENERATIONS} generations without a
 * better plan the population restarts from the best plan and random ones. Everything random runs
 * under a generator seeded per generation, and scoring is sequential, so with a generation limit
 * (and a time limit that does not bind) the result is reproducible.
 */
public final class GeneticPlanSearch {
    static final int KEY_STEP = 1 << 10;
    /**
     * Generations without a better plan after which the population, all but the best plan, is
     * redrawn at random: past that point the population has converged and further generations
     * mostly re-score plans already seen.
     */
    static final int RESTART_AFTER_GENERATIONS = 200;

    /**
     * @param timeLimit          wall-clock budget
     * @param maxGenerations     stop after this many generations (0: only time and stall)
     * @param stallGenerations   stop after this many generations without a better plan (0: never)
     * @param populationSize     individuals per generation
     */
    public record Settings(Duration timeLimit, long maxGenerations, long stallGenerations, int populationSize, long randomSeed) {
        public Settings {
            if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("time limit must be > 0");
            if (populationSize < 4) throw new IllegalArgumentException("population must be >= 4");
        }

        public static Settings of(Duration timeLimit) { return new Settings(timeLimit, 0, 0, 64, 1); }
    }

    /** @param best the best plan scored; {@code generations} run; {@code evaluations} plans scored (memo hits included) */
    public record Result(Plan best, Cost cost, long generations, long evaluations, long restarts, boolean stalled) {}

    /** Fitness for Jenetics: smaller is better, in the objective's order. */
    private record Fitness(Cost cost, MultiTileObjective objective) implements Comparable<Fitness> {
        @Override
        public int compareTo(Fitness o) { return objective.compare(cost, o.cost); }
    }

    private GeneticPlanSearch() {}

    public static Result solve(PlanEvaluator evaluator, List<Plan> seeds, Settings settings, Consumer<Cost> onNewBest) {
        int n = evaluator.trace().size();
        PlanFamily family = evaluator.family();
        MultiTileObjective objective = evaluator.objective();
        Plan[] best = new Plan[1];
        Cost[] bestCost = new Cost[1];
        long[] evaluations = {0};
        java.util.function.Function<Genotype<IntegerGene>, Fitness> fitness = g -> {
            Plan plan = decode(g);
            Cost c = evaluator.cost(plan);
            evaluations[0]++;
            if (bestCost[0] == null || objective.compare(c, bestCost[0]) < 0) {
                best[0] = plan;
                bestCost[0] = c;
                if (onNewBest != null) onNewBest.accept(c);
            }
            return new Fitness(c, objective);
        };
        Genotype<IntegerGene> factory = Genotype.of(
                IntegerChromosome.of(0, n * KEY_STEP, n),
                IntegerChromosome.of(0, family.tileChoices().length, n),
                IntegerChromosome.of(0, family.throttleLevels().length, n),
                IntegerChromosome.of(0, 2, 1));
        Engine<IntegerGene, Fitness> engine = Engine.builder(fitness, factory)
                .minimizing()
                .executor((Runnable r) -> r.run())
                .populationSize(settings.populationSize())
                .survivorsSelector(new TournamentSelector<>(3))
                .offspringSelector(new TournamentSelector<>(3))
                .alterers(new UniformCrossover<>(0.3), new SwapMutator<>(0.3), new Mutator<>(0.25))
                .build();

        long deadline = System.nanoTime() + settings.timeLimit().toNanos();
        ISeq<Phenotype<IntegerGene, Fitness>> population = RandomRegistry.with(random(settings.randomSeed(), 0), r -> {
            List<Phenotype<IntegerGene, Fitness>> initial = new ArrayList<>();
            for (Plan seed : seeds) {
                if (initial.size() >= settings.populationSize()) break;
                initial.add(Phenotype.of(encode(seed, factory), 0));
            }
            while (initial.size() < settings.populationSize()) initial.add(Phenotype.of(factory.newInstance(), 0));
            return ISeq.of(initial);
        });
        // Seeds beyond the population still count: scored once, so the best of them is a floor.
        for (int i = settings.populationSize(); i < seeds.size(); i++) fitness.apply(encode(seeds.get(i), factory));

        long generation = 1;
        long sinceBetter = 0;
        long restarts = 0;
        boolean stalled = false;
        while (System.nanoTime() < deadline && (settings.maxGenerations() == 0 || generation <= settings.maxGenerations())) {
            Cost before = bestCost[0];
            EvolutionStart<IntegerGene, Fitness> start = EvolutionStart.of(population, generation);
            EvolutionResult<IntegerGene, Fitness> result = RandomRegistry.with(random(settings.randomSeed(), generation), r -> engine.evolve(start));
            population = result.population();
            generation++;
            sinceBetter = before != null && objective.compare(bestCost[0], before) == 0 ? sinceBetter + 1 : 0;
            if (settings.stallGenerations() > 0 && sinceBetter >= settings.stallGenerations()) {
                stalled = true;
                break;
            }
            if (sinceBetter > 0 && sinceBetter % RESTART_AFTER_GENERATIONS == 0) {
                // Converged: keep the best plan, redraw the rest, so a long budget keeps exploring.
                long g = generation;
                population = RandomRegistry.with(random(settings.randomSeed(), -g), r -> {
                    List<Phenotype<IntegerGene, Fitness>> fresh = new ArrayList<>();
                    fresh.add(Phenotype.of(encode(best[0], factory), g));
                    while (fresh.size() < settings.populationSize()) fresh.add(Phenotype.of(factory.newInstance(), g));
                    return ISeq.of(fresh);
                });
                restarts++;
            }
        }
        if (best[0] == null) { // no generation ran: score the seeds
            for (Plan seed : seeds) fitness.apply(encode(seed, factory));
        }
        long polished = polish(evaluator, best, bestCost, deadline, onNewBest);
        return new Result(best[0], bestCost[0], generation - 1, evaluations[0] + polished, restarts, stalled);
    }

    /**
     * First-improvement hill climbing from the best plan until no neighbour is better (or time runs
     * out): the GA finds the basin, this finds its bottom. Neighbours: another tile choice or throttle
     * level for one request, two requests' ranks swapped, one request moved to another rank, the
     * preemption switch flipped. Returns the plans scored.
     */
    static long polish(PlanEvaluator evaluator, Plan[] best, Cost[] bestCost, long deadlineNanos, Consumer<Cost> onNewBest) {
        MultiTileObjective objective = evaluator.objective();
        int kCount = evaluator.family().tileChoices().length;
        int lCount = evaluator.family().throttleLevels().length;
        long scored = 0;
        boolean improved = true;
        while (improved && System.nanoTime() < deadlineNanos) {
            improved = false;
            for (Plan neighbour : neighbours(best[0], kCount, lCount)) {
                Cost c = evaluator.cost(neighbour);
                scored++;
                if (objective.compare(c, bestCost[0]) < 0) {
                    best[0] = neighbour;
                    bestCost[0] = c;
                    if (onNewBest != null) onNewBest.accept(c);
                    improved = true;
                    break;
                }
                if (System.nanoTime() >= deadlineNanos) break;
            }
        }
        return scored;
    }

    static List<Plan> neighbours(Plan p, int kCount, int lCount) {
        int n = p.size();
        List<Plan> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < kCount; k++) {
                if (k == p.tileChoice()[r]) continue;
                int[] tiles = p.tileChoice().clone();
                tiles[r] = k;
                out.add(new Plan(p.rank(), tiles, p.throttleLevel(), p.preemptive()));
            }
            for (int l = 0; l < lCount; l++) {
                if (l == p.throttleLevel()[r]) continue;
                int[] throttle = p.throttleLevel().clone();
                throttle[r] = l;
                out.add(new Plan(p.rank(), p.tileChoice(), throttle, p.preemptive()));
            }
        }
        int[] order = new int[n];
        for (int r = 0; r < n; r++) order[p.rank()[r]] = r;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                if (i < j) { // swap positions i and j
                    int[] o = order.clone();
                    o[i] = order[j];
                    o[j] = order[i];
                    out.add(new Plan(Plan.ranksOf(o), p.tileChoice(), p.throttleLevel(), p.preemptive()));
                }
                if (Math.abs(i - j) > 1) { // move the request at position i to position j (adjacent moves are swaps)
                    List<Integer> o = new ArrayList<>();
                    for (int v : order) o.add(v);
                    int moved = o.remove(i);
                    o.add(j, moved);
                    out.add(new Plan(Plan.ranksOf(o.stream().mapToInt(Integer::intValue).toArray()), p.tileChoice(), p.throttleLevel(), p.preemptive()));
                }
            }
        }
        out.add(new Plan(p.rank(), p.tileChoice(), p.throttleLevel(), !p.preemptive()));
        return out;
    }

    static SplittableRandom random(long seed, long generation) {
        return new SplittableRandom(new SplittableRandom(seed).nextLong() + generation * 0x9E3779B97F4A7C15L);
    }

    static Plan decode(Genotype<IntegerGene> g) {
        int n = g.get(0).length();
        int[] key = new int[n];
        int[] tiles = new int[n];
        int[] throttle = new int[n];
        for (int r = 0; r < n; r++) {
            key[r] = g.get(0).get(r).allele();
            tiles[r] = g.get(1).get(r).allele();
            throttle[r] = g.get(2).get(r).allele();
        }
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.<Integer>comparingInt(r -> key[r]).thenComparingInt(r -> r))
                .mapToInt(Integer::intValue).toArray();
        return new Plan(Plan.ranksOf(order), tiles, throttle, g.get(3).get(0).allele() == 1);
    }

    static Genotype<IntegerGene> encode(Plan plan, Genotype<IntegerGene> factory) {
        int n = plan.size();
        IntegerGene keyTemplate = factory.get(0).get(0);
        IntegerGene tileTemplate = factory.get(1).get(0);
        IntegerGene throttleTemplate = factory.get(2).get(0);
        IntegerGene switchTemplate = factory.get(3).get(0);
        List<IntegerGene> keys = new ArrayList<>(n), tiles = new ArrayList<>(n), throttles = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            keys.add(keyTemplate.newInstance(plan.rank()[r] * KEY_STEP + KEY_STEP / 2));
            tiles.add(tileTemplate.newInstance(plan.tileChoice()[r]));
            throttles.add(throttleTemplate.newInstance(plan.throttleLevel()[r]));
        }
        return Genotype.of(IntegerChromosome.of(keys), IntegerChromosome.of(tiles), IntegerChromosome.of(throttles),
                IntegerChromosome.of(switchTemplate.newInstance(plan.preemptive() ? 1 : 0)));
    }
}
