package dev.cotenant.search.tune;

import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TracePoint;

import dev.cotenant.search.tune.Checkpoint.Individual;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.metrics.Metric;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.Evaluator;
import io.jenetics.ext.moea.Pareto;
import io.jenetics.ext.moea.ParetoFront;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tunes one policy's parameter vector with Jenetics, then checks the result on held-out traces.
 *
 * <p>Fitness is the objective of the metrics averaged over a fixed training set of traces (the
 * same traces for every candidate: common random numbers, so differences between candidates are
 * differences of policy, not of luck). Each generation's new candidates are evaluated in one
 * {@link Setting.Session#evaluate} call, in parallel; everything random in Jenetics runs
 * on the calling thread from a generator seeded with {@code (seed, generation)}. So a run is a
 * pure function of its settings, whatever the thread count, and a run resumed from the checkpoint
 * of generation {@code k} continues exactly as the uninterrupted run did.
 */
public final class Tuner {
    /** Why the search stopped. */
    public enum StopReason { GENERATIONS, EVALUATIONS, WALL_TIME, NO_IMPROVEMENT }

    /** Told after every generation, once its checkpoint is on disk if one was due (the first, then at most one a second, the last). */
    @FunctionalInterface
    public interface Listener {
        void generationDone(HistoryRow row, double evaluationsPerSecond, List<String> dimensions);
    }

    /**
     * What the search found.
     *
     * @param best  scalar mode: the best individual; Pareto mode: null
     * @param front Pareto mode: the non-dominated individuals, by the first metric; scalar mode: empty
     */
    public record SearchOutcome(Individual best, List<Individual> front, List<HistoryRow> history, StopReason stopReason,
                                long evaluations, long generationsDone, double elapsedSeconds, TraceRuns traceRuns) {}

    /**
     * Kernel runs of candidates on training traces in this invocation (not summed over resumes):
     * {@code run} done, {@code full} what running every candidate on every trace would have been.
     * They differ only with racing.
     */
    public record TraceRuns(long run, long full) {}

    private final Setting setting;
    private final TuningSettings settings;
    private final SearchSpace space;
    private final SearchMode<?> mode;
    private final List<TracePoint> training;
    private final List<TracePoint> validation;

    /** What this tuner runs: parameters, traces, objective, budget. */
    public TuningSettings settings() { return settings; }

    public Tuner(Setting setting, TuningSettings settings) {
        this.setting = setting;
        this.settings = settings;
        this.space = SearchSpace.of(settings.policyName(), setting.space(settings.policyName()), settings.bounds());
        for (Metric m : settings.objective().metrics()) {
            if (!setting.metrics().contains(m)) {
                throw BadInputException.setting("objective", m.columnName() + " is not computed by the " + setting.describe()
                        + "; available: " + String.join(", ", setting.metrics().stream().map(Metric::columnName).toList()));
            }
        }
        this.mode = SearchMode.of(settings.objective());
        if (settings.traces().fromFiles()) {
            List<List<TracePoint>> split = settings.traces().split(settings.trainingTraceCount(), settings.validationTraceCount(), settings.seed());
            this.training = split.get(0);
            this.validation = split.get(1);
        } else {
            this.training = settings.traces().training(settings.trainingTraceCount(), settings.seed());
            this.validation = settings.traces().validation(settings.validationTraceCount(), settings.seed(), training);
        }
    }

    public SearchSpace space() { return space; }
    public List<TracePoint> trainingTraces() { return training; }
    public List<TracePoint> validationTraces() { return validation; }

    /**
     * Searches (from scratch, or from {@code out}'s checkpoint when {@code resume}), validates, and
     * writes the result files into {@code out}. A folder that already holds a checkpoint is only
     * touched by a resume of the same run; all input checks happen before anything is written.
     */
    public TuningResult run(Path out, boolean resume, Listener listener) throws IOException {
        Map<String, Object> fingerprint = settings.trajectoryFingerprint(space, setting);
        Checkpoint from = null;
        if (resume) {
            from = Checkpoint.read(out, fingerprint, space.size(), mode.dimensions().size());
        } else if (Checkpoint.exists(out)) {
            throw BadInputException.at(out.resolve(Checkpoint.FILE_NAME).toString(),
                    "a checkpoint of an earlier run is here; resume that run, or write to another folder");
        }
        Files.createDirectories(out);
        SearchOutcome search = search(mode, out, from, fingerprint, listener == null ? (r, e, d) -> {} : listener);
        ValidationReport report = ValidationReport.evaluate(setting, settings, space, training, validation, search);
        TuningResult result = new TuningResult(settings, setting.describe(), space, training, validation, search, report);
        TuningOutputs.write(out, result);
        return result;
    }

    private <C extends Comparable<? super C>> SearchOutcome search(SearchMode<C> mode, Path out, Checkpoint from,
                                                                 Map<String, Object> fingerprint, Listener listener)
            throws IOException {
        Objective objective = mode.objective();
        Comparator<Individual> dominance = (a, b) -> Pareto.dominance(a.fitness(), b.fitness());
        ParetoFront<Individual> front = new ParetoFront<>(dominance, (a, b) -> Arrays.equals(a.fitness(), b.fitness()));
        List<HistoryRow> history = new ArrayList<>();
        long nextGeneration = 1;
        long evaluationsBefore = 0;
        double elapsedBefore = 0;
        int stalled = 0;
        Individual best = null;
        ISeq<Phenotype<DoubleGene, C>> population;
        if (from != null) {
            population = from.population().stream()
                    .map(i -> Phenotype.of(space.fromUnit(i.genes()), i.birthGeneration(), mode.fromArray(i.fitness())))
                    .collect(ISeq.toISeq());
            front.addAll(from.front());
            history.addAll(from.history());
            nextGeneration = from.nextGeneration();
            evaluationsBefore = from.evaluations();
            elapsedBefore = from.elapsedSeconds();
            stalled = from.generationsWithoutImprovement();
            best = from.best();
        } else {
            population = initialPopulation();
        }
        long[] evaluations = {evaluationsBefore};
        long[] traceRuns = {0, 0};
        Individual[] incumbent = {best};
        List<Individual> fresh = new ArrayList<>();
        StopReason stop = stopReason(nextGeneration - 1, evaluationsBefore, elapsedBefore, stalled);
        try (Setting.Session session = stop != null ? null : setting.open(training, settings.threads())) {
            Evaluator<DoubleGene, C> evaluator = phenotypes -> {
                List<double[]> vectors = new ArrayList<>();
                for (Phenotype<DoubleGene, C> p : phenotypes) if (p.nonEvaluated()) vectors.add(space.decode(p.genotype()));
                Racing racing = racing(incumbent[0]);
                Setting.Metrics raced = vectors.isEmpty() ? null : session.evaluate(vectors(settings.policyName(), vectors), racing);
                List<Phenotype<DoubleGene, C>> evaluated = new ArrayList<>(phenotypes.size());
                int c = 0;
                for (Phenotype<DoubleGene, C> p : phenotypes) {
                    if (p.isEvaluated()) {
                        evaluated.add(p);
                        continue;
                    }
                    int traces = session.traceCount();
                    int ran = raced.tracesRun(c);
                    traceRuns[0] += ran;
                    traceRuns[1] += traces;
                    C fitness = ran == traces ? mode.fitness(meanMetrics(raced::get, c, traces))
                            : mode.fromArray(new double[] {racedOutFitness(raced, c, ran, traces)});
                    c++;
                    fresh.add(new Individual(SearchSpace.unit(p.genotype()), p.generation(), mode.toArray(fitness)));
                    evaluated.add(p.withFitness(fitness));
                }
                evaluations[0] += vectors.size();
                return ISeq.of(evaluated);
            };
            Engine<DoubleGene, C> engine = mode.configure(new Engine.Builder<>(evaluator, space.genotypeFactory()),
                    space.size(), space.categoricalPositions(), settings.populationSize()).build();
            long startNanos = System.nanoTime();
            long lastCheckpointNanos = 0;
            boolean checkpointed = false;
            while (stop == null) {
                long generation = nextGeneration;
                long evaluationsAtStart = evaluations[0];
                EvolutionStart<DoubleGene, C> start = EvolutionStart.of(population, generation);
                fresh.clear();
                Individual parent = best;
                ISeq<Phenotype<DoubleGene, C>> current = population;
                population = RandomRegistry.with(generationRandom(settings.seed(), generation),
                        r -> switch (settings.search()) {
                            case GA -> engine.evolve(start).population();
                            case RANDOM, ES -> evaluator.eval(proposals(current, parent, generation, r));
                        });
                boolean improved = false;
                for (Individual i : fresh) {
                    if (objective instanceof Objective.Scalar s) {
                        if (best == null || s.better(i.fitness()[0], best.fitness()[0])) {
                            best = i;
                            improved = true;
                        }
                    } else {
                        improved |= front.add(i);
                    }
                }
                stalled = improved ? 0 : stalled + 1;
                incumbent[0] = best;
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                startNanos = System.nanoTime(); // this generation's writing counts towards the next one's time: --max-seconds bounds both
                double elapsed = elapsedBefore + seconds;
                elapsedBefore = elapsed;
                nextGeneration = generation + 1;
                HistoryRow row = historyRow(mode, generation, evaluations[0], elapsed, best, front, population);
                history.add(row);
                stop = stopReason(generation, evaluations[0], elapsed, stalled);
                // The checkpoint grows with the history and is forced to disk: written every generation, it cost more than
                // short generations themselves. The first, then at most one a second, and the last: a resume repeats at
                // most a second of generations and, the search being a function of its seed, ends where this run would.
                long now = System.nanoTime();
                if (!checkpointed || stop != null || now - lastCheckpointNanos >= CHECKPOINT_INTERVAL_NANOS) {
                    new Checkpoint(Checkpoint.FORMAT, fingerprint, nextGeneration, evaluations[0], elapsed, stalled,
                            population.stream().map(p -> individual(mode, p)).toList(), best,
                            List.copyOf(front), List.copyOf(history)).write(out);
                    TuningOutputs.writeHistory(out, history, mode.dimensions());
                    lastCheckpointNanos = System.nanoTime();
                    checkpointed = true;
                }
                listener.generationDone(row, (evaluations[0] - evaluationsAtStart) / Math.max(seconds, 1e-9), mode.dimensions());
            }
        }
        List<Individual> sortedFront = front.stream()
                .sorted(Comparator.<Individual>comparingDouble(i -> -i.fitness()[0]).thenComparing(i -> i.genes(), Arrays::compare))
                .toList();
        return new SearchOutcome(best, sortedFront, List.copyOf(history), stop, evaluations[0], nextGeneration - 1, elapsedBefore,
                new TraceRuns(traceRuns[0], traceRuns[1]));
    }

    /**
     * The candidates of one generation of random search or the evolution strategy: the initial
     * population while it is unevaluated (generation 1, as for the genetic algorithm), then
     * {@code population} fresh vectors: uniform random ones, or children of {@code parent}.
     */
    private <C extends Comparable<? super C>> ISeq<Phenotype<DoubleGene, C>> proposals(
            ISeq<Phenotype<DoubleGene, C>> population, Individual parent, long generation, java.util.random.RandomGenerator random) {
        if (population.stream().anyMatch(Phenotype::nonEvaluated)) return population;
        List<Phenotype<DoubleGene, C>> list = new ArrayList<>(settings.populationSize());
        int[] categorical = space.categoricalPositions();
        for (int k = 0; k < settings.populationSize(); k++) {
            double[] genes = new double[space.size()];
            if (settings.search() == SearchAlgorithm.RANDOM) {
                for (int i = 0; i < genes.length; i++) genes[i] = random.nextDouble();
            } else {
                double[] from = parent.genes();
                for (int i = 0; i < genes.length; i++) {
                    double g = from[i] + SearchAlgorithm.ES_STEP * random.nextGaussian();
                    genes[i] = Math.min(Math.nextDown(1.0), Math.max(0, g));
                }
                for (int i : categorical) genes[i] = random.nextDouble() < 1.0 / genes.length ? random.nextDouble() : from[i];
            }
            list.add(Phenotype.of(space.fromUnit(genes), generation));
        }
        return ISeq.of(list);
    }

    /** At most one checkpoint a second (see the search loop). */
    private static final long CHECKPOINT_INTERVAL_NANOS = 1_000_000_000L;

    /** Racing against {@code incumbent} (none before the first generation is scored, or when off). */
    private Racing racing(Individual incumbent) {
        if (settings.racingMargin() == null || incumbent == null) return null;
        Objective.Term term = settings.racedTerm();
        return new Racing(term.metric(), incumbent.fitness()[0] / term.weight(), settings.racingMargin());
    }

    /**
     * A raced-out candidate's fitness: the best objective it could still have reached, its sum so
     * far plus the metric's best possible value on every trace it skipped. It is worse than the
     * incumbent by more than the margin, so it cannot become the best; selection sees it as no
     * worse than it is.
     */
    private double racedOutFitness(Setting.Metrics metrics, int candidate, int ran, int traces) {
        Objective.Term term = settings.racedTerm();
        double sum = 0;
        for (int t = 0; t < ran; t++) sum += metrics.get(candidate, t, term.metric());
        return term.weight() * (sum + (traces - ran) * term.metric().bestPossible()) / traces;
    }

    /** The published vector (moved inside narrowed bounds) plus random vectors: the search starts from what it must beat. */
    private <C extends Comparable<? super C>> ISeq<Phenotype<DoubleGene, C>> initialPopulation() {
        return RandomRegistry.with(generationRandom(settings.seed(), 0), r -> {
            List<Phenotype<DoubleGene, C>> list = new ArrayList<>();
            list.add(Phenotype.of(space.encode(space.startingValues()), 1));
            Genotype<DoubleGene> factory = space.genotypeFactory();
            while (list.size() < settings.populationSize()) list.add(Phenotype.of(factory.newInstance(), 1));
            return ISeq.of(list);
        });
    }

    private StopReason stopReason(long generationsDone, long evaluations, double elapsedSeconds, int stalled) {
        if (generationsDone >= settings.generations()) return StopReason.GENERATIONS;
        if (settings.maxEvaluations() > 0 && evaluations >= settings.maxEvaluations()) return StopReason.EVALUATIONS;
        if (settings.maxWallSeconds() > 0 && elapsedSeconds >= settings.maxWallSeconds()) return StopReason.WALL_TIME;
        if (settings.patienceGenerations() > 0 && stalled >= settings.patienceGenerations()) return StopReason.NO_IMPROVEMENT;
        return null;
    }

    /**
     * The generator for one generation: a function of (seed, generation) only, so the generation
     * after a resume draws exactly what it drew in the uninterrupted run.
     */
    static SplittableRandom generationRandom(long seed, long generation) {
        return new SplittableRandom(new SplittableRandom(seed).nextLong() + generation * 0x9E3779B97F4A7C15L);
    }

    /** The vectors of one policy as the setting's contenders. */
    static List<Setting.PolicyVector> vectors(String policy, List<double[]> vectors) {
        return vectors.stream().map(v -> new Setting.PolicyVector(policy, v)).toList();
    }

    /** Metric cells of a batch, or of stored rows (the validation report averages those the same way). */
    @FunctionalInterface
    interface Cells {
        double get(int candidate, int trace, Metric metric);
    }

    static double[] meanMetrics(Cells metrics, int candidate, int traceCount) {
        double[] means = new double[Metric.values().length];
        for (Metric m : Metric.values()) {
            double sum = 0;
            for (int t = 0; t < traceCount; t++) sum += metrics.get(candidate, t, m);
            means[m.ordinal()] = sum / traceCount;
        }
        return means;
    }

    private static <C extends Comparable<? super C>> Individual individual(SearchMode<C> mode, Phenotype<DoubleGene, C> p) {
        return new Individual(SearchSpace.unit(p.genotype()), p.generation(), mode.toArray(p.fitness()));
    }

    private static <C extends Comparable<? super C>> HistoryRow historyRow(SearchMode<C> mode, long generation, long evaluations,
                                                                         double elapsed, Individual best, ParetoFront<Individual> front,
                                                                         ISeq<Phenotype<DoubleGene, C>> population) {
        int d = mode.dimensions().size();
        double[] bestValues = new double[d];
        double[] meanValues = new double[d];
        for (int i = 0; i < d; i++) {
            final int dim = i;
            meanValues[i] = population.stream().mapToDouble(p -> mode.natural(mode.toArray(p.fitness()), dim)).average().orElseThrow();
            if (best != null) {
                bestValues[i] = best.fitness()[0];
            } else {
                // Pareto coordinates are maximised, so the best archived value of each is its largest.
                double largest = front.stream().mapToDouble(f -> f.fitness()[dim]).max().orElse(Double.NaN);
                bestValues[i] = mode.natural(withValue(d, dim, largest), dim);
            }
        }
        return new HistoryRow(generation, evaluations, elapsed, bestValues, meanValues, best != null ? 1 : front.size());
    }

    private static double[] withValue(int length, int index, double value) {
        double[] a = new double[length];
        a[index] = value;
        return a;
    }
}
