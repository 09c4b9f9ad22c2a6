package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy's parameter space as Jenetics sees it: one chromosome of genes in the unit interval,
 * gene {@code i} mapped onto parameter {@code i}'s bounds, linearly, or geometrically for
 * {@link Parameter.Scale#LOG} ({@code lower * (upper / lower)^u}), so a log-scale parameter is
 * searched uniformly in its logarithm. One chromosome for all parameters lets simulated binary
 * crossover mix every coordinate (Jenetics crosses one chromosome per event).
 *
 * <p>A categorical parameter of {@code k} choices is a gene of the same chromosome read as choice
 * {@code floor(u * k)}: every choice owns an equal share of the unit interval, so a random gene is a
 * uniform choice, and checkpoints keep holding unit genes (a choice comes back from its gene bit for
 * bit). Jenetics' genotype carries one gene type, so the choice is not an integer gene; instead the
 * tuner adds {@link CategoricalResampler}, which redraws a categorical gene uniformly, so no
 * choice is reached only through its neighbours in the list.
 *
 * @param bounds the searched parameters, possibly narrowed from the policy's own bounds
 */
public record SearchSpace(String policyName, List<Parameter> bounds) {
    public SearchSpace {
        bounds = List.copyOf(bounds);
        if (bounds.isEmpty()) throw BadInputException.at(policyName, "has no parameters to tune");
    }

    /**
     * The policy's space with some bounds narrowed ({@code name -> [lower, upper]}); a narrowed
     * range must lie inside the policy's own, since the policy rejects values outside it.
     */
    public static SearchSpace of(String policyName, ParameterSpace space, Map<String, double[]> narrowed) {
        Map<String, double[]> pending = new LinkedHashMap<>(narrowed);
        List<Parameter> bounds = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            double[] range = pending.remove(p.name());
            if (range == null) {
                bounds.add(p);
                continue;
            }
            double lower = range[0];
            double upper = range[1];
            String where = "bound." + p.name(); // the setting: a narrowed bound of this parameter
            if (p.isCategorical()) throw BadInputException.setting(where, "is a categorical parameter (" + p.categories() + "); it cannot be narrowed");
            if (lower > upper) throw BadInputException.setting(where, "lower " + lower + " > upper " + upper);
            if (lower < p.lower() || upper > p.upper()) {
                throw BadInputException.setting(where, "[" + lower + ", " + upper + "] is not inside " + policyName + "'s [" + p.lower() + ", " + p.upper() + "]");
            }
            double start = Math.min(upper, Math.max(lower, p.defaultValue()));
            bounds.add(new Parameter(p.name(), start, lower, upper, p.scale(), p.description()));
        }
        if (!pending.isEmpty()) {
            space.indexOf(policyName, pending.keySet().iterator().next()); // throws: names the known parameters
        }
        return new SearchSpace(policyName, bounds);
    }

    public int size() { return bounds.size(); }

    /** Random genotypes of the right shape (uniform in the unit cube, i.e. log-uniform on log parameters). */
    public Genotype<DoubleGene> genotypeFactory() {
        return Genotype.of(DoubleChromosome.of(0, 1, bounds.size()));
    }

    /** The parameter vector a genotype stands for, always inside the bounds. */
    public double[] decode(Genotype<DoubleGene> genotype) {
        return decode(((DoubleChromosome) genotype.chromosome()).toArray());
    }

    public double[] decode(double[] unit) {
        double[] values = new double[bounds.size()];
        for (int i = 0; i < values.length; i++) {
            Parameter p = bounds.get(i);
            double u = unit[i];
            if (p.isCategorical()) {
                values[i] = Math.min(p.categories().size() - 1, (int) Math.floor(u * p.categories().size()));
                continue;
            }
            double v = p.scale() == Parameter.Scale.LOG
                    ? p.lower() * Math.pow(p.upper() / p.lower(), u)
                    : p.lower() + u * (p.upper() - p.lower());
            // Rounding in pow can step just outside a bound, which the policy would reject.
            values[i] = Math.min(p.upper(), Math.max(p.lower(), v));
        }
        return values;
    }

    /** The unit genes of a parameter vector inside the bounds (the last representable gene below 1 for the upper bound). */
    public Genotype<DoubleGene> encode(double[] values) {
        List<DoubleGene> genes = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            Parameter p = bounds.get(i);
            // a choice's gene is the middle of its share of the unit interval
            double u = p.isCategorical() ? (values[i] + 0.5) / p.categories().size()
                    : p.upper() == p.lower() ? 0
                    : p.scale() == Parameter.Scale.LOG
                    ? Math.log(values[i] / p.lower()) / Math.log(p.upper() / p.lower())
                    : (values[i] - p.lower()) / (p.upper() - p.lower());
            genes.add(DoubleGene.of(Math.min(Math.nextDown(1.0), Math.max(0, u)), 0, 1));
        }
        return Genotype.of(DoubleChromosome.of(genes));
    }

    /** The starting point of each searched parameter: its default, moved inside narrowed bounds. */
    public double[] startingValues() {
        return bounds.stream().mapToDouble(Parameter::defaultValue).toArray();
    }

    /** Positions of the categorical parameters, in order (empty for a purely numeric space). */
    public int[] categoricalPositions() {
        return java.util.stream.IntStream.range(0, bounds.size()).filter(i -> bounds.get(i).isCategorical()).toArray();
    }

    /** A parameter vector as text: {@code name=value} with choices by name, for labels and logs. */
    public Map<String, Object> named(double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Parameter p = bounds.get(i);
            m.put(p.name(), p.isCategorical() ? p.format(values[i]) : (Object) values[i]);
        }
        return m;
    }

    public Genotype<DoubleGene> fromUnit(double[] unit) {
        List<DoubleGene> genes = new ArrayList<>(unit.length);
        for (double u : unit) genes.add(DoubleGene.of(u, 0, 1));
        return Genotype.of(DoubleChromosome.of(genes));
    }

    public static double[] unit(Genotype<DoubleGene> genotype) {
        return ((DoubleChromosome) genotype.chromosome()).toArray();
    }
}
