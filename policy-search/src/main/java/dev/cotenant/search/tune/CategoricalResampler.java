package dev.cotenant.search.tune;

import io.jenetics.AbstractAlterer;
import io.jenetics.AltererResult;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.util.MSeq;
import io.jenetics.util.RandomRegistry;

import java.util.random.RandomGenerator;

/**
 * The mutation of categorical genes ({@link SearchSpace}): with probability {@code p} per
 * individual and categorical gene, the gene is redrawn uniformly in [0, 1), i.e. a uniformly random
 * choice. Numeric genes are left to the Gaussian mutator. Draws come from the {@link RandomRegistry}
 * (the tuner's seeded per-generation generator), so a run stays a function of its seed.
 */
final class CategoricalResampler<C extends Comparable<? super C>> extends AbstractAlterer<DoubleGene, C> {
    private final int[] positions;

    CategoricalResampler(int[] positions, double probability) {
        super(probability);
        this.positions = positions.clone();
    }

    @Override
    public AltererResult<DoubleGene, C> alter(io.jenetics.util.Seq<Phenotype<DoubleGene, C>> population, long generation) {
        RandomGenerator random = RandomRegistry.random();
        MSeq<Phenotype<DoubleGene, C>> result = MSeq.of(population);
        int altered = 0;
        for (int i = 0; i < result.size(); i++) {
            Phenotype<DoubleGene, C> individual = result.get(i);
            DoubleChromosome chromosome = (DoubleChromosome) individual.genotype().chromosome();
            double[] genes = chromosome.toArray();
            boolean changed = false;
            for (int position : positions) {
                if (random.nextDouble() < _probability) {
                    genes[position] = random.nextDouble();
                    changed = true;
                }
            }
            if (changed) {
                java.util.List<DoubleGene> list = new java.util.ArrayList<>(genes.length);
                for (double g : genes) list.add(DoubleGene.of(g, 0, 1));
                result.set(i, Phenotype.of(Genotype.of(DoubleChromosome.of(list)), generation));
                altered++;
            }
        }
        return new AltererResult<>(result.toISeq(), altered);
    }
}
