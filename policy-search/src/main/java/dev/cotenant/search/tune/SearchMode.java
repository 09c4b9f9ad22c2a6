package dev.cotenant.search.tune;

import dev.cotenant.simulator.metrics.Metric;
import io.jenetics.DoubleGene;
import io.jenetics.EliteSelector;
import io.jenetics.GaussianMutator;
import io.jenetics.Optimize;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import io.jenetics.ext.SimulatedBinaryCrossover;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.Vec;

import java.util.List;

/**
 * How an {@link Objective} becomes Jenetics fitness of type {@code C} and back: a plain
 * {@code Double} for a scalar objective, a {@link Vec} (maximised in every coordinate) for a
 * Pareto objective. Both use simulated binary crossover and Gaussian mutation on the unit genes.
 */
abstract sealed class SearchMode<C extends Comparable<? super C>> {
    /** Probability that a pair of selected parents is crossed. */
    static final double CROSSOVER_PROBABILITY = 0.9;
    /** SBX's contiguity: larger keeps children closer to their parents (Jenetics' default is 2.5). */
    static final double SBX_CONTIGUITY = 2.5;
    static final int TOURNAMENT_SIZE = 3;

    abstract Objective objective();

    abstract C fitness(double[] metricMeans);

    abstract double[] toArray(C fitness);

    abstract C fromArray(double[] values);

    /** Coordinate {@code i} of a fitness array in its metric's own units (the scalar objective for scalar mode). */
    abstract double natural(double[] fitness, int i);

    /** Names of the fitness coordinates, for history columns. */
    abstract List<String> dimensions();

    /** Selection for this mode; alterers and the rest are common. */
    abstract Engine.Builder<DoubleGene, C> select(Engine.Builder<DoubleGene, C> builder);

    /** @param categorical positions of categorical genes: they also get {@link CategoricalResampler} (none: the numeric setup, unchanged) */
    final Engine.Builder<DoubleGene, C> configure(Engine.Builder<DoubleGene, C> builder, int geneCount, int[] categorical,
                                                  int populationSize) {
        // About one gene mutated per child, but never so rarely that a one-parameter policy stops exploring.
        double mutationProbability = Math.max(0.3, 1.0 / geneCount);
        SimulatedBinaryCrossover<DoubleGene, C> crossover = new SimulatedBinaryCrossover<>(CROSSOVER_PROBABILITY, SBX_CONTIGUITY);
        GaussianMutator<DoubleGene, C> mutator = new GaussianMutator<>(mutationProbability);
        return select(builder)
                .populationSize(populationSize)
                .alterers(crossover, categorical.length == 0 ? new io.jenetics.Alterer[] {mutator}
                        // each categorical gene redrawn with about the chance a numeric gene is moved
                        : new io.jenetics.Alterer[] {mutator, new CategoricalResampler<C>(categorical, 1.0 / geneCount)})
                // Selection and alteration stay on the calling thread, so the seeded RandomRegistry
                // context is the only randomness and thread scheduling cannot reorder its draws.
                .executor(Runnable::run);
    }

    static SearchMode<?> of(Objective objective) {
        return objective instanceof Objective.Scalar s ? new Scalar(s) : new Pareto((Objective.Pareto) objective);
    }

    static final class Scalar extends SearchMode<Double> {
        final Objective.Scalar objective;

        Scalar(Objective.Scalar objective) { this.objective = objective; }

        @Override Objective.Scalar objective() { return objective; }
        @Override Double fitness(double[] metricMeans) { return objective.value(metricMeans); }
        @Override double[] toArray(Double fitness) { return new double[] {fitness}; }
        @Override Double fromArray(double[] values) { return values[0]; }
        @Override double natural(double[] fitness, int i) { return fitness[0]; }
        @Override List<String> dimensions() { return List.of("objective"); }

        @Override
        Engine.Builder<DoubleGene, Double> select(Engine.Builder<DoubleGene, Double> builder) {
            return builder.optimize(objective.higherIsBetter() ? Optimize.MAXIMUM : Optimize.MINIMUM)
                    .offspringSelector(new TournamentSelector<>(TOURNAMENT_SIZE))
                    // The best survivor always survives: the population never loses its best vector.
                    .survivorsSelector(new EliteSelector<DoubleGene, Double>(1, new TournamentSelector<>(TOURNAMENT_SIZE)));
        }
    }

    static final class Pareto extends SearchMode<Vec<double[]>> {
        final Objective.Pareto objective;

        Pareto(Objective.Pareto objective) { this.objective = objective; }

        @Override Objective.Pareto objective() { return objective; }
        @Override Vec<double[]> fitness(double[] metricMeans) { return Vec.of(objective.maximisedPoint(metricMeans)); }
        @Override double[] toArray(Vec<double[]> fitness) { return fitness.data().clone(); }
        @Override Vec<double[]> fromArray(double[] values) { return Vec.of(values.clone()); }
        @Override double natural(double[] fitness, int i) { return objective.metricValue(fitness, i); }
        @Override List<String> dimensions() { return objective.metrics().stream().map(Metric::columnName).toList(); }

        @Override
        Engine.Builder<DoubleGene, Vec<double[]>> select(Engine.Builder<DoubleGene, Vec<double[]>> builder) {
            // NSGA-II: rank by non-domination, break ties by crowding distance, on both sides.
            return builder.optimize(Optimize.MAXIMUM)
                    .offspringSelector(NSGA2Selector.ofVec())
                    .survivorsSelector(NSGA2Selector.ofVec());
        }
    }
}
